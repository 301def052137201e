import { useId, useRef } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useElementWidth } from '../../../lib/useElementWidth';
import { axisMaxOf } from '../system-figures';

const HEIGHT = 150;
const MARGIN = { top: 10, right: 6, bottom: 22 };
// Every third bucket is labelled (09:20, 09:35, ...): four labels an hour stay readable on a phone.
const LABEL_EVERY = 3;

export interface ChartSeries {
  key: string;
  label: string;
  /** A class of system.css that colours it (`system-fill-*` for bars, `system-stroke-*` for markers). */
  className: string;
  values: ReadonlyArray<number | null>;
}

interface BucketChartProps {
  title: string;
  buckets: ReadonlyArray<{ start: string; end: string }>;
  /** Bars, stacked bottom to top. */
  stacks: ChartSeries[];
  /** Values drawn as a short line across each bar (e.g. the 90th percentile above the median). */
  markers?: ChartSeries[];
  /** How a value reads in a tooltip (and on the axis, unless `formatTick` says otherwise). */
  formatValue: (value: number) => string;
  /** The axis top; by default the smallest 1, 2 or 5 × 10^n over every value. */
  axisMax?: number;
  formatTick?: (value: number) => string;
  /** Shown over the chart when every value is zero or missing. */
  emptyText: string;
  testId: string;
}

/** Five-minute buckets as small stacked bars with an axis, drawn as inline SVG (hover a bar for its figures). */
export function BucketChart({ title, buckets, stacks, markers = [], formatValue, axisMax, formatTick = formatValue, emptyText, testId }: BucketChartProps) {
  const { t, formatDate } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(containerRef, 320);
  const titleId = useId();

  const totals = buckets.map((_, i) => stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const markerValues = markers.flatMap((m) => m.values);
  const isEmpty = [...totals, ...markerValues].every((v) => !v);
  const top = axisMax ?? axisMaxOf([...totals, ...markerValues]);
  // Counts never sit on half a job: a half-way tick is only drawn when it is whole.
  const ticks = [0, top / 2, top].filter((tick) => Number.isInteger(tick));
  const left = Math.max(...ticks.map((tick) => formatTick(tick).length)) * 7 + 10;
  const plotWidth = Math.max(40, width - left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + (1 - value / top) * plotHeight;
  const band = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.min(26, Math.max(4, band * 0.62));
  const time = (iso: string) => formatDate(iso, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

  return (
    <figure className="system-chart" data-testid={testId}>
      <figcaption className="system-chart-title" id={titleId}>
        {title}
      </figcaption>
      <div ref={containerRef} className="system-chart-plot">
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-labelledby={titleId} className="system-chart-svg">
          {ticks.map((tick) => (
            <g key={tick}>
              <line className={tick === 0 ? 'system-chart-base' : 'system-chart-grid'} x1={left} x2={left + plotWidth} y1={Math.round(y(tick)) + 0.5} y2={Math.round(y(tick)) + 0.5} />
              <text className="system-chart-axis" x={left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
                {formatTick(tick)}
              </text>
            </g>
          ))}
          {buckets.map((bucket, i) => {
            const x = left + band * i + (band - barWidth) / 2;
            let base = 0;
            const figures = [...stacks, ...markers].filter((s) => s.values[i] !== null).map((s) => t('system.chart.figure', { label: s.label, value: formatValue(s.values[i]!) }));
            return (
              <g key={bucket.start} data-testid="chart-bucket" data-start={bucket.start}>
                <title>{`${time(bucket.start)}–${time(bucket.end)} · ${figures.join(' · ') || '—'}`}</title>
                <rect className="system-chart-hit" x={left + band * i} y={MARGIN.top} width={band} height={plotHeight} />
                {stacks.map((s) => {
                  const value = s.values[i] ?? 0;
                  if (value <= 0) return null;
                  const from = base;
                  base += value;
                  return <rect key={s.key} className={s.className} data-series={s.key} data-value={value} x={x} y={y(base)} width={barWidth} height={Math.max(1, y(from) - y(base))} rx={2} />;
                })}
                {markers.map((m) => {
                  const value = m.values[i];
                  if (value === null || value === undefined) return null;
                  return <line key={m.key} className={m.className} data-series={m.key} data-value={value} x1={x - 3} x2={x + barWidth + 3} y1={y(value)} y2={y(value)} />;
                })}
                {i % LABEL_EVERY === 0 && (
                  <text className="system-chart-axis" x={left + band * (i + 0.5)} y={HEIGHT - 6} textAnchor="middle">
                    {time(bucket.start)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {isEmpty && (
          <div className="system-chart-empty" data-testid="chart-empty">
            {emptyText}
          </div>
        )}
      </div>
      <ul className="system-legend">
        {[...stacks, ...markers].map((s) => (
          <li key={s.key}>
            <span className={`system-swatch ${s.className}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
