// The admins' system page: the last hour of the whole system (every API process), in five-minute buckets.
// Result types are generated from the API schema (src/gql, graphql-codegen).
import type { AdminSystemStatusQuery } from '../../../gql/graphql';

export type SystemStatus = AdminSystemStatusQuery['systemStatus'];
export type SystemBucket = SystemStatus['buckets'][number];

export const SYSTEM_STATUS_QUERY = /* GraphQL */ `
  query AdminSystemStatus {
    systemStatus {
      at
      from
      bucketMinutes
      buckets {
        start
        end
        queueDepth
        started
        waitMedianSeconds
        waitP90Seconds
        finished
        failed
        requests
        clientErrors
        serverErrors
        graphqlErrors
      }
      queue {
        queued
        running
      }
      workers {
        online
        offline
        byBackend {
          backend
          online
        }
      }
      requests {
        requests
        clientErrors
        serverErrors
        graphqlErrors
        graphqlErrorCodes {
          code
          answers
        }
        processes
      }
    }
  }
`;
