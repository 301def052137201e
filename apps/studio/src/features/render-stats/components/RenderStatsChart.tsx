import { useId, useRef } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useElementWidth } from '../../../lib/useElementWidth';
import type { RenderStatsDay } from '../graphql/render-stats.graphql';
import { roundTicks, waitTicks as toWaitTicks, type WaitUnit } from '../render-stats-view';

const HEIGHT = 220;
const MARGIN = { top: 16, bottom: 28, left: 40, right: 56 };
const MAX_LABELLED_DAYS = 10;

interface RenderStatsChartProps {
  days: readonly RenderStatsDay[];
  /** Seconds -> "42 s" in the active language (in `unit` when given). */
  formatWait: (seconds: number, unit?: WaitUnit) => string;
}

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** Renders per day as bars (the failed part at their foot, in red) and the day's 95% queue wait as a line on the right axis; inline SVG. */
export function RenderStatsChart({ days, formatWait }: RenderStatsChartProps) {
  const { t, formatDate } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(containerRef, 720);
  const titleId = useId();
  const dayLabel = (day: string) => formatDate(dayDate(day), { month: 'short', day: 'numeric', timeZone: 'UTC' });

  const countTicks = roundTicks(Math.max(0, ...days.map((d) => d.renders)));
  const countMax = countTicks.at(-1)!;
  const waits = days.flatMap((d) => (d.p95WaitSeconds === null ? [] : [d.p95WaitSeconds]));
  const { ticks: waitTicks, unit: waitUnit } = toWaitTicks(Math.max(0, ...waits));
  const waitMax = waitTicks.at(-1)!;

  const plotWidth = Math.max(40, width - MARGIN.left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const yCount = (n: number) => MARGIN.top + plotHeight - (n / countMax) * plotHeight;
  const yWait = (s: number) => MARGIN.top + plotHeight - (s / waitMax) * plotHeight;
  const band = plotWidth / Math.max(1, days.length);
  const barWidth = Math.min(28, Math.max(2, band * 0.62));
  const centre = (index: number) => MARGIN.left + band * (index + 0.5);
  const labelEvery = Math.ceil(days.length / MAX_LABELLED_DAYS);

  // The wait line breaks over days when nothing started.
  const segments: Array<Array<[number, number]>> = [];
  days.forEach((d, index) => {
    if (d.p95WaitSeconds === null) return;
    const point: [number, number] = [centre(index), yWait(d.p95WaitSeconds)];
    const last = segments.at(-1);
    if (last && days[index - 1]?.p95WaitSeconds != null) last.push(point);
    else segments.push([point]);
  });
  const total = days.reduce((sum, d) => sum + d.renders, 0);
  const failed = days.reduce((sum, d) => sum + d.failed, 0);

  return (
    <figure className="render-stats-chart" data-testid="render-stats-chart">
      <div ref={containerRef}>
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby={titleId} className="chart-svg">
          <title id={titleId}>{t('renderStats.chart.summary', { from: dayLabel(days[0]?.day ?? ''), to: dayLabel(days.at(-1)?.day ?? ''), renders: total, failed })}</title>
          {countTicks.map((tick) => (
            <g key={`c${tick}`}>
              <line className={tick === 0 ? 'chart-zero-line' : 'chart-grid-line'} x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={Math.round(yCount(tick)) + 0.5} y2={Math.round(yCount(tick)) + 0.5} />
              <text className="chart-axis-label" x={MARGIN.left - 8} y={yCount(tick)} textAnchor="end" dominantBaseline="middle">
                {tick}
              </text>
            </g>
          ))}
          {waits.length > 0 &&
            waitTicks.map((tick) => (
              <text key={`w${tick}`} className="chart-axis-label render-stats-wait-label" x={MARGIN.left + plotWidth + 8} y={yWait(tick)} textAnchor="start" dominantBaseline="middle">
                {formatWait(tick, waitUnit)}
              </text>
            ))}
          {days.map((d, index) => {
            const x = centre(index) - barWidth / 2;
            const tip = [t('renderStats.chart.day', { day: dayLabel(d.day), renders: d.renders, failed: d.failed, paidUses: d.paidUses }), d.p95WaitSeconds === null ? null : t('renderStats.chart.dayWait', { wait: formatWait(d.p95WaitSeconds) })].filter(Boolean).join('\n');
            return (
              <g key={d.day} data-testid="render-stats-day" data-day={d.day} data-renders={d.renders} data-failed={d.failed}>
                <title>{tip}</title>
                <rect className="chart-hit-area" x={MARGIN.left + band * index} y={MARGIN.top} width={band} height={plotHeight} />
                {d.renders > 0 && <rect className="render-stats-bar" x={x} y={yCount(d.renders)} width={barWidth} height={yCount(0) - yCount(d.renders)} rx={Math.min(3, barWidth / 3)} />}
                {d.failed > 0 && <rect className="render-stats-bar-failed" data-testid="render-stats-day-failed" x={x} y={yCount(d.failed)} width={barWidth} height={yCount(0) - yCount(d.failed)} />}
                {index % labelEvery === 0 && (
                  <text className="chart-axis-label" x={centre(index)} y={HEIGHT - 8} textAnchor="middle">
                    {dayLabel(d.day)}
                  </text>
                )}
              </g>
            );
          })}
          {segments.map((points, i) =>
            points.length > 1 ? (
              <polyline key={`l${i}`} className="render-stats-wait-line" data-testid="render-stats-wait-line" points={points.map(([x, y]) => `${x},${y}`).join(' ')} />
            ) : null,
          )}
          {segments.flat().map(([x, y]) => (
            <circle key={`p${x}`} className="render-stats-wait-dot" cx={x} cy={y} r={3} />
          ))}
        </svg>
      </div>
      <figcaption className="render-stats-legend">
        <span className="render-stats-legend-item">
          <span className="render-stats-swatch render-stats-swatch-renders" aria-hidden="true" />
          {t('renderStats.chart.renders')}
        </span>
        <span className="render-stats-legend-item">
          <span className="render-stats-swatch render-stats-swatch-failed" aria-hidden="true" />
          {t('renderStats.chart.failed')}
        </span>
        <span className="render-stats-legend-item">
          <span className="render-stats-swatch render-stats-swatch-wait" aria-hidden="true" />
          {t('renderStats.chart.p95Wait')}
        </span>
      </figcaption>
    </figure>
  );
}
