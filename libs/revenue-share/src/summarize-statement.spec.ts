import { describe, expect, it } from '@jest/globals';
import { summarizeStatement, type StatementLineInput } from './summarize-statement.js';

const line = (overrides: Partial<StatementLineInput>): StatementLineInput => ({
  templateId: 't1',
  versionId: 'v1',
  uses: 1,
  grossMinor: 100,
  shareMinor: 30,
  refundsMinor: 0,
  ...overrides,
});

describe('summarizeStatement', () => {
  it('nets refunds off the share per line and in total, and carries the balance', () => {
    const statement = summarizeStatement({
      openingMinor: 500,
      payoutsMinor: 400,
      lines: [
        line({ templateId: 'wedding', versionId: 'v2', uses: 10, grossMinor: 1000, shareMinor: 300, refundsMinor: 30 }),
        line({ templateId: 'graduation', versionId: 'v1', uses: 3, grossMinor: 297, shareMinor: 89, refundsMinor: 0 }),
      ],
    });
    expect(statement).toEqual({
      lines: [
        { templateId: 'graduation', versionId: 'v1', uses: 3, grossMinor: 297, shareMinor: 89, refundsMinor: 0, netMinor: 89 },
        { templateId: 'wedding', versionId: 'v2', uses: 10, grossMinor: 1000, shareMinor: 300, refundsMinor: 30, netMinor: 270 },
      ],
      grossMinor: 1297,
      shareMinor: 389,
      refundsMinor: 30,
      netMinor: 359,
      openingMinor: 500,
      payoutsMinor: 400,
      closingMinor: 459,
    });
  });

  it('sorts by templateId then versionId in code-unit order, keeping the input order of equal keys', () => {
    const statement = summarizeStatement({
      openingMinor: 0,
      payoutsMinor: 0,
      lines: [
        line({ templateId: 'b', versionId: 'v2' }),
        line({ templateId: 'a', versionId: 'v10', uses: 1 }),
        line({ templateId: 'B', versionId: 'v1' }),
        line({ templateId: 'a', versionId: 'v1' }),
        line({ templateId: 'a', versionId: 'v10', uses: 2 }),
      ],
    });
    expect(statement.lines.map((l) => `${l.templateId}/${l.versionId}/${l.uses}`)).toEqual(['B/v1/1', 'a/v1/1', 'a/v10/1', 'a/v10/2', 'b/v2/1']);
  });

  it('lets refunds outrun the share, giving a negative net and closing balance', () => {
    const statement = summarizeStatement({ openingMinor: -10, payoutsMinor: 0, lines: [line({ shareMinor: 5, refundsMinor: 20 })] });
    expect(statement.lines[0]!.netMinor).toBe(-15);
    expect(statement.netMinor).toBe(-15);
    expect(statement.closingMinor).toBe(-25);
  });

  it('summarises an empty period to the opening balance less payouts', () => {
    expect(summarizeStatement({ openingMinor: 1200, payoutsMinor: 1000, lines: [] })).toEqual({
      lines: [],
      grossMinor: 0,
      shareMinor: 0,
      refundsMinor: 0,
      netMinor: 0,
      openingMinor: 1200,
      payoutsMinor: 1000,
      closingMinor: 200,
    });
  });

  it('does not reorder the input array', () => {
    const lines = [line({ templateId: 'b' }), line({ templateId: 'a' })];
    summarizeStatement({ openingMinor: 0, payoutsMinor: 0, lines });
    expect(lines.map((l) => l.templateId)).toEqual(['b', 'a']);
  });

  it('rejects amounts that are not safe integers, naming the field and value', () => {
    const base = { openingMinor: 0, payoutsMinor: 0 };
    expect(() => summarizeStatement({ ...base, lines: [line({}), line({ refundsMinor: -1 })] })).toThrow(
      new RangeError('lines[1].refundsMinor must be >= 0, got -1'),
    );
    expect(() => summarizeStatement({ ...base, lines: [line({ shareMinor: 0.5 })] })).toThrow(
      new RangeError('lines[0].shareMinor must be a safe integer number of minor units, got 0.5'),
    );
    expect(() => summarizeStatement({ ...base, openingMinor: 1e20, lines: [] })).toThrow(
      new RangeError('openingMinor must be a safe integer number of minor units, got 100000000000000000000'),
    );
    expect(() => summarizeStatement({ ...base, payoutsMinor: -1, lines: [] })).toThrow(new RangeError('payoutsMinor must be >= 0, got -1'));
  });

  it('rejects totals that would leave the safe integer range', () => {
    const big = line({ grossMinor: Number.MAX_SAFE_INTEGER, shareMinor: 1 });
    expect(() => summarizeStatement({ openingMinor: 0, payoutsMinor: 0, lines: [big, big] })).toThrow(
      new RangeError(`grossMinor total overflows the safe integer range (${Number.MAX_SAFE_INTEGER} + ${Number.MAX_SAFE_INTEGER})`),
    );
  });
});
