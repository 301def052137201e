// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { StatementFieldsFragment } from '../../../gql/graphql';

// Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export type StatementLine = Statement['lines'][number];

export type Statement = StatementFieldsFragment;

const STATEMENT_FIELDS = /* GraphQL */ `
  fragment StatementFields on Statement {
    id
    designerId
    month
    currency
    lines {
      templateId
      templateTitle
      versionId
      versionNumber
      uses
      grossMinor
      shareMinor
      refundsMinor
      netMinor
    }
    grossMinor
    shareMinor
    refundsMinor
    netMinor
    openingMinor
    payoutsMinor
    closingMinor
    outstandingMinor
    paidAt
    payoutReference
    payoutMinor
    csv
  }
`;

// A designer sees their own statements; admins anyone's.
export const STATEMENT_QUERY = /* GraphQL */ `
  query Statement($designerId: ID!, $month: String!, $currency: String) {
    statement(designerId: $designerId, month: $month, currency: $currency) {
      ...StatementFields
    }
  }
  ${STATEMENT_FIELDS}
`;

// Admin only: posts the payout of a closed month once (same reference again changes nothing).
export const MARK_STATEMENT_PAID_MUTATION = /* GraphQL */ `
  mutation MarkStatementPaid($statementId: ID!, $reference: String!) {
    markStatementPaid(statementId: $statementId, reference: $reference) {
      ...StatementFields
    }
  }
  ${STATEMENT_FIELDS}
`;
