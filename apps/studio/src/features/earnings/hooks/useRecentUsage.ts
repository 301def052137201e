import { RecentUsageDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';

export const RECENT_USAGE_COUNT = 20;

/** The designer's latest uses and refunds, newest first. */
export function useRecentUsage(designerId: string) {
  const result = useGqlQuery(RecentUsageDocument, { designerId, first: RECENT_USAGE_COUNT });
  return { lines: result.data?.recentUsage ?? null, isLoading: result.isLoading, error: result.error, reload: result.reload };
}
