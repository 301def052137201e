import { ReviewPolicyDocument, type ReviewPolicyQuery } from '../../../gql/graphql';
import { useGqlQuery, type GqlQueryResult } from '../../../lib/useGqlQuery';
import type { ReviewPolicy } from '../review-rules';

/** The review rules this API enforces (its REVIEW_SCORE_BAR and limits); null until they arrive. */
export function useReviewPolicy(): { policy: ReviewPolicy | null } & Pick<GqlQueryResult<ReviewPolicyQuery>, 'error' | 'reload'> {
  const query = useGqlQuery(ReviewPolicyDocument, {});
  return { policy: query.data?.reviewPolicy ?? null, error: query.error, reload: query.reload };
}
