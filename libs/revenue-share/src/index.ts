export { allocateLargestRemainder } from './allocate-largest-remainder.js';
export { addMinorUnits, assertMinorUnits, formatBpsAsPercent } from './minor-units.js';
export {
  assertValidSplitTerms,
  FULL_SHARE_BPS,
  validateSplitTerms,
  type CoAuthorShare,
  type RevenueSplitTerms,
  type TermsProblem,
  type TermsProblemCode,
} from './split-terms.js';
export { splitRefund, splitUsage, type UsageSplit } from './split-usage.js';
export { summarizeStatement, type StatementLineInput, type StatementTotals } from './summarize-statement.js';
