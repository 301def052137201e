import { useState } from 'react';
import { reviewHref } from '../../../app/routes';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import { ReviewQueueDocument } from '../../../gql/graphql';
import { usePagedList } from '../../../lib/usePagedList';
import type { ReviewQueueVersion } from '../graphql/review.graphql';
import { takeReviewFlash, type ReviewFlash } from '../review-flash';
import '../review.css';

export const REVIEW_QUEUE_PAGE_SIZE = 20;

/** `#/reviews`: versions waiting for review, oldest first (reviewers and admins). */
export function ReviewQueuePage() {
  const { t, tn } = useI18n();
  const [flash, setFlash] = useState<ReviewFlash | null>(() => takeReviewFlash());
  const queue = usePagedList(
    ReviewQueueDocument,
    'review-queue',
    (after) => ({ first: REVIEW_QUEUE_PAGE_SIZE, ...(after ? { after } : {}) }),
    (data) => data.reviewQueue,
  );
  const { items: versions, pageInfo, totalCount, isLoading, isLoadingMore, error, loadMore } = queue;

  const isFirstLoad = isLoading && versions.length === 0;
  return (
    <main className="page" data-testid="review-queue-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('review.queue.title')}</h1>
          <p className="page-subtitle" aria-live="polite">
            {isFirstLoad ? t('common.loading') : tn('review.queue.count', totalCount)}
          </p>
        </div>
        <div className="page-actions">
          <button type="button" className="button" onClick={queue.reload} disabled={isLoading} data-testid="review-queue-refresh">
            {t('review.queue.refresh')}
          </button>
        </div>
      </header>

      {flash && (
        <div className={`banner ${flash.decision === 'APPROVE' ? 'banner-success' : 'banner-warning'}`} role="status" data-testid="review-flash" data-decision={flash.decision}>
          <span>{t(`review.flash.${flash.decision}`, { title: flash.title, number: flash.number })}</span>
          <button type="button" className="button button-small button-ghost" onClick={() => setFlash(null)}>
            {t('review.flash.dismiss')}
          </button>
        </div>
      )}

      {Boolean(error) && (
        <div className="banner banner-error" role="alert" data-testid="review-queue-error">
          <span>{describeError(error, t)}</span>
          <button type="button" className="button button-small" onClick={queue.retry}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}

      {isFirstLoad ? (
        <div className="loading-state" aria-busy="true">
          {t('review.queue.loading')}
        </div>
      ) : versions.length === 0 ? (
        !error && (
          <div className="empty-state" data-testid="review-queue-empty">
            <h2 className="empty-state-title">{t('review.queue.emptyTitle')}</h2>
            <p className="empty-state-text">{t('review.queue.emptyText')}</p>
          </div>
        )
      ) : (
        <div className={`table-wrap${isLoading ? ' is-refreshing' : ''}`}>
          <table className="template-table review-queue-table">
            <thead>
              <tr>
                <th scope="col">{t('review.queue.col.template')}</th>
                <th scope="col">{t('review.queue.col.version')}</th>
                <th scope="col">{t('review.queue.col.designer')}</th>
                <th scope="col">{t('review.queue.col.submitted')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('review.queue.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version, index) => (
                <ReviewQueueRow key={version.id} version={version} position={index + 1} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pageInfo.hasNextPage && versions.length > 0 && (
        <div className="load-more">
          <button type="button" className="button" data-testid="review-queue-more" onClick={() => void loadMore()} disabled={isLoading || isLoadingMore}>
            {isLoadingMore ? t('common.loading') : t('review.queue.loadMore')}
          </button>
        </div>
      )}
    </main>
  );
}

function ReviewQueueRow({ version, position }: { version: ReviewQueueVersion; position: number }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <tr className="template-row" data-testid="review-queue-row" data-version-id={version.id} data-position={position}>
      <th scope="row" className="template-cell-main">
        <a className="template-title template-title-link" href={reviewHref(version.id)} data-testid="review-queue-open">
          {version.template.title || t('review.queue.untitled')}
        </a>
      </th>
      <td>
        <span className="version-chip">{t('versions.number', { number: version.number })}</span>
      </td>
      <td>{version.author.displayName}</td>
      <td>
        {version.submittedAt ? (
          <span className="review-queue-time">
            <time dateTime={version.submittedAt}>{formatRelativeTime(version.submittedAt, new Date(), locale)}</time>
            <span className="muted">{formatDate(version.submittedAt)}</span>
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="review-queue-action">
        <a className="button button-small button-primary" href={reviewHref(version.id)}>
          {t('review.queue.review')}
        </a>
      </td>
    </tr>
  );
}
