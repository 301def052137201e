// Admin operations (ADMIN only): graphql-codegen's input for the typed documents the studio sends (src/gql/graphql.ts).
import type { AdminApiKeysQuery, AdminLorasQuery, AdminQueueQuery, AdminUsersQuery, AdminWorkersQuery, AdminWorkerTokensQuery } from '../../../gql/graphql';

export type AdminUser = AdminUsersQuery['users']['edges'][number]['node'];
export type ApiKey = AdminApiKeysQuery['apiKeys'][number];
export type WorkerToken = AdminWorkerTokensQuery['workerTokens'][number];
export type Worker = AdminWorkersQuery['workers'][number];
export type QueueStats = AdminQueueQuery['queueStats'];
export type UnrunnableQueue = QueueStats['unrunnable'][number];
/** What keeps a worker (or, in the queue, every worker) from jobs: on a worker row or in the queue view. */
export type LeaseBlock = Worker['leaseBlocks'][number] | UnrunnableQueue['blocks'][number];
export type Lora = AdminLorasQuery['loras'][number];

export const USERS_QUERY = /* GraphQL */ `
  query AdminUsers($first: Int, $after: String, $filter: UserFilterInput) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          email
          displayName
          roles
          createdAt
          disabled
          status
        }
      }
    }
  }
`;

export const SET_USER_DISABLED_MUTATION = /* GraphQL */ `
  mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {
    setUserDisabled(userId: $userId, disabled: $disabled) {
      id
      email
      displayName
      roles
      createdAt
      disabled
      status
    }
  }
`;

const PERSON_FIELDS = /* GraphQL */ `
  fragment PersonFields on User {
    id
    email
    displayName
    roles
    createdAt
    disabled
    status
  }
`;

export const INVITE_USER_MUTATION = /* GraphQL */ `
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        ...PersonFields
      }
      setPasswordToken
      temporaryPassword
      expiresAt
    }
  }
  ${PERSON_FIELDS}
`;

export const RESET_USER_PASSWORD_MUTATION = /* GraphQL */ `
  mutation ResetUserPassword($userId: ID!) {
    resetUserPassword(userId: $userId) {
      user {
        ...PersonFields
      }
      setPasswordToken
      expiresAt
    }
  }
  ${PERSON_FIELDS}
`;

export const SET_USER_ROLES_MUTATION = /* GraphQL */ `
  mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {
    setUserRoles(userId: $userId, roles: $roles) {
      ...PersonFields
    }
  }
  ${PERSON_FIELDS}
`;

export const API_KEYS_QUERY = /* GraphQL */ `
  query AdminApiKeys {
    apiKeys {
      id
      name
      prefix
      scopes
      consumerAppId
      createdAt
      lastUsedAt
      revokedAt
      rateLimitPerMinute
      effectiveRateLimitPerMinute
    }
  }
`;

export const CREATE_API_KEY_MUTATION = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      webhookSecret
      apiKey {
        id
        name
        prefix
        scopes
        consumerAppId
        createdAt
        lastUsedAt
        revokedAt
        rateLimitPerMinute
        effectiveRateLimitPerMinute
      }
    }
  }
`;

export const SET_API_KEY_RATE_LIMIT_MUTATION = /* GraphQL */ `
  mutation SetApiKeyRateLimit($id: ID!, $perMinute: Int) {
    setApiKeyRateLimit(id: $id, perMinute: $perMinute) {
      id
      rateLimitPerMinute
      effectiveRateLimitPerMinute
    }
  }
`;

export const REVOKE_API_KEY_MUTATION = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`;

export const WORKER_TOKENS_QUERY = /* GraphQL */ `
  query AdminWorkerTokens {
    workerTokens {
      id
      name
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`;

export const ISSUE_WORKER_TOKEN_MUTATION = /* GraphQL */ `
  mutation IssueWorkerToken($name: String!) {
    issueWorkerToken(name: $name) {
      token
      workerToken {
        id
        name
        prefix
        createdAt
        lastUsedAt
        revokedAt
      }
    }
  }
`;

export const REVOKE_WORKER_TOKEN_MUTATION = /* GraphQL */ `
  mutation RevokeWorkerToken($id: ID!) {
    revokeWorkerToken(id: $id) {
      id
      revokedAt
    }
  }
`;

// Two queries, refreshed together: in one they would pass the API's complexity limit.
export const QUEUE_QUERY = /* GraphQL */ `
  query AdminQueue {
    queueStats {
      recentSecondsPerJob
      depth {
        priority
        queued
        leased
      }
      unrunnable {
        backend
        baseModel
        queued
        blocks {
          code
          workerName
          baseModel
          folder
          file
          nodeClass
          needVramMb
          vramMb
          nodeClasses
        }
      }
    }
  }
`;

export const WORKERS_QUERY = /* GraphQL */ `
  query AdminWorkers {
    workers {
      id
      name
      status
      backend
      baseModels
      loadedCheckpoint
      loadedLoraKey
      cachedLoraCount
      boxProblem
      vramMb
      lastHeartbeatAt
      jobsDone
      gpuSeconds
      capabilities {
        gpus {
          name
          vramMb
        }
        modelFolders {
          folder
          files
        }
        nodeClassCount
        customNodes
        loraFileCount
      }
      leaseBlocks {
        code
        baseModel
        folder
        file
        nodeClass
        needVramMb
        vramMb
        nodeClasses
        queuedJobs
        boxProblem
      }
    }
  }
`;

export const CANCEL_PREVIEW_JOB_MUTATION = /* GraphQL */ `
  mutation CancelPreviewJob($id: ID!) {
    cancelPreviewJob(id: $id) {
      id
      state
    }
  }
`;

export const RETRY_PREVIEW_JOB_MUTATION = /* GraphQL */ `
  mutation RetryPreviewJob($id: ID!) {
    retryPreviewJob(id: $id) {
      id
      state
    }
  }
`;

export const LORAS_QUERY = /* GraphQL */ `
  query AdminLoras {
    loras {
      id
      name
      description
      usedBy {
        templateId
        title
        inDraft
        inPublished
      }
      baseModel
      minWeight
      defaultWeight
      maxWeight
      triggerWords
      status
      createdAt
      thumbnailUrl
    }
  }
`;

export const UPDATE_LORA_MUTATION = /* GraphQL */ `
  mutation UpdateLora($id: ID!, $input: UpdateLoraInput!) {
    updateLora(id: $id, input: $input) {
      id
      name
      description
      minWeight
      defaultWeight
      maxWeight
      triggerWords
    }
  }
`;

export const SET_LORA_STATUS_MUTATION = /* GraphQL */ `
  mutation SetLoraStatus($id: ID!, $status: LoraStatus!) {
    setLoraStatus(id: $id, status: $status) {
      id
      status
    }
  }
`;

export const REGISTER_LORA_MUTATION = /* GraphQL */ `
  mutation RegisterLora($input: RegisterLoraInput!) {
    registerLora(input: $input) {
      id
      name
      description
      usedBy {
        templateId
        title
        inDraft
        inPublished
      }
      baseModel
      minWeight
      defaultWeight
      maxWeight
      triggerWords
      status
      createdAt
      thumbnailUrl
    }
  }
`;
