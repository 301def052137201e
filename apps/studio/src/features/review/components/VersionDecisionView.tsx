import type { TemplateSpec } from '@atelier/template-spec';
import { useState } from 'react';
import { historyHref, routeHref } from '../../../app/routes';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { ReviewVersionDetailDocument, SaveDraftDocument, type VersionState } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { useReviewFeedback } from '../hooks/useReviewFeedback';
import { ReviewCanvas } from './ReviewCanvas';
import { ReviewFeedbackPanel } from './ReviewFeedbackPanel';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../review.css';

interface VersionDecisionViewProps {
  templateId: string;
  title: string;
  headRevision: number;
  newest: { id: string; number: number; state: VersionState };
}

/**
 * The editor page when the template has no draft because its newest version was decided (or
 * published): what the decision means, the reviewer's feedback with pins on the reviewed canvas, and
 * the way on — a new draft (version N+1) starting from the newest version's spec.
 */
export function VersionDecisionView({ templateId, title, headRevision, newest }: VersionDecisionViewProps) {
  const { t } = useI18n();
  const queryClient = useStudioQueryClient();
  const feedback = useReviewFeedback(templateId);
  const [isStarting, setIsStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reviewed = feedback.detail && feedback.latest && feedback.detail.id === feedback.latest.version.id ? feedback.detail : null;
  // The newest version (usually the reviewed one) seeds the next draft.
  const newestDetail = useGqlQuery(ReviewVersionDetailDocument, { id: newest.id });
  const newestSpec = newestDetail.data?.templateVersion?.spec as TemplateSpec | undefined;

  const startDraft = async () => {
    if (!newestSpec) return;
    setIsStarting(true);
    setError(null);
    try {
      const spec = newestSpec;
      await gqlRequest(SaveDraftDocument, { input: { templateId, spec, baseRevision: headRevision } });
      // The editor page opens the new draft once EditorTemplate answers again.
      void invalidateGqlQueries(queryClient, 'EditorTemplate', 'MyTemplates', 'VersionHistory');
    } catch (failure) {
      setError(failure);
      setIsStarting(false);
    }
  };

  const canStart = Boolean(newestSpec);
  const nextNumber = newest.number + 1;
  return (
    <main className="page review-decision-page" data-testid="version-decision-page" data-state={newest.state} data-version-number={newest.number}>
      <a className="back-link" href={routeHref('templates')} data-testid="editor-back">
        ← {t('editor.back')}
      </a>
      <header className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
          <p className="page-subtitle">{t(`review.next.subtitle.${newest.state}`, { number: newest.number })}</p>
        </div>
        <div className="page-actions">
          <a className="button" href={historyHref(templateId)} data-testid="version-decision-history">
            {t('review.next.history')}
          </a>
          {newest.state !== 'SUBMITTED' && (
            <button type="button" className="button button-primary" onClick={() => void startDraft()} disabled={!canStart || isStarting} data-testid="start-next-draft">
              {isStarting ? t('review.next.starting') : t('review.next.start', { number: nextNumber })}
            </button>
          )}
        </div>
      </header>
      <p className="review-next-text" data-testid="version-decision-next">
        {t(`review.next.text.${newest.state}`, { number: newest.number, next: nextNumber })}
      </p>
      {Boolean(error) && (
        <div className="banner banner-error" role="alert" data-testid="start-next-draft-error">
          {describeError(error, t)}
        </div>
      )}
      {Boolean(feedback.error) && (
        <RetryBanner error={feedback.error} onRetry={feedback.reload} />
      )}
      {feedback.latest && reviewed && (
        <div className="review-decision-layout">
          <section className="card review-canvas-card">
            <header className="card-header">
              <h2 className="card-title">{t('review.feedback.canvasTitle', { number: reviewed.number })}</h2>
            </header>
            <ReviewCanvas spec={reviewed.spec as TemplateSpec} pins={feedback.canvasPins} />
          </section>
          <ReviewFeedbackPanel feedback={feedback} isInitiallyOpen />
        </div>
      )}
    </main>
  );
}
