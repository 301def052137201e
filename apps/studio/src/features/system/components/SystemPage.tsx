import { AdminSystemStatusDocument } from '../../../gql/graphql';
import { routeHref } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { AdminPageHeader } from '../../admin/components/AdminPageHeader';
import type { SystemBucket, SystemStatus } from '../graphql/system.graphql';
import { shareOf, waitAxisMaxOf, waitParts } from '../system-figures';
import { BucketChart } from './BucketChart';
import '../system.css';

export const SYSTEM_REFRESH_MS = 30_000;
const NO_VARIABLES = {};

/**
 * Admin: the whole system over the last hour, every API process together: the preview queue (depth,
 * waits, renders), the workers online, and requests with their errors, in five-minute buckets.
 * Refreshed every 30 seconds.
 */
export function SystemPage() {
  const { t } = useI18n();
  const query = useGqlQuery(AdminSystemStatusDocument, NO_VARIABLES, { pollMs: SYSTEM_REFRESH_MS });
  const status = query.data?.systemStatus ?? null;
  return (
    <main className="page system-page">
      <AdminPageHeader title={t('system.title')} subtitle={t('system.subtitle')} onRefresh={query.reload} isLoading={query.isLoading && !query.data} error={query.error} />
      {status ? <SystemFigures status={status} /> : !query.error && <p className="card-empty">{t('common.loading')}</p>}
    </main>
  );
}

function SystemFigures({ status }: { status: SystemStatus }) {
  const { t, tn, formatNumber, formatDate } = useI18n();
  const { buckets, queue, workers, requests } = status;
  const finished = buckets.reduce((n, b) => n + b.finished, 0);
  const failed = buckets.reduce((n, b) => n + b.failed, 0);
  const percent = (share: number | null) => (share === null ? '—' : formatNumber(share, { style: 'percent', maximumFractionDigits: 1 }));
  const wait = (seconds: number) => {
    const { unit, value } = waitParts(seconds);
    return t(unit === 'seconds' ? 'system.seconds' : 'system.minutes', { value });
  };
  const count = (value: number) => formatNumber(value);
  const waitValues = buckets.flatMap((b) => [b.waitMedianSeconds, b.waitP90Seconds]);
  const waitTop = waitAxisMaxOf(waitValues);
  // One unit along the whole axis: seconds up to a minute, minutes above.
  const waitTick = (seconds: number) => (seconds === 0 ? formatNumber(0) : waitTop <= 60 ? t('system.seconds', { value: seconds }) : t('system.minutes', { value: formatNumber(seconds / 60, { maximumFractionDigits: 1 }) }));

  return (
    <>
      <p className="system-as-of" data-testid="system-as-of">
        {t('system.asOf', { time: formatDate(status.at, { dateStyle: 'medium', timeStyle: 'medium' }) })}
        {' · '}
        {tn('system.processes', requests.processes)}
      </p>

      <div className="stat-grid">
        <div className="stat-card" data-testid="system-queue-now">
          <div className="stat-label">{t('system.queueNow')}</div>
          <div className="stat-value">{count(queue.queued)}</div>
          <div className="stat-hint">{t('system.running', { count: queue.running })}</div>
        </div>
        <div className="stat-card" data-testid="system-renders">
          <div className="stat-label">{t('system.rendersLastHour')}</div>
          <div className="stat-value">{count(finished)}</div>
          <div className={`stat-hint${failed ? ' system-bad' : ''}`}>{t('system.failed', { count: failed })}</div>
        </div>
        <div className="stat-card" data-testid="system-workers">
          <div className="stat-label">{t('system.workersOnline')}</div>
          <div className="stat-value">{count(workers.online)}</div>
          <div className="stat-hint">
            {workers.byBackend.map((b) => t('system.workersOfBackend', { backend: b.backend, count: b.online })).join(' · ') || t('system.noWorkerOnline')}
            {workers.offline > 0 && ` · ${t('system.workersOffline', { count: workers.offline })}`}
          </div>
          <a className="system-link" href={routeHref('admin-workers')} data-testid="system-workers-link">
            {t('system.workersLink')}
          </a>
        </div>
        <div className="stat-card" data-testid="system-error-rate">
          <div className="stat-label">{t('system.serverErrorRate')}</div>
          <div className={`stat-value${requests.serverErrors ? ' system-bad' : ''}`}>{percent(shareOf(requests.serverErrors, requests.requests))}</div>
          <div className="stat-hint">{t('system.serverErrorsOf', { errors: requests.serverErrors, requests: requests.requests })}</div>
        </div>
      </div>

      <section className="card" aria-labelledby="system-queue-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="system-queue-heading">
              {t('system.queue.title')}
            </h2>
            <p className="card-subtitle">{t('system.queue.subtitle')}</p>
          </div>
        </header>
        <div className="card-body system-charts">
          <BucketChart
            title={t('system.queue.depth')}
            testId="system-depth-chart"
            buckets={buckets}
            stacks={[{ key: 'depth', label: t('system.queue.waiting'), className: 'system-fill-queue', values: buckets.map((b) => b.queueDepth) }]}
            formatValue={count}
            emptyText={t('system.queue.depthEmpty')}
          />
          <BucketChart
            title={t('system.queue.wait')}
            testId="system-wait-chart"
            buckets={buckets}
            stacks={[{ key: 'median', label: t('system.queue.median'), className: 'system-fill-wait', values: buckets.map((b) => b.waitMedianSeconds) }]}
            markers={[{ key: 'p90', label: t('system.queue.p90'), className: 'system-stroke-p90', values: buckets.map((b) => b.waitP90Seconds) }]}
            formatValue={wait}
            axisMax={waitTop}
            formatTick={waitTick}
            emptyText={t('system.queue.waitEmpty')}
          />
          <BucketChart
            title={t('system.queue.renders')}
            testId="system-renders-chart"
            buckets={buckets}
            stacks={[
              { key: 'succeeded', label: t('system.queue.succeeded'), className: 'system-fill-ok', values: buckets.map((b) => b.finished - b.failed) },
              { key: 'failed', label: t('system.queue.failed'), className: 'system-fill-bad', values: buckets.map((b) => b.failed) },
            ]}
            formatValue={count}
            emptyText={t('system.queue.rendersEmpty')}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="system-requests-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="system-requests-heading">
              {t('system.requests.title')}
            </h2>
            <p className="card-subtitle">{t('system.requests.subtitle')}</p>
          </div>
        </header>
        <div className="card-body">
          <BucketChart
            title={t('system.requests.chart')}
            testId="system-requests-chart"
            buckets={buckets}
            stacks={[
              { key: 'answered', label: t('system.requests.answered'), className: 'system-fill-requests', values: buckets.map((b) => b.requests - b.clientErrors - b.serverErrors) },
              { key: 'client', label: t('system.requests.clientErrors'), className: 'system-fill-warn', values: buckets.map((b) => b.clientErrors) },
              { key: 'server', label: t('system.requests.serverErrors'), className: 'system-fill-bad', values: buckets.map((b) => b.serverErrors) },
            ]}
            formatValue={count}
            emptyText={t('system.requests.empty')}
          />
          <p className="system-codes" data-testid="system-error-codes">
            {requests.graphqlErrorCodes.length
              ? t('system.requests.codes', { codes: requests.graphqlErrorCodes.map((c) => `${c.code} ${formatNumber(c.answers)}`).join(' · ') })
              : t('system.requests.noCodes')}
          </p>
        </div>
        <RequestTable buckets={buckets} at={status.at} />
      </section>
    </>
  );
}

/** The buckets' requests and errors, newest first; a bucket with server errors stands out, the running one ends "now". */
function RequestTable({ buckets, at }: { buckets: SystemBucket[]; at: string }) {
  const { t, formatNumber, formatDate } = useI18n();
  const time = (iso: string) => formatDate(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const totals = buckets.reduce((sum, b) => ({ requests: sum.requests + b.requests, client: sum.client + b.clientErrors, server: sum.server + b.serverErrors, graphql: sum.graphql + b.graphqlErrors }), { requests: 0, client: 0, server: 0, graphql: 0 });
  const rate = (errors: number, requests: number) => {
    const share = shareOf(errors, requests);
    return share === null ? '—' : formatNumber(share, { style: 'percent', maximumFractionDigits: 1 });
  };
  return (
    <div className="table-scroll">
      <table className="data-table system-table">
        <thead>
          <tr>
            <th scope="col">{t('system.requests.time')}</th>
            <th scope="col" className="num">
              {t('system.requests.requests')}
            </th>
            <th scope="col" className="num">
              {t('system.requests.clientErrors')}
            </th>
            <th scope="col" className="num">
              {t('system.requests.serverErrors')}
            </th>
            <th scope="col" className="num">
              {t('system.requests.graphqlErrors')}
            </th>
            <th scope="col" className="num">
              {t('system.requests.errorRate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...buckets].reverse().map((b) => (
            <tr key={b.start} data-testid="system-request-row" className={b.serverErrors ? 'system-row-bad' : undefined}>
              <th scope="row">{Date.parse(b.end) > Date.parse(at) ? t('system.requests.runningBucket', { start: time(b.start) }) : `${time(b.start)}–${time(b.end)}`}</th>
              <td className="num">{formatNumber(b.requests)}</td>
              <td className="num">{formatNumber(b.clientErrors)}</td>
              <td className="num">{b.serverErrors ? <span className="badge badge-danger">{formatNumber(b.serverErrors)}</span> : formatNumber(0)}</td>
              <td className="num">{formatNumber(b.graphqlErrors)}</td>
              <td className="num">{rate(b.clientErrors + b.serverErrors, b.requests)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="system-request-total">
            <th scope="row">{t('system.requests.lastHour')}</th>
            <td className="num">{formatNumber(totals.requests)}</td>
            <td className="num">{formatNumber(totals.client)}</td>
            <td className="num">{formatNumber(totals.server)}</td>
            <td className="num">{formatNumber(totals.graphql)}</td>
            <td className="num">{rate(totals.client + totals.server, totals.requests)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
