import type { TemplateSpec } from '@atelier/template-spec';
import { routeHref } from '../../../app/routes';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { ReviewVersionDetailDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { useReviewPolicy } from '../hooks/useReviewPolicy';
import { ReviewWorkspace } from './ReviewWorkspace';

/** `#/reviews/<versionId>`: the spec read-only, previews per subject, scores, pinned comments and the decision. */
export function ReviewPage({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const detail = useGqlQuery(ReviewVersionDetailDocument, { id: versionId });
  const version = detail.data?.templateVersion;
  // The score bar and limits come from the API (its REVIEW_SCORE_BAR), never a copy in the studio.
  const { policy, error: policyError, reload: reloadPolicy } = useReviewPolicy();

  let body: React.ReactNode;
  if (detail.error && !version) {
    body = (
      <div className="banner banner-error" role="alert" data-testid="review-load-error">
        <span>{describeError(detail.error, t)}</span>
        <button type="button" className="button button-small" onClick={detail.reload}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  } else if (policyError && !policy) {
    body = (
      <div className="banner banner-error" role="alert" data-testid="review-load-error">
        <span>{describeError(policyError, t)}</span>
        <button type="button" className="button button-small" onClick={reloadPolicy}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  } else if (!detail.data || !policy) {
    body = (
      <div className="loading-state" aria-busy="true">
        {t('review.loading')}
      </div>
    );
  } else if (!version) {
    body = (
      <div className="empty-state" data-testid="review-not-found">
        <h2 className="empty-state-title">{t('review.notFoundTitle')}</h2>
        <p className="empty-state-text">{t('review.notFoundText')}</p>
      </div>
    );
  }

  if (body || !version || !policy) {
    return (
      <main className="page" data-testid="review-page" data-version-id={versionId}>
        <a className="back-link" href={routeHref('reviews')} data-testid="review-back">
          ← {t('review.backToQueue')}
        </a>
        {body}
      </main>
    );
  }
  return (
    <ReviewWorkspace
      key={version.id}
      version={version}
      spec={version.spec as TemplateSpec}
      title={version.metadata.title}
      policy={policy}
      onDecided={detail.reload}
    />
  );
}
