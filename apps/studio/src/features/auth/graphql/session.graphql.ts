// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { Role as GeneratedRole, SessionUserFieldsFragment } from '../../../gql/graphql';

export type Role = GeneratedRole;

export type SessionUser = SessionUserFieldsFragment;

/** The signed-in person as the studio keeps them; also in the answers that start a new session. */
export const SESSION_USER_FIELDS = /* GraphQL */ `
  fragment SessionUserFields on User {
    id
    email
    displayName
    roles
    locale
  }
`;

export const LOGIN_MUTATION = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      csrfToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
  ${SESSION_USER_FIELDS}
`;

/** What the answers that start a session (login, signOutEverywhere, changeMyPassword) tell the studio. */
export interface StartedSession {
  csrfToken?: string | null;
  expiresAt: string;
  user: SessionUser;
}

/** Asks the API to forget this browser's session cookie (page scripts cannot touch an httpOnly cookie). */
export const SIGN_OUT_MUTATION = /* GraphQL */ `
  mutation SignOut {
    signOut
  }
`;

export const ME_QUERY = /* GraphQL */ `
  query Me {
    me {
      ...SessionUserFields
    }
  }
  ${SESSION_USER_FIELDS}
`;

export const SET_MY_LOCALE_MUTATION = /* GraphQL */ `
  mutation SetMyLocale($locale: String!) {
    setMyLocale(locale: $locale) {
      id
      locale
    }
  }
`;
