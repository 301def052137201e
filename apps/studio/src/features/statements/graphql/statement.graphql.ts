// Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export interface StatementLine {
  templateId: string;
  templateTitle: string;
  versionId: string;
  versionNumber: number;
  uses: number;
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
}

export interface Statement {
  id: string;
  designerId: string;
  /** YYYY-MM, a calendar month in China time. */
  month: string;
  currency: string;
  lines: StatementLine[];
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
  openingMinor: number;
  payoutsMinor: number;
  closingMinor: number;
  /** What paying it now would pay out (0 once paid, while the month runs, or when later payouts covered it). */
  outstandingMinor: number;
  paidAt: string | null;
  payoutReference: string | null;
  payoutMinor: number | null;
  /** The statement as CSV text (money in major units), for download. */
  csv: string;
}

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

export interface StatementVariables {
  designerId: string;
  month: string;
  currency?: string;
}

export interface StatementData {
  statement: Statement | null;
}

// Admin only: posts the payout of a closed month once (same reference again changes nothing).
export const MARK_STATEMENT_PAID_MUTATION = /* GraphQL */ `
  mutation MarkStatementPaid($statementId: ID!, $reference: String!) {
    markStatementPaid(statementId: $statementId, reference: $reference) {
      ...StatementFields
    }
  }
  ${STATEMENT_FIELDS}
`;

export interface MarkStatementPaidVariables {
  statementId: string;
  reference: string;
}

export interface MarkStatementPaidData {
  markStatementPaid: Statement;
}
