// graphql-codegen's input: the studio sends the typed RevenueOverviewDocument generated from it (src/gql).
import type { RevenueOverviewQuery } from '../../../gql/graphql';

// Admin only. Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export type AppRevenue = RevenueOverview['apps'][number];

export type DesignerRevenue = RevenueOverview['designers'][number];

export type RevenueOverview = RevenueOverviewQuery['revenueOverview'];

export const REVENUE_OVERVIEW_QUERY = /* GraphQL */ `
  query RevenueOverview($currency: String) {
    revenueOverview(currency: $currency) {
      currency
      platformRevenueMinor
      paidOutMinor
      apps {
        appId
        appName
        uses
        grossMinor
        refundedMinor
        receivableMinor
      }
      designers {
        designerId
        displayName
        earnedMinor
        paidMinor
        unpaidMinor
      }
    }
  }
`;
