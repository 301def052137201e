import { useState } from 'react';
import { ReviewVersionDetailDocument, TemplateReviewsDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { ReviewRecord, ReviewVersionDetail, TemplateReviewsVersion } from '../graphql/review.graphql';
import { latestDecidedVersion, numberPins, pinTarget, type NumberedPin } from '../review-rules';

export interface ReviewFeedback {
  /** The newest version with a review, and that review in full (null: nothing reviewed yet, or still loading). */
  latest: { version: TemplateReviewsVersion; review: ReviewRecord } | null;
  /** The reviewed version's spec and previews (for thumbnails with pins); null while loading. */
  detail: ReviewVersionDetail | null;
  /** Pins on the canvas, normalised; empty when hidden. */
  canvasPins: NumberedPin[];
  isPinsVisible: boolean;
  setPinsVisible: (isVisible: boolean) => void;
  error: unknown;
  reload: () => void;
}

/** The designer's view of the latest review of a template: decision, scores, comments and their pins. */
export function useReviewFeedback(templateId: string): ReviewFeedback {
  const reviews = useGqlQuery(TemplateReviewsDocument, { id: templateId });
  const decided = latestDecidedVersion(reviews.data?.template?.versions ?? []);
  const detail = useGqlQuery(ReviewVersionDetailDocument, decided ? { id: decided.version.id } : null);
  const version = detail.data?.templateVersion;
  const fullReview = decided && version?.id === decided.version.id ? version.reviews.find((review) => review.id === decided.review.id) : undefined;
  const latest = decided && fullReview ? { version: decided.version, review: fullReview } : null;
  // Pins of changes asked for show by default; those of an approval stay out of the way unless asked.
  const [pinsPreference, setPinsVisible] = useState<boolean | null>(null);
  const isPinsVisible = pinsPreference ?? decided?.review.decision !== 'APPROVE';
  const canvasPins =
    latest && isPinsVisible
      ? numberPins(latest.review.comments).flatMap(({ comment, number }) => (number !== null && pinTarget(comment) === 'canvas' ? [{ number, x: comment.x!, y: comment.y! }] : []))
      : [];
  return {
    latest,
    detail: detail.data?.templateVersion ?? null,
    canvasPins,
    isPinsVisible,
    setPinsVisible,
    error: reviews.error ?? detail.error,
    reload: () => {
      reviews.reload();
      detail.reload();
    },
  };
}
