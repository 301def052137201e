import { describe, expect, it } from '@jest/globals';
import { daysOf, parseUtcDay, toRenderStatsWindow } from './render-stats-window.js';
import { toVersionRenderStats } from './render-stats.service.js';
import type { RenderFiguresRow } from './render-stats.repository.js';

describe('render stats window', () => {
  it('reads calendar days only', () => {
    expect(parseUtcDay('2026-11-30')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseUtcDay('2028-02-29')).not.toBeNull();
    for (const bad of ['2026-02-29', '2026-13-01', '2026-11-1', '2026-11-30T00:00:00Z', '']) expect(parseUtcDay(bad)).toBeNull();
  });

  it('runs from the first instant of from to the first instant after to, and lists its days', () => {
    const window = toRenderStatsWindow('2026-10-30', '2026-11-02');
    expect([window.start.toISOString(), window.end.toISOString()]).toEqual(['2026-10-30T00:00:00.000Z', '2026-11-03T00:00:00.000Z']);
    expect(daysOf(window)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(daysOf(toRenderStatsWindow('2026-11-02', '2026-11-02'))).toEqual(['2026-11-02']);
  });

  it('refuses a reversed window and more than 366 days, naming "to"', () => {
    expect(() => toRenderStatsWindow('2026-11-02', '2026-11-01')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ reason: 'renderStats.rangeReversed', issues: [expect.objectContaining({ path: 'to' })] }) }));
    expect(daysOf(toRenderStatsWindow('2024-01-01', '2024-12-31'))).toHaveLength(366);
    expect(() => toRenderStatsWindow('2024-01-01', '2025-01-01')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ reason: 'renderStats.rangeTooLong', issues: [expect.objectContaining({ path: 'to' })] }) }));
  });
});

describe('toVersionRenderStats', () => {
  const row = (day: string | null, renders: number, paidUses = 0, refundedUses = 0): RenderFiguresRow => ({
    versionId: 'v1', versionNumber: 1, day, renders, succeeded: renders, failed: 0, cancelled: 0, paidUses, refundedUses, medianWaitSeconds: renders ? 5 : null, p95WaitSeconds: renders ? 9 : null,
  });

  it('fills the days without renders with zeros and works out the refund rate', () => {
    const stats = toVersionRenderStats([row(null, 3, 4, 1), row('2026-11-02', 3, 4, 1)], ['2026-11-01', '2026-11-02']);
    expect(stats).toMatchObject({ renders: 3, paidUses: 4, refundedUses: 1, refundRate: 0.25 });
    expect(stats.days).toEqual([
      { day: '2026-11-01', renders: 0, failed: 0, paidUses: 0, p95WaitSeconds: null },
      { day: '2026-11-02', renders: 3, failed: 0, paidUses: 4, p95WaitSeconds: 9 },
    ]);
  });

  it('has no refund rate without paid uses', () => {
    expect(toVersionRenderStats([row(null, 0)], ['2026-11-01']).refundRate).toBeNull();
  });
});
