import { useState } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import type { PreviewJobView } from '../graphql/previews.graphql';
import type { EditorPreviews } from '../hooks/useEditorPreviews';
import { describePreviewTile } from '../preview-job-state';
import { PreviewLightbox } from './PreviewLightbox';
import '../previews.css';

/**
 * The editor's preview strip: one tile per job of the latest batch, live; what "Submit for review"
 * answered (faces still missing a preview, submitted, failed). Clicking a finished tile opens the image;
 * "Use as cover" (on the tile or in the lightbox) makes it the draft's cover, marked with a badge.
 * A waiting or rendering tile can be cancelled, a failed or cancelled one rendered again.
 */
export function PreviewGallery({ previews }: { previews: EditorPreviews }) {
  const { t, tn } = useI18n();
  // The open image by id: it follows the live batch (a newer render, a removal) instead of a stale copy.
  const [openJobId, setOpenJobId] = useState<string | null>(null);
  const { batch, request, submit, connection, coverChange } = previews;
  const hasNotice = request.kind === 'failed' || request.kind === 'unsaved' || (submit.kind !== 'idle' && submit.kind !== 'submitting');
  if (!batch && !hasNotice) return null;
  const openJob = batch?.jobs.find((job) => job.id === openJobId) ?? null;
  const doneCount = batch?.jobs.filter((job) => job.state === 'SUCCEEDED' && !job.removed).length ?? 0;
  // Queued with no worker online to render them, or none able to: say so, instead of a queue that silently never moves.
  const waitingJobs = batch?.jobs.filter((job) => job.state === 'QUEUED' && job.waitingForWorker) ?? [];
  const waitingForWorker = waitingJobs.length > 0;
  // Workers are online but none has what the template needs: an admin must act, not just wait.
  const noAbleWorker = waitingJobs.some((job) => job.waitingReason === 'NO_WORKER_ABLE');

  return (
    <section className="preview-gallery" data-testid="preview-gallery" aria-label={t('previews.title')}>
      {request.kind === 'failed' && (
        <div className="banner banner-error" role="alert" data-testid="preview-request-error">
          {t('previews.requestFailed', { message: describeError(request.error, t) })}
        </div>
      )}
      {request.kind === 'unsaved' && (
        <div className="banner banner-warning" role="alert" data-testid="preview-unsaved">
          {t('previews.unsaved')}
        </div>
      )}
      <SubmitNotice previews={previews} />
      {coverChange.kind === 'failed' && (
        <div className="banner banner-error" role="alert" data-testid="cover-error">
          <span>{t('previews.cover.failed', { message: describeError(coverChange.error, t) })}</span>
          <button type="button" className="button button-small" onClick={previews.dismissCoverError}>
            {t('previews.dismiss')}
          </button>
        </div>
      )}
      <JobActionNotice previews={previews} />
      {waitingForWorker && (
        <div className="banner banner-warning" role="status" data-testid="preview-no-worker">
          {t(noAbleWorker ? 'previews.noAbleWorker' : 'previews.noWorker')}
        </div>
      )}
      {batch && (
        <>
          <div className="preview-gallery-header">
            <h2 className="preview-gallery-title">{t('previews.title')}</h2>
            <span className="preview-gallery-summary" data-testid="preview-summary">
              {t('previews.summary', { done: doneCount, total: batch.jobs.length })}
            </span>
            {connection === 'polling' && <span className="preview-gallery-connection">{t('previews.polling')}</span>}
          </div>
          {batch.jobs.length === 0 ? (
            <p className="preview-gallery-empty">{t('previews.noSubjects')}</p>
          ) : (
            <ul className="preview-tiles">
              {batch.jobs.map((job) => (
                <PreviewTile key={job.id} job={job} onOpen={() => setOpenJobId(job.id)} tn={tn} previews={previews} />
              ))}
            </ul>
          )}
        </>
      )}
      {openJob?.imageUrl && <PreviewLightbox job={openJob} onClose={() => setOpenJobId(null)} actions={<CoverAction job={openJob} previews={previews} isOnDark />} />}
    </section>
  );
}

function PreviewTile({ job, onOpen, tn, previews }: { job: PreviewJobView; onOpen: () => void; tn: ReturnType<typeof useI18n>['tn']; previews: EditorPreviews }) {
  const { t, formatNumber } = useI18n();
  const status = describePreviewTile(job);
  const isCover = previews.isCover(job);
  const seed = formatNumber(job.seed, { useGrouping: false });
  const caption = (
    <span className="preview-tile-caption">
      <span className="preview-tile-name">{job.subject.name}</span>
      <span className="preview-tile-seed">{t('previews.seed', { seed })}</span>
      {job.likenessEnd === 'MAX' && (
        <span className="preview-tile-likeness-max" title={t('previews.likenessMaxHint')} data-testid="preview-likeness-max">
          {t('previews.likenessMax', { likeness: formatNumber(job.likeness, { maximumFractionDigits: 2 }) })}
        </span>
      )}
      {status === 'done' && job.thumbnailUrl && !isCover && <CoverAction job={job} previews={previews} />}
      <QueueAction job={job} status={status} seed={seed} previews={previews} />
    </span>
  );
  return (
    <li className={`preview-tile preview-tile-${status}${isCover ? ' preview-tile-is-cover' : ''}${job.likenessEnd === 'MAX' ? ' preview-tile-likeness-max-end' : ''}`} data-testid="preview-tile" data-state={job.state} data-job-id={job.id} data-cached={job.cached ? 'true' : 'false'} data-cover={isCover ? 'true' : undefined} data-likeness-end={job.likenessEnd}>
      {status === 'done' && job.thumbnailUrl ? (
        <button type="button" className="preview-tile-image-button" onClick={onOpen} aria-label={t('previews.openImage', { name: job.subject.name, seed })} data-testid="preview-open">
          <img className="preview-tile-image" src={job.thumbnailUrl} alt={t('previews.imageAlt', { name: job.subject.name, seed })} data-testid="preview-thumbnail" />
          {job.cached && (
            <span className="preview-tile-badge" title={t('previews.cachedHint')} data-testid="preview-cached">
              {t('previews.cached')}
            </span>
          )}
          {isCover && (
            <span className="preview-tile-cover-badge" title={t('previews.cover.badgeHint')} data-testid="preview-cover-badge">
              {t('previews.cover.badge')}
            </span>
          )}
        </button>
      ) : (
        <div className="preview-tile-body">
          <TileStatus job={job} status={status} tn={tn} />
        </div>
      )}
      {caption}
    </li>
  );
}

/** "Use as cover" for a finished preview; "Cover" once it is the one. */
function CoverAction({ job, previews, isOnDark = false }: { job: PreviewJobView; previews: EditorPreviews; isOnDark?: boolean }) {
  const { t } = useI18n();
  // (A render at the likeness max never shows in the catalog, so it cannot be the cover.)
  if (job.state !== 'SUCCEEDED' || job.removed || job.likenessEnd === 'MAX') return null;
  if (previews.isCover(job)) {
    return (
      <span className="preview-cover-current" data-testid="preview-cover-current">
        {t('previews.cover.badge')}
      </span>
    );
  }
  const { coverChange } = previews;
  const isSaving = coverChange.kind === 'saving';
  return (
    <button
      type="button"
      className={`button button-small ${isOnDark ? '' : 'button-ghost '}preview-cover-action`}
      onClick={() => void previews.chooseCover(job)}
      disabled={isSaving}
      title={t('previews.cover.hint')}
      data-testid="preview-use-as-cover"
    >
      {isSaving && coverChange.jobId === job.id ? t('previews.cover.saving') : t('previews.cover.use')}
    </button>
  );
}

/** "Cancel" on a waiting or rendering tile, "Render again" on a failed or cancelled one. */
function QueueAction({ job, status, seed, previews }: { job: PreviewJobView; status: ReturnType<typeof describePreviewTile>; seed: string; previews: EditorPreviews }) {
  const { t } = useI18n();
  const action = status === 'queued' || status === 'running' ? 'cancel' : status === 'failed' || status === 'cancelled' ? 'retry' : null;
  if (!action) return null;
  const { jobAction } = previews;
  const isBusy = jobAction.kind === 'busy' && jobAction.jobId === job.id;
  const params = { name: job.subject.name, seed };
  return (
    <button
      type="button"
      className={`button button-small ${action === 'retry' ? 'button-primary' : 'button-ghost'} preview-queue-action`}
      onClick={() => void (action === 'cancel' ? previews.cancelJob(job) : previews.retryJob(job))}
      disabled={jobAction.kind === 'busy'}
      aria-label={t(action === 'cancel' ? 'previews.cancelLabel' : 'previews.retryLabel', params)}
      title={t(action === 'cancel' ? 'previews.cancelHint' : 'previews.retryHint')}
      data-testid={action === 'cancel' ? 'preview-cancel' : 'preview-retry'}
    >
      {isBusy ? t(action === 'cancel' ? 'previews.cancelling' : 'previews.retrying') : t(action === 'cancel' ? 'previews.cancel' : 'previews.retry')}
    </button>
  );
}

/** Why a tile's Cancel or "Render again" did not go through (e.g. the queue quota), with a dismiss. */
function JobActionNotice({ previews }: { previews: EditorPreviews }) {
  const { t } = useI18n();
  const { jobAction } = previews;
  if (jobAction.kind !== 'failed') return null;
  const params = { name: jobAction.subjectName, message: describeError(jobAction.error, t) };
  return (
    <div className="banner banner-error" role="alert" data-testid="preview-action-error" data-action={jobAction.action}>
      <span>{t(jobAction.action === 'cancel' ? 'previews.cancelFailed' : 'previews.retryFailed', params)}</span>
      <button type="button" className="button button-small" onClick={previews.dismissJobActionError}>
        {t('previews.dismiss')}
      </button>
    </div>
  );
}

function TileStatus({ job, status, tn }: { job: PreviewJobView; status: ReturnType<typeof describePreviewTile>; tn: ReturnType<typeof useI18n>['tn'] }) {
  const { t } = useI18n();
  switch (status) {
    case 'queued':
      return (
        <div className="preview-tile-status" data-testid="preview-status">
          <strong>{t('previews.queued')}</strong>
          {job.queuePosition !== null && <span>{job.queuePosition === 0 ? t('previews.nextInLine') : tn('previews.ahead', job.queuePosition)}</span>}
          {job.waitingForWorker ? <span>{t(job.waitingReason === 'NO_WORKER_ABLE' ? 'previews.waitingForAbleWorker' : 'previews.waitingForWorker')}</span> : job.etaSeconds !== null && <span>{formatEta(job.etaSeconds, t)}</span>}
        </div>
      );
    case 'running': {
      const percent = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
      return (
        <div className="preview-tile-status" data-testid="preview-status">
          <strong>{t('previews.running')}</strong>
          <progress className="preview-progress" max={100} value={percent} aria-label={t('previews.progress')} data-testid="preview-progress" />
          <span>{t('previews.percent', { percent })}</span>
          {job.etaSeconds !== null && <span>{formatEta(job.etaSeconds, t)}</span>}
        </div>
      );
    }
    case 'done':
      // Succeeded, but the link is not there (yet): say so instead of an empty box.
      return (
        <div className="preview-tile-status" data-testid="preview-status">
          <strong>{t('previews.done')}</strong>
        </div>
      );
    case 'failed':
      return (
        <div className="preview-tile-status preview-tile-status-error" data-testid="preview-status" role="alert">
          <strong>{job.state === 'DEAD' ? t('previews.dead') : t('previews.failed')}</strong>
          {job.error && <span className="preview-tile-error" data-testid="preview-error">{job.error}</span>}
        </div>
      );
    case 'cancelled':
      return (
        <div className="preview-tile-status" data-testid="preview-status">
          <strong>{t('previews.cancelled')}</strong>
          {job.error && <span className="preview-tile-error">{job.error}</span>}
        </div>
      );
    case 'removed':
      return (
        <div className="preview-tile-status" data-testid="preview-status">
          <strong>{t('previews.removed')}</strong>
        </div>
      );
  }
}

function formatEta(seconds: number, t: ReturnType<typeof useI18n>['t']): string {
  return seconds < 60 ? t('previews.etaSeconds', { seconds: Math.max(1, seconds) }) : t('previews.etaMinutes', { minutes: Math.ceil(seconds / 60) });
}

function SubmitNotice({ previews }: { previews: EditorPreviews }) {
  const { t, locale } = useI18n();
  const { submit } = previews;
  switch (submit.kind) {
    case 'previews-missing': {
      const names = new Intl.ListFormat(locale, { type: 'conjunction' }).format(submit.subjects);
      return (
        <div className="banner banner-warning preview-missing" role="alert" data-testid="previews-missing">
          <div>
            <strong>{t('previews.missing.title')}</strong>
            <p>{submit.subjects.length ? t('previews.missing.text', { names }) : t('previews.missing.textNoNames')}</p>
          </div>
          <div className="banner-actions">
            <button type="button" className="button button-primary button-small" onClick={() => void previews.requestPreviews()} disabled={previews.request.kind === 'requesting'} data-testid="previews-missing-render">
              {t('previews.missing.render')}
            </button>
            <button type="button" className="button button-small" onClick={previews.dismissSubmit}>
              {t('previews.dismiss')}
            </button>
          </div>
        </div>
      );
    }
    case 'submitted':
      return (
        <div className="banner banner-success" role="status" data-testid="version-submitted">
          {t('previews.submitted', { number: submit.number })}
        </div>
      );
    case 'failed':
      return (
        <div className="banner banner-error" role="alert" data-testid="submit-error">
          <span>{t('previews.submitFailed', { message: describeError(submit.error, t) })}</span>
          <button type="button" className="button button-small" onClick={previews.dismissSubmit}>
            {t('previews.dismiss')}
          </button>
        </div>
      );
    default:
      return null;
  }
}
