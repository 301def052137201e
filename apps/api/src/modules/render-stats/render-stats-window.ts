import { badInputIssues, inputIssue, type InputIssue } from '../../common/app-error.js';

// The window of a template's render statistics: whole UTC days, `from` and `to` included. Pure, so
// the day maths is tested without a database.

export const MAX_RENDER_STATS_DAYS = 366;
const DAY_MS = 86_400_000;
const DAY_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface RenderStatsWindow {
  /** YYYY-MM-DD, as asked. */
  from: string;
  to: string;
  /** The first instant of `from` and the first instant after `to` (UTC): renders created in [start, end). */
  start: Date;
  end: Date;
}

/** A calendar day as YYYY-MM-DD -> its first instant in UTC; null when it is no such day (2026-02-30). */
export function parseUtcDay(day: string): Date | null {
  const match = DAY_FORMAT.exec(day);
  if (!match) return null;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return at.toISOString().slice(0, 10) === day ? at : null;
}

/** from and to (YYYY-MM-DD, both included) -> the window, or BAD_USER_INPUT naming the argument to fix. */
export function toRenderStatsWindow(from: string, to: string): RenderStatsWindow {
  const start = parseUtcDay(from);
  const last = parseUtcDay(to);
  const issues: InputIssue[] = [];
  if (!start) issues.push(inputIssue('from', 'renderStats.dayFormat'));
  if (!last) issues.push(inputIssue('to', 'renderStats.dayFormat'));
  if (issues.length) throw badInputIssues(issues);
  if (last! < start!) throw badInputIssues([inputIssue('to', 'renderStats.rangeReversed')]);
  if ((last!.getTime() - start!.getTime()) / DAY_MS + 1 > MAX_RENDER_STATS_DAYS) throw badInputIssues([inputIssue('to', 'renderStats.rangeTooLong', { max: MAX_RENDER_STATS_DAYS })]);
  return { from, to, start: start!, end: new Date(last!.getTime() + DAY_MS) };
}

/** Every UTC day of the window, oldest first, as YYYY-MM-DD. */
export function daysOf(window: Pick<RenderStatsWindow, 'start' | 'end'>): string[] {
  const days: string[] = [];
  for (let at = window.start.getTime(); at < window.end.getTime(); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}
