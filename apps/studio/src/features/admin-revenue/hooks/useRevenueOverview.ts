import { RevenueOverviewDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';

/** Platform totals, per consumer app and per designer, in one currency. */
export function useRevenueOverview(currency: string) {
  const result = useGqlQuery(RevenueOverviewDocument, { currency });
  return { overview: result.data?.revenueOverview ?? null, isLoading: result.isLoading, error: result.error, reload: result.reload };
}
