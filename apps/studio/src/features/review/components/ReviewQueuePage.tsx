/** `#/reviews`: versions waiting for review, oldest first (reviewers and admins). */
export function ReviewQueuePage() {
  return <main className="page" data-testid="review-queue-page" />;
}
