import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LoginDocument, MeDocument, SignOutDocument } from '../../../gql/graphql';
import { useStudioQueryClient } from '../../../lib/query-client';
import { gqlRequest, isGraphQLRequestError } from '../../../lib/graphql-client';
import { endSession, readSessionEndedReason, storeSession } from '../../../lib/studio-session';
import type { SessionUser, StartedSession } from '../graphql/session.graphql';
import { SessionContext, type SessionContextValue, type SessionState } from '../hooks/session-context';
import { useSessionCsrfToken } from '../hooks/useSessionCsrfToken';

// Results are keyed by the session they belong to (its CSRF token, which every sign-in changes), so a
// session change (sign-out, other tab) never shows a previous user's data.
type UserLookup = { token: string; user: SessionUser } | { token: string; error: unknown };

export function SessionProvider({ children }: { children: ReactNode }) {
  const token = useSessionCsrfToken();
  const [lookup, setLookup] = useState<UserLookup | null>(null);
  const [attempt, setAttempt] = useState(0);
  const hasLookupForToken = lookup !== null && lookup.token === token;
  const client = useStudioQueryClient();

  // Signed out (here, in another tab, or by the API): nothing the previous person loaded stays in the
  // query cache for whoever signs in next on this tab. Only on the change: pages that work signed
  // out (a set-password link) keep their own queries.
  const previousToken = useRef(token);
  useEffect(() => {
    if (previousToken.current && !token) client.clear();
    previousToken.current = token;
  }, [token, client]);

  useEffect(() => {
    if (!token || hasLookupForToken) return;
    const controller = new AbortController();
    gqlRequest(MeDocument, undefined, { signal: controller.signal }).then(
      (data) => setLookup({ token, user: data.me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // UNAUTHENTICATED already ended the session, which shows the login page.
        if (isGraphQLRequestError(error, 'UNAUTHENTICATED')) return;
        setLookup({ token, error });
      },
    );
    return () => controller.abort();
  }, [token, hasLookupForToken, attempt]);

  // The lookup is keyed by the new session before it is stored, so the screen stays as it is.
  const adoptNewSession = useCallback((started: StartedSession) => {
    if (!started.csrfToken) throw new Error('The server started no studio session (no CSRF token in its answer).');
    setLookup({ token: started.csrfToken, user: started.user });
    storeSession(started.csrfToken, started.expiresAt);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const data = await gqlRequest(LoginDocument, { email, password });
      client.clear();
      adoptNewSession(data.login);
    },
    [adoptNewSession, client],
  );

  // Signed out here at once; the API is asked to clear the httpOnly cookie, which the page cannot.
  const signOut = useCallback(() => {
    void gqlRequest(SignOutDocument).catch(() => undefined);
    setLookup(null);
    endSession();
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
    () => ({ session, signIn, signOut, adoptNewSession, retry }),
    [session, signIn, signOut, adoptNewSession, retry],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
