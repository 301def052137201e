// Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export interface EarningsRow {
  /** YYYY-MM, a calendar month in China time. */
  month: string;
  templateId: string;
  templateTitle: string;
  currency: string;
  uses: number;
  grossMinor: number;
  /** The designer's share of gross. */
  shareMinor: number;
  /** Share given back for refunds. */
  refundsMinor: number;
  netMinor: number;
}

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

export interface EarningsVariables {
  designerId: string;
  from: string;
  to: string;
}

export interface EarningsData {
  earnings: EarningsRow[];
}

export type UsageLineKind = 'USAGE' | 'REFUND';

export interface UsageLine {
  kind: UsageLineKind;
  occurredAt: string;
  templateId: string;
  templateTitle: string;
  versionNumber: number;
  /** The consumer app that reported it. */
  appName: string | null;
  currency: string;
  /** The event's gross, or the refunded amount. */
  basisMinor: number;
  /** The designer's part: positive for a use, negative for a refund. */
  shareMinor: number;
}

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

export interface RecentUsageVariables {
  designerId: string;
  first?: number;
}

export interface RecentUsageData {
  recentUsage: UsageLine[];
}
