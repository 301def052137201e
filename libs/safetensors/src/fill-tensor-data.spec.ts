import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { toFloat16Bits } from './fill-tensor-data.js';

// Reference decoder for the bits, to check the encoder against.
function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

describe('toFloat16Bits', () => {
  it('encodes well-known values', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(0)).toBe(0);
  });

  it('rounds to the nearest half-precision value (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -60000, max: 60000, noNaN: true }), (x) => {
        const decoded = fromFloat16Bits(toFloat16Bits(x));
        const ulp = Math.max(2 ** -24, 2 ** (Math.floor(Math.log2(Math.abs(x) || 1)) - 10));
        expect(Math.abs(decoded - Math.fround(x))).toBeLessThanOrEqual(ulp / 2 + 1e-12);
      }),
    );
  });
});
