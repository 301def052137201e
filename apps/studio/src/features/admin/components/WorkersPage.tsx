import { useEffect, useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { MessageKey } from '../../../i18n/types';
import { formatRelativeTime } from '../../../lib/format-relative-time';
import { AdminQueueDocument, AdminWorkersDocument, CancelPreviewJobDocument, RetryPreviewJobDocument } from '../../../gql/graphql';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { toFormErrors } from '../admin-errors';
import type { LeaseBlock, UnrunnableQueue, Worker } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { AdminPageHeader } from './AdminPageHeader';
import '../admin.css';

export const WORKERS_REFRESH_MS = 5000;
const PRIORITIES = ['INTERACTIVE', 'REVIEW', 'CONSUMER', 'BULK'] as const;

type Translate = ReturnType<typeof useI18n>['t'];
type TranslatePlural = ReturnType<typeof useI18n>['tn'];

/**
 * Admin: the preview queue's depth and speed, queued jobs no worker can run, the GPU workers with
 * what each box reported and what keeps it from jobs (refreshed every 5 s), cancel/retry a job.
 */
export function WorkersPage() {
  const { t, formatNumber, formatDate, locale } = useI18n();
  const queue = useGqlQuery(AdminQueueDocument, {});
  const pool = useGqlQuery(AdminWorkersDocument, {});
  const reloadQueue = queue.reload;
  const reloadPool = pool.reload;
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(new Date());
      reloadQueue();
      reloadPool();
    }, WORKERS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadQueue, reloadPool]);

  const stats = queue.data?.queueStats ?? null;
  const workers = pool.data?.workers ?? null;
  const reload = () => {
    reloadQueue();
    reloadPool();
  };

  return (
    <main className="page">
      <AdminPageHeader
        title={t('admin.workers.title')}
        subtitle={t('admin.workers.subtitle')}
        onRefresh={reload}
        isLoading={(queue.isLoading && !queue.data) || (pool.isLoading && !pool.data)}
        error={queue.error ?? pool.error}
      />

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

      {stats && stats.unrunnable.length > 0 && <UnrunnableQueues queues={stats.unrunnable} />}

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
          !pool.error && <p className="card-empty">{t('common.loading')}</p>
        ) : workers.length === 0 ? (
          <p className="card-empty">{t('admin.workers.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.workers.worker')}</th>
                  <th scope="col">{t('admin.col.status')}</th>
                  <th scope="col">{t('admin.workers.blocksColumn')}</th>
                  <th scope="col">{t('admin.workers.backend')}</th>
                  <th scope="col">{t('admin.workers.baseModels')}</th>
                  <th scope="col">{t('admin.workers.reported')}</th>
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
                    <td data-testid="worker-status">
                      {worker.status === 'ONLINE' ? <span className="badge badge-success">{t('admin.workers.online')}</span> : <span className="badge">{t('admin.workers.offline')}</span>}
                    </td>
                    <td className="cell-wrap" data-testid="worker-lease-blocks">
                      <WorkerLeaseBlocks worker={worker} />
                    </td>
                    <td data-testid="worker-backend">{worker.backend}</td>
                    <td>{worker.baseModels.join(', ') || '—'}</td>
                    <td className="cell-wrap" data-testid="worker-box">
                      <BoxReport worker={worker} />
                    </td>
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

function baseModelName(baseModel: string | null | undefined, t: Translate): string {
  return baseModel === 'sdxl' || baseModel === 'sd15' ? t(`admin.workers.baseModel.${baseModel}`) : (baseModel ?? '');
}

// MiB as GiB with one decimal at most (8192 -> "8", 6144 -> "6", 23034 -> "22.5").
function gib(mb: number | null | undefined): string {
  return mb == null ? '?' : String(Math.round((mb / 1024) * 10) / 10);
}

/** One thing that keeps a worker (or every worker) from jobs, in the admin's language. */
function describeLeaseBlock(block: LeaseBlock, t: Translate, tn: TranslatePlural, backend = ''): string {
  const baseModel = baseModelName(block.baseModel, t);
  const classes = block.nodeClasses.join(', ');
  switch (block.code) {
    case 'OFFLINE':
      return t('admin.workers.block.OFFLINE');
    case 'BOX_PROBLEM':
      return t('admin.workers.boxProblem');
    case 'NO_GPU_MEMORY':
      return t('admin.workers.block.NO_GPU_MEMORY');
    case 'TOO_LITTLE_VRAM':
      return t('admin.workers.block.TOO_LITTLE_VRAM', { baseModel, need: gib(block.needVramMb), has: gib(block.vramMb) });
    case 'MISSING_MODEL_FILE': {
      const params = { file: block.file ?? '', folder: block.folder ?? '', baseModel };
      if (block.nodeClass === 'InstantIDModelLoader' || block.nodeClass === 'ApplyInstantID') return t('admin.workers.block.instantId', params);
      if (block.folder === 'checkpoints') return t('admin.workers.block.checkpoint', params);
      if (block.folder === 'controlnet') return t('admin.workers.block.controlnet', params);
      return t('admin.workers.block.modelFile', params);
    }
    case 'MISSING_NODE_CLASSES': {
      const queuedJobs = 'queuedJobs' in block ? block.queuedJobs : null;
      return queuedJobs != null ? tn('admin.workers.block.nodeClasses', queuedJobs, { classes }) : t('admin.workers.block.nodeClassesQueue', { classes });
    }
    case 'NO_WORKER':
      return t('admin.workers.block.NO_WORKER', { backend, baseModel });
  }
}

/** Why the worker gets no jobs now, or none of some kind; a box problem in the worker's own words. */
function WorkerLeaseBlocks({ worker }: { worker: Worker }) {
  const { t, tn } = useI18n();
  if (!worker.leaseBlocks.length) return <span className="muted">—</span>;
  return (
    <ul className="plain-list">
      {worker.leaseBlocks.map((block, i) =>
        block.code === 'BOX_PROBLEM' ? (
          // The worker's own sentence (English, from the GPU box): what the box lacks.
          <li key={i} data-testid="worker-box-problem" data-code={block.code}>
            <span className="badge badge-warning">{t('admin.workers.boxProblem')}</span>
            <div className="muted">{block.boxProblem}</div>
          </li>
        ) : (
          <li key={i} data-testid="worker-lease-block" data-code={block.code}>
            {describeLeaseBlock(block, t, tn)}
          </li>
        ),
      )}
    </ul>
  );
}

/** What the worker's box last reported: its GPU, model files per folder, LoRA files, node classes. */
function BoxReport({ worker }: { worker: Worker }) {
  const { t, formatNumber } = useI18n();
  const box = worker.capabilities;
  if (!box) return <span className="muted">{t('admin.workers.notReported')}</span>;
  const files = (list: string[]) => (list.length ? list.join(', ') : t('admin.workers.folderEmpty'));
  return (
    <ul className="plain-list">
      {box.gpus.length ? (
        box.gpus.map((gpu, i) => (
          <li key={`gpu-${i}`}>{gpu.vramMb == null ? t('admin.workers.gpuNoMemory', { name: gpu.name }) : t('admin.workers.gpu', { name: gpu.name, memory: formatNumber(gpu.vramMb / 1024, { maximumFractionDigits: 1 }) })}</li>
        ))
      ) : (
        <li>
          <span className="badge badge-warning">{t('admin.workers.noGpu')}</span>
        </li>
      )}
      {box.modelFolders.map(({ folder, files: names }) => (
        <li key={folder}>
          {folder === 'checkpoints' || folder === 'controlnet' ? t(`admin.workers.folder.${folder}` as MessageKey, { files: files(names) }) : t('admin.workers.folder.other', { folder, files: files(names) })}
        </li>
      ))}
      {box.loraFileCount != null && <li>{t('admin.workers.loraFiles', { count: box.loraFileCount })}</li>}
      <li className="muted">
        {t('admin.workers.nodeClasses', { count: box.nodeClassCount })}
        {box.customNodes.length > 0 && ` · ${t('admin.workers.customNodes', { names: box.customNodes.join(', ') })}`}
      </li>
    </ul>
  );
}

/** Queued jobs no online worker can run now, per base model, with what keeps each worker from them. */
function UnrunnableQueues({ queues }: { queues: UnrunnableQueue[] }) {
  const { t, tn } = useI18n();
  return (
    <section className="card" aria-labelledby="unrunnable-heading" data-testid="unrunnable-queues">
      <header className="card-header">
        <div>
          <h2 className="card-title" id="unrunnable-heading">
            {t('admin.workers.unrunnableTitle')}
          </h2>
          <p className="card-subtitle">{t('admin.workers.unrunnableSubtitle')}</p>
        </div>
      </header>
      <div className="card-body">
        <ul className="plain-list">
          {queues.map((queue) => (
            <li key={`${queue.backend}:${queue.baseModel}`} data-testid="unrunnable-queue" data-base-model={queue.baseModel}>
              <strong>{tn('admin.workers.unrunnable', queue.queued, { baseModel: baseModelName(queue.baseModel, t), backend: queue.backend })}</strong>
              <ul className="plain-list muted">
                {queue.blocks.map((block, i) => {
                  const reason = describeLeaseBlock(block, t, tn, queue.backend);
                  return (
                    <li key={i} data-testid="unrunnable-block" data-code={block.code}>
                      {block.workerName ? t('admin.workers.block.byWorker', { worker: block.workerName, reason }) : reason}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** Cancel or retry one preview job by id; the API's answer (or refusal) shows under the form, the queue reloads. */
function PreviewJobControls() {
  const { t } = useI18n();
  const cancel = useAdminMutation(CancelPreviewJobDocument, ['AdminQueue', 'AdminWorkers']);
  const retry = useAdminMutation(RetryPreviewJobDocument, ['AdminQueue', 'AdminWorkers']);
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
