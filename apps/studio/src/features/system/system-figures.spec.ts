import { describe, expect, it } from '@jest/globals';
import { axisMaxOf, shareOf, waitAxisMaxOf, waitParts } from './system-figures';

describe('system figures', () => {
  it('gives a share only when there is something to share', () => {
    expect(shareOf(1, 8)).toBe(0.125);
    expect(shareOf(0, 0)).toBeNull();
  });

  it('tops a chart at a round value at or above the largest', () => {
    expect(axisMaxOf([])).toBe(1);
    expect(axisMaxOf([0, null, 0])).toBe(1);
    expect(axisMaxOf([3, 1])).toBe(5);
    expect(axisMaxOf([5])).toBe(5);
    expect(axisMaxOf([354, null, 90])).toBe(500);
    expect(axisMaxOf([12])).toBe(20);
    expect(axisMaxOf([1000])).toBe(1000);
  });

  it('tops a wait axis at a round number of seconds, then of minutes', () => {
    expect(waitAxisMaxOf([null, 8])).toBe(10);
    expect(waitAxisMaxOf([45])).toBe(60);
    expect(waitAxisMaxOf([160, 90])).toBe(300);
    expect(waitAxisMaxOf([4000])).toBe(7200);
  });

  it('says short waits in seconds and long ones in minutes', () => {
    expect(waitParts(89.6)).toEqual({ unit: 'seconds', value: 90 });
    expect(waitParts(330)).toEqual({ unit: 'minutes', value: 5.5 });
    expect(waitParts(120)).toEqual({ unit: 'minutes', value: 2 });
  });
});
