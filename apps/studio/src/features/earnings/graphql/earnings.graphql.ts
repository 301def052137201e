// graphql-codegen's input: the studio sends the typed documents generated from these (src/gql/graphql.ts).
import type { EarningsQuery, RecentUsageQuery } from '../../../gql/graphql';

// Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export type EarningsRow = EarningsQuery['earnings'][number];

export const EARNINGS_QUERY = /* GraphQL */ `
  query Earnings($designerId: ID!, $from: String!, $to: String!) {
    earnings(designerId: $designerId, from: $from, to: $to) {
      month
      templateId
      templateTitle
      currency
      uses
      grossMinor
      shareMinor
      refundsMinor
      netMinor
    }
  }
`;

export type UsageLineKind = UsageLine['kind'];

export type UsageLine = RecentUsageQuery['recentUsage'][number];

export const RECENT_USAGE_QUERY = /* GraphQL */ `
  query RecentUsage($designerId: ID!, $first: Int) {
    recentUsage(designerId: $designerId, first: $first) {
      kind
      occurredAt
      templateId
      templateTitle
      versionNumber
      appName
      currency
      basisMinor
      shareMinor
    }
  }
`;
