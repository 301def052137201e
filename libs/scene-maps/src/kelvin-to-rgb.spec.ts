import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { kelvinToRgb } from './kelvin-to-rgb.js';

describe('kelvinToRgb', () => {
  it('gives about white at 6500 K', () => {
    const [r, g, b] = kelvinToRgb(6500);
    expect(r).toBe(255);
    expect(g).toBeGreaterThanOrEqual(250);
    expect(b).toBeGreaterThanOrEqual(245);
  });

  it('gives an orange-red at 2000 K', () => {
    expect(kelvinToRgb(2000)).toEqual([255, 137, 14]);
  });

  it('gives a blue-ish white at 10000 K', () => {
    const [r, g, b] = kelvinToRgb(10000);
    expect(b).toBe(255);
    expect(r).toBeLessThan(g);
    expect(g).toBeLessThan(b);
    expect(r).toBeGreaterThan(190);
  });

  it('clamps temperatures outside 2000..10000 K', () => {
    expect(kelvinToRgb(500)).toEqual(kelvinToRgb(2000));
    expect(kelvinToRgb(40000)).toEqual(kelvinToRgb(10000));
  });

  it('gets bluer and less red as the temperature rises, in integer channels 0..255', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 10000 }), fc.integer({ min: 2000, max: 10000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const cool = kelvinToRgb(high);
        const warm = kelvinToRgb(low);
        expect(cool[0]).toBeLessThanOrEqual(warm[0]);
        expect(cool[2]).toBeGreaterThanOrEqual(warm[2]);
        for (const channel of [...cool, ...warm]) {
          expect(Number.isInteger(channel) && channel >= 0 && channel <= 255).toBe(true);
        }
      }),
    );
  });
});
