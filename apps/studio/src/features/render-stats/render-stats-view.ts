// Pure helpers of the "How it does" panel: the window asked for, which version to show, and how a
// queue wait reads. No React, so they are tested with plain values.

const DAY_MS = 86_400_000;

export const RENDER_STATS_PERIODS = [7, 30, 90] as const;
export type RenderStatsPeriod = (typeof RENDER_STATS_PERIODS)[number];

/** The last `days` UTC days up to and including today's, as the API's from / to (YYYY-MM-DD). */
export function renderStatsWindow(now: Date, days: number): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: new Date(today).toISOString().slice(0, 10) };
}

/** The version picked if it is among those with figures, else the published one, else the newest (first). */
export function pickStatsVersion<V extends { versionId: string }>(versions: readonly V[], picked: string | null, publishedVersionId: string | null): V | null {
  return versions.find((v) => v.versionId === picked) ?? versions.find((v) => v.versionId === publishedVersionId) ?? versions[0] ?? null;
}

export type WaitUnit = 'seconds' | 'minutes' | 'hours';

/** Seconds -> a value and unit a person reads at a glance: 0.4 s, 42 s, 3.5 min, 2.1 h. */
export function splitWait(seconds: number): { value: number; unit: WaitUnit } {
  if (seconds < 90) return { value: seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds), unit: 'seconds' };
  if (seconds < 90 * 60) return { value: Math.round(seconds / 6) / 10, unit: 'minutes' };
  return { value: Math.round(seconds / 360) / 10, unit: 'hours' };
}

/** Round axis steps (1, 2, 5 x 10^n) from 0 to at least `max`, about `count` steps; whole numbers only unless `fractional`. */
export function roundTicks(max: number, count = 4, fractional = false): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const step = fractional ? nice : Math.max(1, nice);
  const ticks: number[] = [];
  for (let i = 0; ticks.at(-1) === undefined || ticks.at(-1)! < max; i++) ticks.push(Math.round(i * step * 1e6) / 1e6);
  return ticks;
}
