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

const UNIT_SECONDS: Record<WaitUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };

/** The unit a wait of this many seconds reads best in: seconds below 90 s, minutes below 90 min, then hours. */
export function waitUnitOf(seconds: number): WaitUnit {
  return seconds < 90 ? 'seconds' : seconds < 90 * 60 ? 'minutes' : 'hours';
}

/** Seconds -> a value and unit a person reads at a glance (0.4 s, 42 s, 3.5 min, 2.1 h), or in the unit given (an axis). */
export function splitWait(seconds: number, unit: WaitUnit = waitUnitOf(seconds)): { value: number; unit: WaitUnit } {
  const value = seconds / UNIT_SECONDS[unit];
  return { value: unit === 'seconds' && value >= 10 ? Math.round(value) : Math.round(value * 10) / 10, unit };
}

/** Round ticks for a wait axis up to `maxSeconds`, in one unit: [0, 60, 120, 180] with the unit minutes. */
export function waitTicks(maxSeconds: number): { ticks: number[]; unit: WaitUnit } {
  const unit = waitUnitOf(maxSeconds);
  return { ticks: roundTicks(maxSeconds / UNIT_SECONDS[unit], 3, true).map((tick) => tick * UNIT_SECONDS[unit]), unit };
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
