import { listMonths } from '../../lib/calendar-month';
import type { EarningsRow } from './graphql/earnings.graphql';

export const OTHER_SERIES_KEY = 'other';

/** One stacked series: a template, or every template past `maxSeries` folded into "other". */
export interface EarningsSeries {
  key: string;
  templateId: string | null;
  title: string;
  isOther: boolean;
  /** Position in the palette: the biggest earner gets the accent colour. */
  colorIndex: number;
  totalNetMinor: number;
}

/** A series' part of one month's bar, drawn from startMinor to endMinor on the value axis. */
export interface EarningsSegment {
  seriesKey: string;
  netMinor: number;
  startMinor: number;
  endMinor: number;
}

export interface EarningsBar {
  month: string;
  totalNetMinor: number;
  /** Net per series key for this month; a key is missing when the series had no usage that month. */
  netBySeries: Record<string, number>;
  segments: EarningsSegment[];
}

export interface EarningsTotals {
  uses: number;
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
}

export interface EarningsChartData {
  currency: string;
  series: EarningsSeries[];
  bars: EarningsBar[];
  /** The value axis domain in minor units; always includes 0. */
  minMinor: number;
  maxMinor: number;
  totals: EarningsTotals;
  hasData: boolean;
}

export interface ShapeEarningsOptions {
  from: string;
  to: string;
  currency: string;
  /** Templates beyond this many (by net earnings) are folded into one "other" series. */
  maxSeries?: number;
}

/**
 * Earnings rows -> a stacked bar per month (every month from..to, empty ones included) with one
 * segment per template. Positive nets stack up from 0 and negative ones (refunds exceeding the
 * month's share) down from 0, so a segment never hides another. Rows in other currencies are left out.
 */
export function shapeEarningsChart(rows: readonly EarningsRow[], options: ShapeEarningsOptions): EarningsChartData {
  const { from, to, currency, maxSeries = 6 } = options;
  const months = listMonths(from, to);
  const inRange = new Set(months);
  const relevant = rows.filter((row) => row.currency === currency && inRange.has(row.month));

  const byTemplate = new Map<string, { title: string; totalNetMinor: number }>();
  for (const row of relevant) {
    const entry = byTemplate.get(row.templateId) ?? { title: row.templateTitle, totalNetMinor: 0 };
    entry.totalNetMinor += row.netMinor;
    byTemplate.set(row.templateId, entry);
  }
  const ranked = [...byTemplate.entries()].sort(
    ([idA, a], [idB, b]) => b.totalNetMinor - a.totalNetMinor || a.title.localeCompare(b.title) || idA.localeCompare(idB),
  );
  // Folding a single template into "other" would only rename it.
  const keepCount = ranked.length > maxSeries ? Math.max(1, maxSeries - 1) : ranked.length;
  const series: EarningsSeries[] = ranked.slice(0, keepCount).map(([templateId, entry], index) => ({
    key: templateId,
    templateId,
    title: entry.title,
    isOther: false,
    colorIndex: index,
    totalNetMinor: entry.totalNetMinor,
  }));
  const folded = ranked.slice(keepCount);
  if (folded.length > 0) {
    series.push({
      key: OTHER_SERIES_KEY,
      templateId: null,
      title: '',
      isOther: true,
      colorIndex: keepCount,
      totalNetMinor: folded.reduce((sum, [, entry]) => sum + entry.totalNetMinor, 0),
    });
  }
  const seriesKeyOf = new Map(ranked.map(([templateId], index) => [templateId, index < keepCount ? templateId : OTHER_SERIES_KEY]));

  const netByMonth = new Map<string, Record<string, number>>(months.map((month) => [month, {}]));
  const totals: EarningsTotals = { uses: 0, grossMinor: 0, shareMinor: 0, refundsMinor: 0, netMinor: 0 };
  for (const row of relevant) {
    const bucket = netByMonth.get(row.month)!;
    const key = seriesKeyOf.get(row.templateId)!;
    bucket[key] = (bucket[key] ?? 0) + row.netMinor;
    totals.uses += row.uses;
    totals.grossMinor += row.grossMinor;
    totals.shareMinor += row.shareMinor;
    totals.refundsMinor += row.refundsMinor;
    totals.netMinor += row.netMinor;
  }

  let minMinor = 0;
  let maxMinor = 0;
  const bars: EarningsBar[] = months.map((month) => {
    const netBySeries = netByMonth.get(month)!;
    let up = 0;
    let down = 0;
    const segments: EarningsSegment[] = [];
    for (const s of series) {
      const net = netBySeries[s.key];
      if (net === undefined || net === 0) continue;
      if (net > 0) {
        segments.push({ seriesKey: s.key, netMinor: net, startMinor: up, endMinor: up + net });
        up += net;
      } else {
        segments.push({ seriesKey: s.key, netMinor: net, startMinor: down, endMinor: down + net });
        down += net;
      }
    }
    maxMinor = Math.max(maxMinor, up);
    minMinor = Math.min(minMinor, down);
    return { month, totalNetMinor: up + down, netBySeries, segments };
  });

  return { currency, series, bars, minMinor, maxMinor, totals, hasData: relevant.length > 0 };
}

/** The currencies to offer: the preferred one (even with no rows yet), then any other in the rows. */
export function currenciesOf(rows: readonly EarningsRow[], preferred = 'CNY'): string[] {
  const found = [...new Set(rows.map((row) => row.currency))].sort();
  return [preferred, ...found.filter((c) => c !== preferred)];
}

/**
 * Evenly spaced axis ticks covering [min, max] (minor units), on steps of 1, 2 or 5 x 10^n, so
 * labels are round in major units too. Always includes 0.
 */
export function niceTicks(min: number, max: number, targetCount = 4): number[] {
  const low = Math.min(0, min);
  const high = Math.max(0, max);
  const span = high - low;
  if (span <= 0) return [0];
  const rough = span / targetCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  // Whole minor units only: a 0.5 fen step would give repeated labels.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const start = Math.floor(low / step) * step;
  const end = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let value = start; value <= end + step / 2; value += step) ticks.push(Math.round(value));
  return ticks;
}
