import { useContext } from 'react';
import { SessionContext, type SessionContextValue } from './session-context';

/** The current session and the actions on it; must be used under <SessionProvider>. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
