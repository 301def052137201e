// Calendar months as "YYYY-MM" strings. The API's months are China-time months (UTC+8), so "this
// month" is decided in Asia/Shanghai whatever the browser's time zone.
export const STATEMENT_TIME_ZONE = 'Asia/Shanghai';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH_PATTERN.test(value);
}

function toIndex(month: string): number {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new Error(`Not a YYYY-MM month: ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function fromIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month `now` falls in, in China time. */
export function currentMonth(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: STATEMENT_TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const year = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** "2026-01" + -2 -> "2025-11". */
export function addMonths(month: string, delta: number): string {
  return fromIndex(toIndex(month) + delta);
}

/** How many months from..to spans, both included (0 or less when to is before from). */
export function countMonths(from: string, to: string): number {
  return toIndex(to) - toIndex(from) + 1;
}

/** Every month from..to, both included, oldest first. */
export function listMonths(from: string, to: string): string[] {
  const start = toIndex(from);
  return Array.from({ length: Math.max(0, toIndex(to) - start + 1) }, (_, i) => fromIndex(start + i));
}

/** A month is closed (payable) once it is over in China time. */
export function isMonthClosed(month: string, now: Date = new Date()): boolean {
  return toIndex(month) < toIndex(currentMonth(now));
}
