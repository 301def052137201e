import { useGqlQuery } from '../../../lib/useGqlQuery';
import { REVENUE_OVERVIEW_QUERY, type RevenueOverviewData, type RevenueOverviewVariables } from '../graphql/revenue-overview.graphql';

/** Platform totals, per consumer app and per designer, in one currency. */
export function useRevenueOverview(currency: string) {
  const result = useGqlQuery<RevenueOverviewData, RevenueOverviewVariables>(REVENUE_OVERVIEW_QUERY, { currency });
  return { overview: result.data?.revenueOverview ?? null, isLoading: result.isLoading, error: result.error, reload: result.reload };
}
