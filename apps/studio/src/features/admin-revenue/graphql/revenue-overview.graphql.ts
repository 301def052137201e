// Admin only. Money fields are integer minor units (fen for CNY); GraphQL sends them as Float.
export interface AppRevenue {
  appId: string;
  appName: string;
  uses: number;
  grossMinor: number;
  refundedMinor: number;
  /** What the app still owes the platform. */
  receivableMinor: number;
}

export interface DesignerRevenue {
  designerId: string;
  displayName: string;
  earnedMinor: number;
  paidMinor: number;
  unpaidMinor: number;
}

export interface RevenueOverview {
  currency: string;
  platformRevenueMinor: number;
  paidOutMinor: number;
  apps: AppRevenue[];
  designers: DesignerRevenue[];
}

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

export interface RevenueOverviewVariables {
  currency?: string;
}

export interface RevenueOverviewData {
  revenueOverview: RevenueOverview | null;
}
