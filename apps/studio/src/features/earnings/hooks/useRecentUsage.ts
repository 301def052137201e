import { useGqlQuery } from '../../../lib/useGqlQuery';
import { RECENT_USAGE_QUERY, type RecentUsageData, type RecentUsageVariables } from '../graphql/earnings.graphql';

export const RECENT_USAGE_COUNT = 20;

/** The designer's latest uses and refunds, newest first. */
export function useRecentUsage(designerId: string) {
  const result = useGqlQuery<RecentUsageData, RecentUsageVariables>(RECENT_USAGE_QUERY, { designerId, first: RECENT_USAGE_COUNT });
  return { lines: result.data?.recentUsage ?? null, isLoading: result.isLoading, error: result.error, reload: result.reload };
}
