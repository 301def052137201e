import { createContext } from 'react';
import type { SessionUser } from '../graphql/session.graphql';

export type SessionState =
  | { status: 'signed-out' }
  // A token is stored and `me` is being fetched.
  | { status: 'restoring' }
  | { status: 'signed-in'; user: SessionUser }
  // A token is stored but `me` failed for a reason other than an expired session.
  // `error` is what the request threw; the shell describes it in the active language.
  | { status: 'error'; error: unknown };

export interface SessionContextValue {
  session: SessionState;
  /** Resolves once signed in; rejects with GraphQLRequestError (e.g. wrong password, RATE_LIMITED). */
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
  retry: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
