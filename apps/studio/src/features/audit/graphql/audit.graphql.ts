// The audit log as admins read it: a filtered page, the actions for the filter menu, the CSV file.
// Result and variable types are generated from the API schema (src/gql, graphql-codegen).
export type { AuditActorKind, AuditEntryFieldsFragment as AuditEntry, AuditLogFilter, AuditLogQuery } from '../../../gql/graphql';

export const AUDIT_ENTRY_FIELDS = /* GraphQL */ `
  fragment AuditEntryFields on AuditEntry {
    id
    action
    entityType
    entityId
    entityLabel
    before
    after
    createdAt
    actor {
      kind
      id
      label
    }
  }
`;

export const AUDIT_LOG_QUERY = /* GraphQL */ `
  query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AuditEntryFields
        }
      }
    }
  }
  ${AUDIT_ENTRY_FIELDS}
`;

export const AUDIT_ACTIONS_QUERY = /* GraphQL */ `
  query AuditActions {
    auditActions
  }
`;

export const AUDIT_LOG_CSV_QUERY = /* GraphQL */ `
  query AuditLogCsv($filter: AuditLogFilter) {
    auditLogCsv(filter: $filter) {
      csv
      rowCount
      totalCount
      truncated
      maxRows
    }
  }
`;
