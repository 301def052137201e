import { EarningsDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';

/** Earnings rows per month and template for from..to (skipped while the range is invalid). */
export function useEarnings(designerId: string, range: { from: string; to: string } | null) {
  const result = useGqlQuery(EarningsDocument, range ? { designerId, from: range.from, to: range.to } : null);
  return { rows: result.data?.earnings ?? null, isLoading: result.isLoading, error: result.error, reload: result.reload };
}
