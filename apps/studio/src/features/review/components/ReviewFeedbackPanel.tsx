import type { EditorState } from '@atelier/editor-core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { CommentPins } from '../../../editor/CommentPins';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import type { ReviewPreview, ReviewRecord } from '../graphql/review.graphql';
import type { ReviewFeedback } from '../hooks/useReviewFeedback';
import { averageScore, numberPins, overallAverage, pinTarget, SCORE_AXES, type ReviewDecisionChoice } from '../review-rules';
import { toCanvasPins } from './ReviewCanvas';
import { ReviewPreviewTile } from './SubjectPreviews';
import '../review.css';

const DECISION_BANNER: Record<ReviewDecisionChoice, string> = {
  APPROVE: 'banner-success',
  REQUEST_CHANGES: 'banner-warning',
  REJECT: 'banner-error',
};

/** The latest review's canvas pins for EditorCanvas's `overlay` (undefined when hidden or none). */
export function feedbackCanvasOverlay(feedback: ReviewFeedback, state: EditorState): ReactNode {
  if (!feedback.canvasPins.length) return undefined;
  return <CommentPins pins={toCanvasPins(feedback.canvasPins, state.document.spec.canvas)} inverseZoom={1 / state.view.zoom} />;
}

/**
 * The designer's strip under the canvas: the latest decision on this template, the reviewer's scores
 * and numbered comments, the reviewed previews with their pins, and a toggle for the pins.
 */
export function ReviewFeedbackPanel({ feedback, isInitiallyOpen = false }: { feedback: ReviewFeedback; isInitiallyOpen?: boolean }) {
  const { t, locale, formatDate } = useI18n();
  const [isOpen, setIsOpen] = useState(isInitiallyOpen);
  const { latest } = feedback;
  // A designer must not miss requested changes because a request failed: say so, with a retry.
  if (!latest && feedback.error) {
    return (
      <div className="banner banner-error review-feedback-error" role="alert" data-testid="review-feedback-error">
        <span>{t('review.feedback.loadFailed', { message: describeError(feedback.error, t) })}</span>
        <button type="button" className="button button-small" onClick={feedback.reload}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  if (!latest) return null;
  const { version, review } = latest;
  const pinCount = numberPins(review.comments).filter((entry) => entry.number !== null).length;
  return (
    <section className={`review-feedback review-feedback-${review.decision.toLowerCase().replace('_', '-')}`} data-testid="review-feedback" data-decision={review.decision} data-version-number={version.number} data-pins-visible={feedback.isPinsVisible} data-canvas-pin-count={feedback.canvasPins.length} aria-label={t('review.feedback.title')}>
      <div className="review-feedback-bar">
        <span className={`badge review-decision-badge review-decision-${review.decision.toLowerCase().replace('_', '-')}`} data-testid="review-feedback-decision">
          {t(`review.feedback.decision.${review.decision}`)}
        </span>
        <span className="review-feedback-headline">
          {t('review.feedback.headline', { number: version.number })}
          <span className="review-feedback-reviewer" data-testid="review-feedback-reviewer">
            {' · '}
            {t('review.feedback.reviewer', { name: review.reviewer.displayName })}
          </span>
          <time dateTime={review.createdAt} title={formatDate(review.createdAt)} className="muted">
            {' · '}
            {formatRelativeTime(review.createdAt, new Date(), locale)}
          </time>
        </span>
        <span className="review-feedback-spacer" />
        {pinCount > 0 && (
          <label className="review-feedback-toggle">
            <input type="checkbox" checked={feedback.isPinsVisible} onChange={(event) => feedback.setPinsVisible(event.target.checked)} data-testid="review-feedback-pins-toggle" />
            {t('review.feedback.showPins')}
          </label>
        )}
        <button type="button" className="button button-small" aria-expanded={isOpen} onClick={() => setIsOpen((open) => !open)} data-testid="review-feedback-toggle">
          {isOpen ? t('review.feedback.hide') : t('review.feedback.show', { count: review.comments.length })}
        </button>
      </div>
      {isOpen && (
        <div className="review-feedback-body">
          <ReviewFeedbackSummary review={review} previews={feedback.detail ? [...feedback.detail.previews, ...feedback.detail.maxPreviews] : []} isPinsVisible={feedback.isPinsVisible} isBare />
        </div>
      )}
    </section>
  );
}

/** One review: who decided what and when, scores per subject, numbered comments, previews with pins. */
export function ReviewFeedbackSummary({ review, previews, isPinsVisible = true, isBare = false }: { review: ReviewRecord; previews: readonly ReviewPreview[]; isPinsVisible?: boolean; isBare?: boolean }) {
  const { t, formatNumber, formatDate } = useI18n();
  const numbered = numberPins(review.comments);
  const subjectName = (id: string) => previews.find((preview) => preview.subject.id === id)?.subject.name ?? t('review.feedback.unknownSubject');
  const average = overallAverage(review.scores);
  const pinnedPreviewIds = new Set(review.comments.filter((comment) => pinTarget(comment) === 'preview').map((comment) => comment.previewJobId!));
  const pinnedPreviews = previews.filter((preview) => pinnedPreviewIds.has(preview.id));
  const content = (
    <div className="review-summary" data-testid="review-summary" data-decision={review.decision}>
      {!isBare && (
        <div className={`banner ${DECISION_BANNER[review.decision]}`}>
          <strong>{t(`review.feedback.decision.${review.decision}`)}</strong>
          <span data-testid="review-summary-reviewer">{t('review.feedback.reviewer', { name: review.reviewer.displayName })}</span>
          <span>{formatDate(review.createdAt)}</span>
        </div>
      )}
      <div className="review-summary-columns">
        <div className="review-summary-scores">
          <h3 className="panel-subheading">{t('review.feedback.scores')}</h3>
          {review.scores.length === 0 ? (
            <p className="muted">{t('review.feedback.noScores')}</p>
          ) : (
            <table className="data-table review-score-table" data-testid="review-feedback-scores">
              <thead>
                <tr>
                  <th scope="col">{t('review.feedback.subject')}</th>
                  {SCORE_AXES.map((axis) => (
                    <th scope="col" key={axis} className="numeric">
                      {t(`review.score.${axis}`)}
                    </th>
                  ))}
                  <th scope="col" className="numeric">
                    {t('review.score.average')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {review.scores.map((score) => (
                  <tr key={score.subjectId}>
                    <th scope="row">{subjectName(score.subjectId)}</th>
                    {SCORE_AXES.map((axis) => (
                      <td key={axis} className="numeric">
                        {score[axis]}
                      </td>
                    ))}
                    <td className="numeric">
                      <strong>{formatNumber(averageScore(score), { maximumFractionDigits: 1 })}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
              {average !== null && review.scores.length > 1 && (
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={4}>
                      {t('review.feedback.overall')}
                    </th>
                    <td className="numeric">
                      <strong>{formatNumber(average, { maximumFractionDigits: 1 })}</strong>
                    </td>
                  </tr>
                </tfoot>
              )}
            </table>
          )}
        </div>
        <div className="review-summary-comments">
          <h3 className="panel-subheading">{t('review.feedback.comments')}</h3>
          {review.comments.length === 0 ? (
            <p className="muted">{t('review.feedback.noComments')}</p>
          ) : (
            <ol className="review-comment-list" data-testid="review-feedback-comments">
              {numbered.map(({ comment, number }, index) => {
                const target = pinTarget(comment);
                const preview = target === 'preview' ? previews.find((p) => p.id === comment.previewJobId) : undefined;
                return (
                  <li key={index} className="review-comment review-comment-readonly" data-testid="review-feedback-comment" data-target={target}>
                    <div className="review-comment-header">
                      {number !== null ? <span className="comment-pin-badge">{number}</span> : <span className="comment-pin-badge comment-pin-badge-general" aria-hidden="true">•</span>}
                      <span className="review-comment-target">
                        {target === 'canvas'
                          ? t('review.comments.onCanvas')
                          : target === 'general'
                            ? t('review.comments.general')
                            : preview
                              ? t('review.comments.onPreview', { name: preview.subject.name, seed: formatNumber(preview.seed, { useGrouping: false }) })
                              : t('review.comments.onPreviewUnknown')}
                      </span>
                    </div>
                    <p className="review-comment-text">{comment.body}</p>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
        {pinnedPreviews.length > 0 && (
          <div className="review-summary-previews">
            <h3 className="panel-subheading">{t('review.feedback.pinnedPreviews')}</h3>
            <ul className="review-preview-tiles review-preview-tiles-compact">
              {pinnedPreviews.map((preview) => (
                <ReviewPreviewTile
                  key={preview.id}
                  preview={preview}
                  pins={
                    isPinsVisible
                      ? numbered.flatMap(({ comment, number }) => (number !== null && comment.previewJobId === preview.id ? [{ number, x: comment.x!, y: comment.y! }] : []))
                      : []
                  }
                />
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
  return isBare ? content : <section className="card review-past">{<div className="card-body">{content}</div>}</section>;
}
