export type Role = 'DESIGNER' | 'REVIEWER' | 'ADMIN';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
}

const USER_FIELDS = /* GraphQL */ `
  fragment SessionUserFields on User {
    id
    email
    displayName
    roles
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
  ${USER_FIELDS}
`;

export interface LoginData {
  login: { token: string; user: SessionUser };
}

export interface LoginVariables {
  email: string;
  password: string;
}

export const ME_QUERY = /* GraphQL */ `
  query Me {
    me {
      ...SessionUserFields
    }
  }
  ${USER_FIELDS}
`;

export interface MeData {
  me: SessionUser;
}
