// The signed-in person's own account: password and sessions. Both start a new session for this
// browser (every other session has ended): new cookies, and its CSRF token in the answer.
// graphql-codegen's input for the typed documents the studio sends (src/gql/graphql.ts).
import { SESSION_USER_FIELDS } from '../../auth/graphql/session.graphql';

export const CHANGE_MY_PASSWORD_MUTATION = /* GraphQL */ `
  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {
    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      csrfToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
  ${SESSION_USER_FIELDS}
`;

export const SIGN_OUT_EVERYWHERE_MUTATION = /* GraphQL */ `
  mutation SignOutEverywhere {
    signOutEverywhere {
      csrfToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
  ${SESSION_USER_FIELDS}
`;
