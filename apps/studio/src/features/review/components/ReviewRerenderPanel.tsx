import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import type { ReviewRerender } from '../hooks/useReviewRerender';
import '../review-rerender.css';

/**
 * "Ask for a re-render" on the review page: every face rendered again on a new seed, ahead of
 * designers' previews, with how far it got (live) and why it could not start.
 */
export function ReviewRerenderPanel({ rerender }: { rerender: ReviewRerender }) {
  const { t, tn } = useI18n();
  const { state, progress } = rerender;
  const isAsking = state.kind === 'asking';
  const isRendering = progress !== null && !progress.isSettled;
  const hint = t(rerender.rendersBothEnds ? 'review.rerender.hintBothEnds' : 'review.rerender.hint');
  return (
    <div className="review-rerender" data-testid="review-rerender" data-state={state.kind} data-settled={progress ? String(progress.isSettled) : undefined}>
      <div className="review-rerender-bar">
        <button type="button" className="button button-small" onClick={() => void rerender.ask()} disabled={isAsking || isRendering} title={hint} data-testid="review-rerender-ask">
          {isAsking ? t('review.rerender.asking') : t('review.rerender.action')}
        </button>
        {progress ? (
          <span className="review-rerender-status" role="status" data-testid="review-rerender-status">
            {progress.isSettled ? t('review.rerender.done', { done: progress.done, total: progress.total }) : t('review.rerender.progress', { done: progress.done, total: progress.total })}
            {progress.failed > 0 && <span className="review-rerender-failed"> · {tn('review.rerender.failedCount', progress.failed)}</span>}
          </span>
        ) : (
          <span className="muted review-rerender-hint">{hint}</span>
        )}
        {progress && progress.failed > 0 && (
          <button type="button" className="button button-small button-ghost" onClick={() => void rerender.retryFailed()} disabled={rerender.isRetrying} data-testid="review-rerender-retry-failed">
            {rerender.isRetrying ? t('review.rerender.retrying') : t('review.rerender.retryFailed')}
          </button>
        )}
      </div>
      {state.kind === 'failed' && (
        <div className="banner banner-error" role="alert" data-testid="review-rerender-error">
          {t('review.rerender.failed', { message: describeError(state.error, t) })}
        </div>
      )}
      {Boolean(rerender.retryError) && (
        <div className="banner banner-error" role="alert" data-testid="review-rerender-retry-error">
          {t('review.rerender.retryError', { message: describeError(rerender.retryError, t) })}
        </div>
      )}
    </div>
  );
}
