import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gqlRequest, isGraphQLRequestError } from '../../../lib/graphql-client';
import { clearSessionToken, readSessionEndedReason, storeSessionToken } from '../../../lib/session-token';
import {
  LOGIN_MUTATION,
  ME_QUERY,
  type LoginData,
  type LoginVariables,
  type MeData,
  type SessionUser,
} from '../graphql/session.graphql';
import { SessionContext, type SessionContextValue, type SessionState } from '../hooks/session-context';
import { useSessionToken } from '../hooks/useSessionToken';

// Results are keyed by the token they belong to, so a token change (sign-out, other tab) never
// shows a previous user's data.
type UserLookup = { token: string; user: SessionUser } | { token: string; error: unknown };

export function SessionProvider({ children }: { children: ReactNode }) {
  const token = useSessionToken();
  const [lookup, setLookup] = useState<UserLookup | null>(null);
  const [attempt, setAttempt] = useState(0);
  const hasLookupForToken = lookup !== null && lookup.token === token;

  useEffect(() => {
    if (!token || hasLookupForToken) return;
    const controller = new AbortController();
    gqlRequest<MeData>(ME_QUERY, undefined, { signal: controller.signal }).then(
      (data) => setLookup({ token, user: data.me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // UNAUTHENTICATED already cleared the token, which shows the login page.
        if (isGraphQLRequestError(error, 'UNAUTHENTICATED')) return;
        setLookup({ token, error });
      },
    );
    return () => controller.abort();
  }, [token, hasLookupForToken, attempt]);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = await gqlRequest<LoginData, LoginVariables>(LOGIN_MUTATION, { email, password });
    setLookup({ token: data.login.token, user: data.login.user });
    storeSessionToken(data.login.token);
  }, []);

  // The lookup is keyed by the new token before it is stored, so the screen stays as it is.
  const adoptNewToken = useCallback((newToken: string, user: SessionUser) => {
    setLookup({ token: newToken, user });
    storeSessionToken(newToken);
  }, []);

  const signOut = useCallback(() => {
    setLookup(null);
    clearSessionToken();
  }, []);

  const retry = useCallback(() => {
    setLookup(null);
    setAttempt((n) => n + 1);
  }, []);

  const session: SessionState = useMemo(() => {
    if (!token) return { status: 'signed-out', endedReason: readSessionEndedReason() };
    if (!lookup || lookup.token !== token) return { status: 'restoring' };
    return 'user' in lookup ? { status: 'signed-in', user: lookup.user } : { status: 'error', error: lookup.error };
  }, [token, lookup]);

  const value = useMemo<SessionContextValue>(
    () => ({ session, signIn, signOut, adoptNewToken, retry }),
    [session, signIn, signOut, adoptNewToken, retry],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
