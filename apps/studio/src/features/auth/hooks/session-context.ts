import { createContext } from 'react';
import type { SessionEndedReason } from '../../../lib/studio-session';
import type { SessionUser, StartedSession } from '../graphql/session.graphql';

export type SessionState =
  // `endedReason`: why the API ended the session (signed out everywhere, disabled, expired); null
  // when the person signed out themselves or never signed in.
  | { status: 'signed-out'; endedReason: SessionEndedReason | null }
  // A session cookie is there and `me` is being fetched.
  | { status: 'restoring' }
  | { status: 'signed-in'; user: SessionUser }
  // A session cookie is there but `me` failed for a reason other than an expired session.
  // `error` is what the request threw; the shell describes it in the active language.
  | { status: 'error'; error: unknown };

export interface SessionContextValue {
  session: SessionState;
  /** Resolves once signed in; rejects with GraphQLRequestError (e.g. wrong password, RATE_LIMITED). */
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
  /**
   * Carries on with the new session the API started for this browser (signOutEverywhere,
   * changeMyPassword), without restoring the session again.
   */
  adoptNewSession: (started: StartedSession) => void;
  retry: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
