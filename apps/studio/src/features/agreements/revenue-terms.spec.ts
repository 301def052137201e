import { describe, expect, it } from '@jest/globals';
import { defaultEffectiveFromInput, formatBpsForInput, parseAmountToMinor, parsePercentToBps, placeAgreementsInTime, previewSaleSplit } from './revenue-terms';

describe('placeAgreementsInTime', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const base = { id: 'a0', effectiveFrom: null };
  const march = { id: 'a1', effectiveFrom: '2026-03-01T00:00:00Z' };
  const june = { id: 'a2', effectiveFrom: '2026-06-01T00:00:00Z' };
  const next = { id: 'a3', effectiveFrom: '2027-01-01T00:00:00Z' };

  it('puts the latest started agreement in force, earlier ones newest first and scheduled ones apart', () => {
    expect(placeAgreementsInTime([base, march, june, next], now)).toEqual({ inForce: june, upcoming: [next], earlier: [march, base] });
  });

  it('keeps the default terms in force when nothing else has started', () => {
    expect(placeAgreementsInTime([base, next], now)).toEqual({ inForce: base, upcoming: [next], earlier: [] });
  });
});

describe('form parsing', () => {
  it('reads amounts in yuan as fen', () => {
    expect([parseAmountToMinor('9.90'), parseAmountToMinor('9,9'), parseAmountToMinor('12'), parseAmountToMinor('0.01')]).toEqual([990, 990, 1200, 1]);
    expect([parseAmountToMinor('-1'), parseAmountToMinor('1.234'), parseAmountToMinor('abc'), parseAmountToMinor('')]).toEqual([null, null, null, null]);
  });

  it('reads per cent as basis points up to 100 %', () => {
    expect([parsePercentToBps('30'), parsePercentToBps('12.5'), parsePercentToBps('0'), parsePercentToBps('100')]).toEqual([3000, 1250, 0, 10000]);
    expect([parsePercentToBps('100.01'), parsePercentToBps('1.234'), parsePercentToBps('x')]).toEqual([null, null, null]);
    expect([formatBpsForInput(3000), formatBpsForInput(1250)]).toEqual(['30', '12.5']);
  });

  it('suggests a minute from now in local time', () => {
    const now = new Date(2026, 11, 7, 9, 59, 30);
    expect(defaultEffectiveFromInput(now)).toBe('2026-12-07T10:00');
  });
});

describe('previewSaleSplit', () => {
  it('splits ¥9.90 at 30 % between the platform and two co-authors 60/40 as the ledger does', () => {
    const preview = previewSaleSplit(990, { designerShareBps: 3000, coAuthors: [{ designerId: 'dana', shareBps: 6000 }, { designerId: 'li', shareBps: 4000 }] });
    // 990 * 30 % = 297 to the designers; 297 * 60 % = 178.2 -> 178, 118.8 -> 119 (largest remainder).
    expect(preview).toEqual({ kind: 'split', designersMinor: 297, split: { platform: 693, designers: [{ designerId: 'dana', amount: 178 }, { designerId: 'li', amount: 119 }] } });
  });

  it('names what is wrong instead of splitting with bad terms', () => {
    const preview = previewSaleSplit(990, { designerShareBps: 3000, coAuthors: [{ designerId: 'dana', shareBps: 5000 }, { designerId: 'li', shareBps: 4000 }] });
    expect(preview.kind).toBe('invalid');
    expect(preview.kind === 'invalid' && preview.problems.map((p) => p.path)).toEqual(['coAuthors']);
  });
});
