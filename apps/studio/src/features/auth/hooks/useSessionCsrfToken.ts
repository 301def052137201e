import { useSyncExternalStore } from 'react';
import { readSessionCsrfToken, subscribeToSession } from '../../../lib/studio-session';

/** The session's CSRF token (null when signed out), re-rendering when it changes (also from another tab). */
export function useSessionCsrfToken(): string | null {
  return useSyncExternalStore(subscribeToSession, readSessionCsrfToken, () => null);
}
