import { useEffect, useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import { AdminWorkersDocument, CancelPreviewJobDocument, RetryPreviewJobDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { toFormErrors } from '../admin-errors';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { AdminPageHeader } from './AdminPageHeader';
import '../admin.css';

export const WORKERS_REFRESH_MS = 5000;
const PRIORITIES = ['INTERACTIVE', 'REVIEW', 'BULK'] as const;

/** Admin: the preview queue's depth and speed, the GPU workers (refreshed every 5 s), cancel/retry a job. */
export function WorkersPage() {
  const { t, formatNumber, formatDate, locale } = useI18n();
  const query = useGqlQuery(AdminWorkersDocument, {});
  const { reload } = query;
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
      reload();
    }, WORKERS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const stats = query.data?.queueStats ?? null;
  const workers = query.data?.workers ?? null;

  return (
    <main className="page">
      <AdminPageHeader title={t('admin.workers.title')} subtitle={t('admin.workers.subtitle')} onRefresh={reload} isLoading={query.isLoading && !query.data} error={query.error} />

      {stats && (
        <div className="stat-grid">
          {PRIORITIES.map((priority) => {
            const depth = stats.depth.find((d) => d.priority === priority);
            return (
              <div className="stat-card" key={priority} data-testid="queue-depth" data-priority={priority}>
                <div className="stat-label">{t(`admin.workers.priority.${priority}`)}</div>
                <div className="stat-value" data-testid="queue-queued">
                  {formatNumber(depth?.queued ?? 0)}
                </div>
                <div className="stat-hint">{t('admin.workers.leased', { count: depth?.leased ?? 0 })}</div>
              </div>
            );
          })}
          <div className="stat-card">
            <div className="stat-label">{t('admin.workers.secondsPerJob')}</div>
            <div className="stat-value" data-testid="queue-seconds-per-job">
              {stats.recentSecondsPerJob > 0 ? t('admin.workers.seconds', { value: formatNumber(stats.recentSecondsPerJob, { maximumFractionDigits: 1 }) }) : '—'}
            </div>
            <div className="stat-hint">{t('admin.workers.secondsPerJobHint')}</div>
          </div>
        </div>
      )}

      <section className="card" aria-labelledby="workers-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="workers-heading">
              {t('admin.workers.listTitle')}
            </h2>
            <p className="card-subtitle">{t('admin.workers.listSubtitle')}</p>
          </div>
        </header>
        {!workers ? (
          !query.error && <p className="card-empty">{t('common.loading')}</p>
        ) : workers.length === 0 ? (
          <p className="card-empty">{t('admin.workers.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.workers.worker')}</th>
                  <th scope="col">{t('admin.col.status')}</th>
                  <th scope="col">{t('admin.workers.backend')}</th>
                  <th scope="col">{t('admin.workers.baseModels')}</th>
                  <th scope="col">{t('admin.workers.loaded')}</th>
                  <th scope="col" className="num">
                    {t('admin.workers.cachedLoras')}
                  </th>
                  <th scope="col" className="num">
                    {t('admin.workers.vram')}
                  </th>
                  <th scope="col">{t('admin.workers.lastHeartbeat')}</th>
                  <th scope="col" className="num">
                    {t('admin.workers.jobsDone')}
                  </th>
                  <th scope="col" className="num">
                    {t('admin.workers.gpuSeconds')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {workers.map((worker) => (
                  <tr key={worker.id} data-testid="worker-row" data-worker-id={worker.id} data-status={worker.status}>
                    <th scope="row" className="cell-title">
                      {worker.name}
                    </th>
                    <td data-testid="worker-status" className={worker.boxProblem ? 'cell-wrap' : undefined}>
                      {worker.status === 'ONLINE' ? <span className="badge badge-success">{t('admin.workers.online')}</span> : <span className="badge">{t('admin.workers.offline')}</span>}
                      {worker.boxProblem && (
                        // The worker's own sentence (English, from the GPU box): what the box lacks.
                        <div data-testid="worker-box-problem">
                          <span className="badge badge-warning">{t('admin.workers.boxProblem')}</span>
                          <div className="muted">{worker.boxProblem}</div>
                        </div>
                      )}
                    </td>
                    <td data-testid="worker-backend">{worker.backend}</td>
                    <td>{worker.baseModels.join(', ') || '—'}</td>
                    <td className="cell-wrap">
                      <div>{worker.loadedCheckpoint ?? <span className="muted">{t('admin.workers.nothingLoaded')}</span>}</div>
                      {worker.loadedLoraKey && <div className="muted">{t('admin.workers.loraKey', { key: worker.loadedLoraKey })}</div>}
                    </td>
                    <td className="num">{formatNumber(worker.cachedLoraCount)}</td>
                    <td className="num">{worker.vramMb == null ? '—' : t('admin.workers.vramValue', { value: formatNumber(worker.vramMb / 1024, { maximumFractionDigits: 1 }) })}</td>
                    <td title={formatDate(worker.lastHeartbeatAt, { dateStyle: 'medium', timeStyle: 'medium' })} data-testid="worker-heartbeat">
                      {formatRelativeTime(worker.lastHeartbeatAt, now, locale)}
                    </td>
                    <td className="num">{formatNumber(worker.jobsDone)}</td>
                    <td className="num">{formatNumber(worker.gpuSeconds, { maximumFractionDigits: 0 })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <PreviewJobControls />
    </main>
  );
}

/** Cancel or retry one preview job by id; the API's answer (or refusal) shows under the form, the queue reloads. */
function PreviewJobControls() {
  const { t } = useI18n();
  const cancel = useAdminMutation(CancelPreviewJobDocument, ['AdminWorkers']);
  const retry = useAdminMutation(RetryPreviewJobDocument, ['AdminWorkers']);
  const [jobId, setJobId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const inputId = useId();
  const busy = cancel.isRunning || retry.isRunning;

  async function act(action: 'cancel' | 'retry', event?: FormEvent) {
    event?.preventDefault();
    setResult(null);
    const id = jobId.trim();
    if (!id) {
      setError(t('admin.jobs.idRequired'));
      return;
    }
    setError(null);
    try {
      const job = action === 'cancel' ? (await cancel.run({ id })).cancelPreviewJob : (await retry.run({ id })).retryPreviewJob;
      setResult(t(action === 'cancel' ? 'admin.jobs.cancelled' : 'admin.jobs.retried', { id: job.id, state: job.state }));
    } catch (caught) {
      const split = toFormErrors(caught, ['id'] as const, t);
      setError(split.fieldErrors.id ?? split.formError);
    }
  }

  return (
    <section className="card" aria-labelledby="jobs-heading">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="jobs-heading">
            {t('admin.jobs.title')}
          </h2>
          <p className="card-subtitle">{t('admin.jobs.subtitle')}</p>
        </div>
      </header>
      <div className="card-body">
        <form className="admin-form admin-form-inline" onSubmit={(e) => void act('retry', e)} noValidate>
          <div className="field">
            <label className="field-label" htmlFor={inputId}>
              {t('admin.jobs.id')}
            </label>
            <input id={inputId} className="input" data-testid="preview-job-id" value={jobId} autoComplete="off" onChange={(e) => setJobId(e.target.value)} aria-invalid={error ? true : undefined} />
          </div>
          <div className="admin-form-buttons">
            <button type="button" className="button" data-testid="cancel-preview-job" disabled={busy} onClick={() => void act('cancel')}>
              {t('admin.jobs.cancel')}
            </button>
            <button type="submit" className="button" data-testid="retry-preview-job" disabled={busy}>
              {t('admin.jobs.retry')}
            </button>
          </div>
        </form>
        {error && (
          <p className="form-error" role="alert" data-testid="preview-job-error">
            {error}
          </p>
        )}
        {result && (
          <div className="banner banner-success" role="status" data-testid="preview-job-result">
            {result}
          </div>
        )}
      </div>
    </section>
  );
}
