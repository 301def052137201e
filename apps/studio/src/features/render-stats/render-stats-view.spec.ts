import { describe, expect, it } from '@jest/globals';
import { pickStatsVersion, renderStatsWindow, roundTicks, splitWait, waitTicks } from './render-stats-view';

describe('render stats view helpers', () => {
  it('asks for the last n UTC days, today included, whatever the local time', () => {
    expect(renderStatsWindow(new Date('2026-12-07T23:59:00Z'), 30)).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(renderStatsWindow(new Date('2026-03-01T00:00:00Z'), 7)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('shows the picked version, else the published one, else the newest', () => {
    const versions = [{ versionId: 'v3' }, { versionId: 'v2' }, { versionId: 'v1' }];
    expect(pickStatsVersion(versions, 'v1', 'v2')?.versionId).toBe('v1');
    expect(pickStatsVersion(versions, 'gone', 'v2')?.versionId).toBe('v2');
    expect(pickStatsVersion(versions, null, null)?.versionId).toBe('v3');
    expect(pickStatsVersion([], null, 'v2')).toBeNull();
  });

  it('reads a wait in seconds, minutes or hours', () => {
    expect(splitWait(0.42)).toEqual({ value: 0.4, unit: 'seconds' });
    expect(splitWait(42.4)).toEqual({ value: 42, unit: 'seconds' });
    expect(splitWait(210)).toEqual({ value: 3.5, unit: 'minutes' });
    expect(splitWait(7560)).toEqual({ value: 2.1, unit: 'hours' });
    expect(splitWait(30, 'minutes')).toEqual({ value: 0.5, unit: 'minutes' });
  });

  it('labels a wait axis in one unit with round steps', () => {
    expect(waitTicks(165)).toEqual({ ticks: [0, 60, 120, 180], unit: 'minutes' });
    expect(waitTicks(29)).toEqual({ ticks: [0, 10, 20, 30], unit: 'seconds' });
  });

  it('puts round ticks on an axis: whole numbers for counts, fractions for waits', () => {
    expect(roundTicks(0)).toEqual([0, 1]);
    expect(roundTicks(3)).toEqual([0, 1, 2, 3]);
    expect(roundTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(roundTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(roundTicks(0.9, 3, true)).toEqual([0, 0.5, 1]);
  });
});
