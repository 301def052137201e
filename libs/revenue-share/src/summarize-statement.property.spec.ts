import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { summarizeStatement, type StatementLineInput } from './summarize-statement.js';
import { PROPERTY_OPTIONS, sum } from './testing/arbitraries.js';

const amount = fc.integer({ min: 0, max: 1e12 });
const lineArbitrary: fc.Arbitrary<StatementLineInput> = fc.record({
  templateId: fc.constantFrom('t-a', 't-b', 'T-c', 't-a2'),
  versionId: fc.constantFrom('v1', 'v2', 'v10'),
  uses: fc.integer({ min: 0, max: 1e6 }),
  grossMinor: amount,
  shareMinor: amount,
  refundsMinor: amount,
});
// One line per template version, as a statement query would return them.
const linesArbitrary = fc.uniqueArray(lineArbitrary, { maxLength: 12, selector: (l) => `${l.templateId}\u0000${l.versionId}` });
const inputArbitrary = fc.record({ openingMinor: fc.integer({ min: -1e12, max: 1e12 }), payoutsMinor: amount, lines: linesArbitrary });

describe('summarizeStatement (properties)', () => {
  it('totals the lines and closes the balance', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const statement = summarizeStatement(input);
        expect(statement.grossMinor).toBe(sum(input.lines.map((l) => l.grossMinor)));
        expect(statement.shareMinor).toBe(sum(input.lines.map((l) => l.shareMinor)));
        expect(statement.refundsMinor).toBe(sum(input.lines.map((l) => l.refundsMinor)));
        expect(statement.netMinor).toBe(sum(statement.lines.map((l) => l.netMinor)));
        statement.lines.forEach((l) => expect(l.netMinor).toBe(l.shareMinor - l.refundsMinor));
        expect(statement.closingMinor).toBe(statement.openingMinor + statement.netMinor - statement.payoutsMinor);
        const keys = statement.lines.map((l) => [l.templateId, l.versionId] as const);
        keys.slice(1).forEach(([t, v], i) => {
          const [pt, pv] = keys[i]!;
          expect(pt < t || (pt === t && pv < v)).toBe(true);
        });
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('does not depend on the order of the input lines', () => {
    fc.assert(
      fc.property(
        inputArbitrary.chain((input) => fc.record({ input: fc.constant(input), shuffled: fc.shuffledSubarray(input.lines, { minLength: input.lines.length }) })),
        ({ input, shuffled }) => {
          expect(summarizeStatement({ ...input, lines: shuffled })).toEqual(summarizeStatement(input));
        },
      ),
      PROPERTY_OPTIONS,
    );
  });
});
