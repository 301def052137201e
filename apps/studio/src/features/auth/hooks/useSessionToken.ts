import { useSyncExternalStore } from 'react';
import { readSessionToken, subscribeToSessionToken } from '../../../lib/session-token';

/** The stored session token, re-rendering when it is set or cleared (also from another tab). */
export function useSessionToken(): string | null {
  return useSyncExternalStore(subscribeToSessionToken, readSessionToken, () => null);
}
