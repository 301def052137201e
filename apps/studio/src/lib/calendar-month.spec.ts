import { describe, expect, it } from '@jest/globals';
import { addMonths, countMonths, currentMonth, isMonthClosed, listMonths } from './calendar-month';

describe('calendar months', () => {
  it('decides the current month in China time', () => {
    // 16:30 UTC on 31 Oct is already 1 Nov in Shanghai.
    expect(currentMonth(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
    expect(currentMonth(new Date('2026-10-31T15:59:00Z'))).toBe('2026-10');
  });

  it('steps across years and lists ranges inclusively', () => {
    expect(addMonths('2026-01', -2)).toBe('2025-11');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(listMonths('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(listMonths('2026-02', '2026-01')).toEqual([]);
    expect(countMonths('2024-01', '2026-12')).toBe(36);
  });

  it('closes a month once it is over in China time', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(isMonthClosed('2026-10', now)).toBe(true);
    expect(isMonthClosed('2026-11', now)).toBe(false);
  });
});
