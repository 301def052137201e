// The page a one-time set-password link opens (invitation or reset). Types are generated (src/gql).
import { SESSION_USER_FIELDS } from './session.graphql';

export const PASSWORD_LINK_QUERY = /* GraphQL */ `
  query PasswordLink($token: String!) {
    passwordLink(token: $token) {
      purpose
      displayName
      email
      expiresAt
    }
  }
`;

export const SET_PASSWORD_WITH_LINK_MUTATION = /* GraphQL */ `
  mutation SetPasswordWithLink($token: String!, $newPassword: String!) {
    setPasswordWithLink(token: $token, newPassword: $newPassword) {
      csrfToken
      expiresAt
      user {
        ...SessionUserFields
      }
    }
  }
  ${SESSION_USER_FIELDS}
`;
