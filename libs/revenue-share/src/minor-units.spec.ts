import { describe, expect, it } from '@jest/globals';
import { formatBpsAsPercent } from './minor-units.js';

describe('formatBpsAsPercent', () => {
  it.each([
    [10_000, '100%'],
    [3000, '30%'],
    [3334, '33.34%'],
    [1, '0.01%'],
    [0, '0%'],
    [12.5, '0.125%'],
    [-100, '-1%'],
  ])('shows %s bps as %s', (bps, text) => {
    expect(formatBpsAsPercent(bps)).toBe(text);
  });
});
