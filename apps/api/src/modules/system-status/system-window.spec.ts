import { describe, expect, it } from '@jest/globals';
import { statusWindowOf } from './system-window.js';

describe('statusWindowOf', () => {
  it('cuts the last hour into 12 five-minute buckets on the five-minute marks, the last one holding now', () => {
    const w = statusWindowOf(new Date('2026-12-03T10:17:30.000Z'));
    expect(w.from.toISOString()).toBe('2026-12-03T09:20:00.000Z');
    expect(w.to.toISOString()).toBe('2026-12-03T10:20:00.000Z');
    expect(w.buckets).toHaveLength(12);
    expect(w.buckets[0]).toEqual({ start: new Date('2026-12-03T09:20:00.000Z'), end: new Date('2026-12-03T09:25:00.000Z') });
    expect(w.buckets[11]).toEqual({ start: new Date('2026-12-03T10:15:00.000Z'), end: new Date('2026-12-03T10:20:00.000Z') });
    // Every bucket starts where the one before ends.
    for (let i = 1; i < 12; i++) expect(w.buckets[i]!.start).toEqual(w.buckets[i - 1]!.end);
  });

  it('starts a new bucket exactly on the mark', () => {
    const w = statusWindowOf(new Date('2026-12-03T10:20:00.000Z'));
    expect(w.buckets[11]!.start.toISOString()).toBe('2026-12-03T10:20:00.000Z');
    expect(w.from.toISOString()).toBe('2026-12-03T09:25:00.000Z');
  });
});
