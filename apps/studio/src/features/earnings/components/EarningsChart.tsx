import { useId, useRef, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { currencyFractionDigits } from '../../../i18n/translator';
import { useElementWidth } from '../../../lib/useElementWidth';
import { niceTicks, type EarningsChartData, type EarningsSeries } from '../earnings-chart-data';
import '../earnings.css';

const HEIGHT = 280;
const MARGIN = { top: 28, right: 8, bottom: 30 };
const MAX_LABELLED_MONTHS = 12;

interface EarningsChartProps {
  data: EarningsChartData;
  /** The title of the "other templates" series, in the active language. */
  seriesTitle: (series: EarningsSeries) => string;
}

/** Net earnings per month as stacked bars (one colour per template), drawn as inline SVG. */
export function EarningsChart({ data, seriesTitle }: EarningsChartProps) {
  const { t, formatMoney, formatMonth } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(containerRef, 880);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const titleId = useId();
  const { currency, bars, series } = data;

  const ticks = niceTicks(data.minMinor, data.maxMinor, 4);
  const domainMin = ticks[0]!;
  const domainMax = ticks.at(-1)! === domainMin ? domainMin + 1 : ticks.at(-1)!;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  // Round steps (a yuan or more) need no fen on the axis.
  const wholeUnits = step % 10 ** currencyFractionDigits(currency) === 0;
  const tickLabel = (minor: number) => formatMoney(minor, currency, { wholeUnits });
  const left = Math.max(...ticks.map((tick) => tickLabel(tick).length)) * 7 + 16;

  const plotWidth = Math.max(40, width - left - MARGIN.right);
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (minor: number) => MARGIN.top + ((domainMax - minor) / (domainMax - domainMin)) * plotHeight;
  const band = plotWidth / Math.max(1, bars.length);
  const barWidth = Math.min(56, Math.max(6, band * 0.56));
  const labelEvery = Math.ceil(bars.length / MAX_LABELLED_MONTHS);
  const showTotals = bars.length <= MAX_LABELLED_MONTHS;
  const seriesByKey = new Map(series.map((s) => [s.key, s]));

  const hovered = hoverIndex === null ? null : bars[hoverIndex];
  // The tooltip sits beside the hovered bar, on the side with more room.
  const hoveredX = hoverIndex === null ? 0 : left + band * hoverIndex + (band - barWidth) / 2;
  const tooltipOnLeft = hoveredX > width * 0.6;
  const tooltipLeft = tooltipOnLeft ? hoveredX - 12 : hoveredX + barWidth + 12;

  return (
    <div className="chart" ref={containerRef} data-testid="earnings-chart" onMouseLeave={() => setHoverIndex(null)}>
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        className="chart-svg"
      >
        <title id={titleId}>
          {t('earnings.chart.summary', {
            from: formatMonth(bars[0]?.month ?? ''),
            to: formatMonth(bars.at(-1)?.month ?? ''),
            total: formatMoney(data.totals.netMinor, currency),
          })}
        </title>

        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className={tick === 0 ? 'chart-zero-line' : 'chart-grid-line'}
              x1={left}
              x2={left + plotWidth}
              y1={Math.round(y(tick)) + 0.5}
              y2={Math.round(y(tick)) + 0.5}
            />
            <text className="chart-axis-label" x={left - 10} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {tickLabel(tick)}
            </text>
          </g>
        ))}

        {bars.map((bar, index) => {
          const x = left + band * index + (band - barWidth) / 2;
          const isHovered = hoverIndex === index;
          const topMinor = bar.segments.reduce((max, s) => Math.max(max, s.endMinor, s.startMinor), 0);
          const bottomMinor = bar.segments.reduce((min, s) => Math.min(min, s.endMinor, s.startMinor), 0);
          return (
            <g key={bar.month} data-testid="chart-bar" data-month={bar.month} data-total={bar.totalNetMinor}>
              {isHovered && (
                <rect className="chart-hover-band" x={left + band * index + 2} y={MARGIN.top - 20} width={band - 4} height={plotHeight + 20} rx={6} />
              )}
              {bar.segments.map((segment) => {
                const s = seriesByKey.get(segment.seriesKey)!;
                const top = y(Math.max(segment.startMinor, segment.endMinor));
                const bottom = y(Math.min(segment.startMinor, segment.endMinor));
                return (
                  <rect
                    key={segment.seriesKey}
                    className={`chart-segment series-fill-${s.colorIndex % 8}`}
                    data-testid="chart-segment"
                    data-series={segment.seriesKey}
                    data-net={segment.netMinor}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={Math.max(1, bottom - top)}
                  >
                    <title>{`${seriesTitle(s)} · ${formatMonth(bar.month)}: ${formatMoney(segment.netMinor, currency)}`}</title>
                  </rect>
                );
              })}
              {showTotals && bar.segments.length > 0 && (
                <text
                  className="chart-total-label"
                  x={x + barWidth / 2}
                  y={bar.totalNetMinor >= 0 ? y(topMinor) - 6 : y(bottomMinor) + 14}
                  textAnchor="middle"
                >
                  {formatMoney(bar.totalNetMinor, currency)}
                </text>
              )}
              {index % labelEvery === 0 && (
                <text className="chart-axis-label" x={left + band * (index + 0.5)} y={HEIGHT - 8} textAnchor="middle">
                  {formatMonth(bar.month)}
                </text>
              )}
              <rect
                className="chart-hit-area"
                x={left + band * index}
                y={MARGIN.top - 20}
                width={band}
                height={plotHeight + 20}
                onMouseEnter={() => setHoverIndex(index)}
              />
            </g>
          );
        })}
      </svg>

      {!data.hasData && (
        <div className="chart-empty" data-testid="earnings-chart-empty">
          {t('earnings.chart.empty')}
        </div>
      )}

      {hovered && hovered.segments.length > 0 && (
        <div
          className={`chart-tooltip${tooltipOnLeft ? ' chart-tooltip-left' : ''}`}
          style={{ left: tooltipLeft }}
          aria-hidden="true"
        >
          <div className="chart-tooltip-title">{formatMonth(hovered.month, 'long')}</div>
          {series
            .filter((s) => hovered.netBySeries[s.key] !== undefined)
            .map((s) => (
              <div key={s.key} className="chart-tooltip-row">
                <span className={`legend-swatch series-bg-${s.colorIndex % 8}`} />
                <span className="chart-tooltip-name">{seriesTitle(s)}</span>
                <span className="chart-tooltip-value">{formatMoney(hovered.netBySeries[s.key]!, currency)}</span>
              </div>
            ))}
          <div className="chart-tooltip-row chart-tooltip-total">
            <span />
            <span className="chart-tooltip-name">{t('earnings.table.total')}</span>
            <span className="chart-tooltip-value">{formatMoney(hovered.totalNetMinor, currency)}</span>
          </div>
        </div>
      )}
    </div>
  );
}
