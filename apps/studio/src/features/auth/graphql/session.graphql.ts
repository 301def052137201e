// Result and variable types are generated from the API schema (src/gql, graphql-codegen).
import type { LoginMutation, LoginMutationVariables, MeQuery, Role as GeneratedRole, SessionUserFieldsFragment } from '../../../gql/graphql';

export type Role = GeneratedRole;

export type SessionUser = SessionUserFieldsFragment;

/** The signed-in person as the studio keeps them; also in the answers that issue a new token. */
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
      token
      user {
        ...SessionUserFields
      }
    }
  }
  ${SESSION_USER_FIELDS}
`;

export type LoginData = LoginMutation;

export type LoginVariables = LoginMutationVariables;

export const ME_QUERY = /* GraphQL */ `
  query Me {
    me {
      ...SessionUserFields
    }
  }
  ${SESSION_USER_FIELDS}
`;

export type MeData = MeQuery;

export const SET_MY_LOCALE_MUTATION = /* GraphQL */ `
  mutation SetMyLocale($locale: String!) {
    setMyLocale(locale: $locale) {
      id
      locale
    }
  }
`;
