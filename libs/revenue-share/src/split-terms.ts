import { describeValue, formatBpsAsPercent } from './minor-units.js';

/** 10000 basis points = 100%. */
export const FULL_SHARE_BPS = 10_000;

export interface CoAuthorShare {
  designerId: string;
  /** This co-author's part of the designers' pool, in basis points (> 0). */
  shareBps: number;
}

export interface RevenueSplitTerms {
  /** The designers' pool as a share of gross, 0..10000 bps; the platform keeps the rest. */
  designerShareBps: number;
  /** At least one, unique designerIds, shares > 0 adding up to exactly 10000 bps. */
  coAuthors: ReadonlyArray<CoAuthorShare>;
}

/** `path` is dotted into the terms ("coAuthors.1.shareBps"); `message` is for the designer. */
export type TermsProblem = { path: string; message: string };

/** Every problem with the terms at once, in field order; [] when they are valid. */
export function validateSplitTerms(terms: RevenueSplitTerms): TermsProblem[] {
  // Terms often come from JSON, so nothing here trusts the static type.
  if (typeof terms !== 'object' || terms === null) {
    return [{ path: '', message: `Revenue split terms must be an object (got ${describeValue(terms)})` }];
  }
  const problems: TermsProblem[] = [];
  const bpsProblem = describeBpsProblem(terms.designerShareBps, 0);
  if (bpsProblem) problems.push({ path: 'designerShareBps', message: `The designers' share ${bpsProblem}` });

  const { coAuthors } = terms;
  if (!Array.isArray(coAuthors)) {
    problems.push({ path: 'coAuthors', message: 'Co-authors must be a list' });
    return problems;
  }
  if (coAuthors.length === 0) {
    problems.push({ path: 'coAuthors', message: 'Add at least one co-author' });
    return problems;
  }

  const seenIds = new Set<string>();
  let shareSum = 0;
  let canSumShares = true;
  coAuthors.forEach((coAuthor: unknown, index) => {
    const at = `coAuthors.${index}`;
    if (typeof coAuthor !== 'object' || coAuthor === null) {
      problems.push({ path: at, message: `Co-author ${index + 1} must be an object (got ${describeValue(coAuthor)})` });
      canSumShares = false;
      return;
    }
    const { designerId, shareBps } = coAuthor as Partial<CoAuthorShare>;
    if (typeof designerId !== 'string' || designerId.trim() === '') {
      problems.push({ path: `${at}.designerId`, message: `Co-author ${index + 1} needs a designer` });
    } else if (seenIds.has(designerId)) {
      problems.push({ path: `${at}.designerId`, message: `Designer ${designerId} is listed as a co-author more than once` });
    } else {
      seenIds.add(designerId);
    }
    const shareProblem = describeBpsProblem(shareBps, 1);
    if (shareProblem) problems.push({ path: `${at}.shareBps`, message: `Co-author ${index + 1}'s share ${shareProblem}` });
    if (typeof shareBps === 'number' && Number.isFinite(shareBps)) shareSum += shareBps;
    else canSumShares = false;
  });

  if (canSumShares && shareSum !== FULL_SHARE_BPS) {
    problems.push({
      path: 'coAuthors',
      message: `Co-author shares must add up to 100% (they add up to ${formatBpsAsPercent(shareSum)})`,
    });
  }
  return problems;
}

/** Throws a RangeError listing every problem unless the terms are valid. */
export function assertValidSplitTerms(terms: RevenueSplitTerms): void {
  const problems = validateSplitTerms(terms);
  if (problems.length > 0) {
    throw new RangeError(`Invalid revenue split terms: ${problems.map((p) => `${p.path || '(terms)'}: ${p.message}`).join('; ')}`);
  }
}

// The end of "The designers' share ..." / "Co-author 2's share ...", or null when fine.
function describeBpsProblem(bps: unknown, minBps: 0 | 1): string | null {
  if (typeof bps !== 'number' || !Number.isFinite(bps)) return `must be a number of basis points (got ${describeValue(bps)})`;
  if (!Number.isInteger(bps)) return `must be in steps of 0.01% (it is ${formatBpsAsPercent(bps)})`;
  if (bps > FULL_SHARE_BPS) return `cannot be more than 100% (it is ${formatBpsAsPercent(bps)})`;
  if (minBps === 1 && bps <= 0) return `must be more than 0% (it is ${formatBpsAsPercent(bps)})`;
  if (bps < 0) return `cannot be less than 0% (it is ${formatBpsAsPercent(bps)})`;
  return null;
}
