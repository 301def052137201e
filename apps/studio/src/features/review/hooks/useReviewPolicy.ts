import { useGqlQuery, type GqlQueryResult } from '../../../lib/useGqlQuery';
import { REVIEW_POLICY_QUERY, type ReviewPolicyData, type ReviewPolicyVariables } from '../graphql/review.graphql';
import type { ReviewPolicy } from '../review-rules';

/** The review rules this API enforces (its REVIEW_SCORE_BAR and limits); null until they arrive. */
export function useReviewPolicy(): { policy: ReviewPolicy | null } & Pick<GqlQueryResult<ReviewPolicyData>, 'error' | 'reload'> {
  const query = useGqlQuery<ReviewPolicyData, ReviewPolicyVariables>(REVIEW_POLICY_QUERY, {});
  return { policy: query.data?.reviewPolicy ?? null, error: query.error, reload: query.reload };
}
