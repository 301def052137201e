/** `#/reviews/<versionId>`: the spec read-only, previews per subject, scores, pinned comments and the decision. */
export function ReviewPage({ versionId }: { versionId: string }) {
  return <main className="page" data-testid="review-page" data-version-id={versionId} />;
}
