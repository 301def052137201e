import { useMemo, useState } from 'react';
import { TemplateRenderStatsDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { isGraphQLRequestError } from '../../../lib/graphql-client';
import { RetryBanner } from '../../../lib/RetryBanner';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import type { VersionRenderStats } from '../graphql/render-stats.graphql';
import { pickStatsVersion, RENDER_STATS_PERIODS, renderStatsWindow, splitWait, type RenderStatsPeriod, type WaitUnit } from '../render-stats-view';
import { RenderStatsChart } from './RenderStatsChart';
import '../render-stats.css';

export interface RenderStatsPanelProps {
  templateId: string;
  /** Shown first; the designer may pick another published version. */
  publishedVersionId: string | null;
  /** "Today" for the window; the clock by default. */
  now?: Date;
}

/**
 * "How it does": for the template's authors and admins, how apps rendered each published version
 * (renders, outcomes, paid uses, refund rate, queue waits) with a chart per day. Anyone the API
 * refuses sees nothing.
 */
export function RenderStatsPanel({ templateId, publishedVersionId, now }: RenderStatsPanelProps) {
  const { t, formatNumber } = useI18n();
  const [period, setPeriod] = useState<RenderStatsPeriod>(30);
  const [picked, setPicked] = useState<string | null>(null);
  const window = useMemo(() => renderStatsWindow(now ?? new Date(), period), [now, period]);
  const stats = useGqlQuery(TemplateRenderStatsDocument, { templateId, from: window.from, to: window.to });

  if ((isGraphQLRequestError(stats.error, 'NOT_FOUND') || isGraphQLRequestError(stats.error, 'FORBIDDEN')) && !stats.data) return null;

  const versions = stats.data?.templateRenderStats.versions ?? [];
  const shown = pickStatsVersion(versions, picked, publishedVersionId);
  const formatWait = (seconds: number, unit?: WaitUnit) => {
    const split = splitWait(seconds, unit);
    return t(`renderStats.wait.${split.unit}`, { value: split.value });
  };

  return (
    <section className="card render-stats-panel" data-testid="render-stats-panel" aria-labelledby="render-stats-title" aria-busy={stats.isLoading}>
      <header className="render-stats-header">
        <div>
          <h2 className="render-stats-title" id="render-stats-title">
            {t('renderStats.title')}
          </h2>
          <p className="muted render-stats-subtitle">{t('renderStats.subtitle')}</p>
        </div>
        <div className="render-stats-controls">
          {versions.length > 1 && (
            <label className="render-stats-control">
              <span className="render-stats-control-label">{t('renderStats.version')}</span>
              <select className="input input-select" value={shown?.versionId ?? ''} onChange={(event) => setPicked(event.target.value)} data-testid="render-stats-version">
                {versions.map((v) => (
                  <option key={v.versionId} value={v.versionId}>
                    {t(v.versionId === publishedVersionId ? 'renderStats.versionOptionLive' : 'renderStats.versionOption', { number: v.versionNumber })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="segmented-buttons" role="group" aria-label={t('renderStats.period')}>
            {RENDER_STATS_PERIODS.map((days) => (
              <button
                key={days}
                type="button"
                className="segmented-button"
                aria-pressed={days === period}
                onClick={() => setPeriod(days)}
                data-testid={`render-stats-period-${days}`}
              >
                {t('renderStats.periodDays', { days })}
              </button>
            ))}
          </div>
        </div>
      </header>

      {stats.error && !stats.data ? (
        <RetryBanner error={stats.error} onRetry={stats.reload} />
      ) : !stats.data ? (
        <p className="muted" aria-busy="true">
          {t('renderStats.loading')}
        </p>
      ) : !shown ? (
        <p className="muted" data-testid="render-stats-no-versions">
          {t('renderStats.noVersions')}
        </p>
      ) : shown.renders === 0 ? (
        <div className="empty-state render-stats-empty" data-testid="render-stats-empty" data-version={shown.versionNumber}>
          <p className="empty-state-title">{t('renderStats.empty')}</p>
          <p className="empty-state-text">{t('renderStats.emptyPeriod', { days: period })}</p>
        </div>
      ) : (
        <>
          <VersionFigures stats={shown} formatWait={formatWait} formatPercent={(share) => formatNumber(share, { style: 'percent', maximumFractionDigits: 1 })} />
          <RenderStatsChart days={shown.days} formatWait={formatWait} />
          <p className="muted render-stats-note">{t('renderStats.utcNote')}</p>
        </>
      )}
    </section>
  );
}

interface VersionFiguresProps {
  stats: VersionRenderStats;
  formatWait: (seconds: number) => string;
  formatPercent: (share: number) => string;
}

function VersionFigures({ stats, formatWait, formatPercent }: VersionFiguresProps) {
  const { t, formatNumber } = useI18n();
  const none = t('renderStats.figure.none');
  const share = (n: number) => t('renderStats.figure.shareOfRenders', { percent: formatPercent(n / stats.renders) });
  const figures: Array<{ key: string; label: string; value: string; detail?: string; tone?: 'danger' }> = [
    { key: 'renders', label: t('renderStats.figure.renders'), value: formatNumber(stats.renders) },
    { key: 'succeeded', label: t('renderStats.figure.succeeded'), value: formatNumber(stats.succeeded), detail: share(stats.succeeded) },
    { key: 'failed', label: t('renderStats.figure.failed'), value: formatNumber(stats.failed), detail: share(stats.failed), ...(stats.failed > 0 ? { tone: 'danger' as const } : {}) },
    { key: 'cancelled', label: t('renderStats.figure.cancelled'), value: formatNumber(stats.cancelled) },
    { key: 'paidUses', label: t('renderStats.figure.paidUses'), value: formatNumber(stats.paidUses) },
    {
      key: 'refundRate',
      label: t('renderStats.figure.refundRate'),
      value: stats.refundRate === null ? none : formatPercent(stats.refundRate),
      ...(stats.paidUses > 0 ? { detail: t('renderStats.figure.refundDetail', { refunded: stats.refundedUses, paid: stats.paidUses }) } : {}),
    },
    { key: 'medianWait', label: t('renderStats.figure.medianWait'), value: stats.medianWaitSeconds === null ? none : formatWait(stats.medianWaitSeconds), detail: t('renderStats.figure.waitDetail') },
    { key: 'p95Wait', label: t('renderStats.figure.p95Wait'), value: stats.p95WaitSeconds === null ? none : formatWait(stats.p95WaitSeconds) },
  ];
  return (
    <dl className="render-stats-figures" data-testid="render-stats-figures" data-version={stats.versionNumber}>
      {figures.map((f) => (
        <div key={f.key} className={`render-stats-figure${f.tone ? ` render-stats-figure-${f.tone}` : ''}`} data-testid={`render-stats-${f.key}`}>
          <dt className="render-stats-figure-label">{f.label}</dt>
          <dd className="render-stats-figure-value">{f.value}</dd>
          {f.detail && <dd className="render-stats-figure-detail">{f.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}
