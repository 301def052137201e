import { addMinorUnits, assertMinorUnits } from './minor-units.js';

/** One template version's usage in a statement period, in minor units. */
export interface StatementLineInput {
  templateId: string;
  versionId: string;
  uses: number;
  grossMinor: number;
  /** The designer's share of grossMinor. */
  shareMinor: number;
  /** Designer share given back for refunds in the period, >= 0. */
  refundsMinor: number;
}

export interface StatementTotals {
  lines: Array<StatementLineInput & { netMinor: number }>;
  grossMinor: number;
  shareMinor: number;
  refundsMinor: number;
  netMinor: number;
  openingMinor: number;
  payoutsMinor: number;
  closingMinor: number;
}

/**
 * A designer's statement for a period: each line gets net = share - refunds, lines are sorted by
 * templateId then versionId, and closing = opening + net - payouts.
 */
export function summarizeStatement(input: { openingMinor: number; payoutsMinor: number; lines: readonly StatementLineInput[] }): StatementTotals {
  // The opening balance may be negative: refunds can outrun a period's earnings.
  assertMinorUnits('openingMinor', input.openingMinor);
  assertMinorUnits('payoutsMinor', input.payoutsMinor, 0);

  const lines = input.lines.map((line, index) => {
    const at = `lines[${index}]`;
    if (typeof line.templateId !== 'string') throw new TypeError(`${at}.templateId must be a string`);
    if (typeof line.versionId !== 'string') throw new TypeError(`${at}.versionId must be a string`);
    assertMinorUnits(`${at}.uses`, line.uses, 0);
    assertMinorUnits(`${at}.grossMinor`, line.grossMinor, 0);
    assertMinorUnits(`${at}.shareMinor`, line.shareMinor, 0);
    assertMinorUnits(`${at}.refundsMinor`, line.refundsMinor, 0);
    return { ...line, netMinor: line.shareMinor - line.refundsMinor };
  });
  // Code-unit order, not localeCompare, so every server and browser sorts alike; Array#sort is stable.
  lines.sort((a, b) => compareStrings(a.templateId, b.templateId) || compareStrings(a.versionId, b.versionId));

  let grossMinor = 0;
  let shareMinor = 0;
  let refundsMinor = 0;
  for (const line of lines) {
    grossMinor = addMinorUnits('grossMinor total', grossMinor, line.grossMinor);
    shareMinor = addMinorUnits('shareMinor total', shareMinor, line.shareMinor);
    refundsMinor = addMinorUnits('refundsMinor total', refundsMinor, line.refundsMinor);
  }
  const netMinor = addMinorUnits('netMinor total', shareMinor, -refundsMinor);
  const closingMinor = addMinorUnits('closingMinor', addMinorUnits('closingMinor', input.openingMinor, netMinor), -input.payoutsMinor);
  return { lines, grossMinor, shareMinor, refundsMinor, netMinor, openingMinor: input.openingMinor, payoutsMinor: input.payoutsMinor, closingMinor };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
