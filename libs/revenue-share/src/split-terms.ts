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

/** What is wrong, as a stable code (the API words it as reason `revenueTerms.<code>`). */
export type TermsProblemCode =
  | 'notObject'
  | 'designerShare.notNumber'
  | 'designerShare.notStep'
  | 'designerShare.over'
  | 'designerShare.negative'
  | 'coAuthorsNotList'
  | 'noCoAuthors'
  | 'coAuthorNotObject'
  | 'coAuthorNoDesigner'
  | 'coAuthorRepeated'
  | 'coAuthorShare.notNumber'
  | 'coAuthorShare.notStep'
  | 'coAuthorShare.over'
  | 'coAuthorShare.notPositive'
  | 'sharesSum';

/**
 * `path` is dotted into the terms ("coAuthors.1.shareBps"); `message` is for the designer, in English;
 * `code` and `params` (the values its sentence names) let a client word it in another language.
 */
export type TermsProblem = { path: string; code: TermsProblemCode; params: Record<string, string | number>; message: string };

/** Every problem with the terms at once, in field order; [] when they are valid. */
export function validateSplitTerms(terms: RevenueSplitTerms): TermsProblem[] {
  // Terms often come from JSON, so nothing here trusts the static type.
  if (typeof terms !== 'object' || terms === null) {
    return [{ path: '', code: 'notObject', params: { value: describeValue(terms) }, message: `Revenue split terms must be an object (got ${describeValue(terms)})` }];
  }
  const problems: TermsProblem[] = [];
  // A share of 0 is allowed for the designers (never `notPositive`) and not for a co-author (never `negative`).
  const bpsProblem = describeBpsProblem(terms.designerShareBps, 0);
  if (bpsProblem) problems.push({ path: 'designerShareBps', code: `designerShare.${bpsProblem.kind as Exclude<BpsProblemKind, 'notPositive'>}`, params: bpsProblem.params, message: `The designers' share ${bpsProblem.text}` });

  const { coAuthors } = terms;
  if (!Array.isArray(coAuthors)) {
    problems.push({ path: 'coAuthors', code: 'coAuthorsNotList', params: {}, message: 'Co-authors must be a list' });
    return problems;
  }
  if (coAuthors.length === 0) {
    problems.push({ path: 'coAuthors', code: 'noCoAuthors', params: {}, message: 'Add at least one co-author' });
    return problems;
  }

  const seenIds = new Set<string>();
  let shareSum = 0;
  let canSumShares = true;
  coAuthors.forEach((coAuthor: unknown, index) => {
    const at = `coAuthors.${index}`;
    if (typeof coAuthor !== 'object' || coAuthor === null) {
      problems.push({ path: at, code: 'coAuthorNotObject', params: { index: index + 1, value: describeValue(coAuthor) }, message: `Co-author ${index + 1} must be an object (got ${describeValue(coAuthor)})` });
      canSumShares = false;
      return;
    }
    const { designerId, shareBps } = coAuthor as Partial<CoAuthorShare>;
    if (typeof designerId !== 'string' || designerId.trim() === '') {
      problems.push({ path: `${at}.designerId`, code: 'coAuthorNoDesigner', params: { index: index + 1 }, message: `Co-author ${index + 1} needs a designer` });
    } else if (seenIds.has(designerId)) {
      problems.push({ path: `${at}.designerId`, code: 'coAuthorRepeated', params: { designerId }, message: `Designer ${designerId} is listed as a co-author more than once` });
    } else {
      seenIds.add(designerId);
    }
    const shareProblem = describeBpsProblem(shareBps, 1);
    if (shareProblem) problems.push({ path: `${at}.shareBps`, code: `coAuthorShare.${shareProblem.kind as Exclude<BpsProblemKind, 'negative'>}`, params: { index: index + 1, ...shareProblem.params }, message: `Co-author ${index + 1}'s share ${shareProblem.text}` });
    if (typeof shareBps === 'number' && Number.isFinite(shareBps)) shareSum += shareBps;
    else canSumShares = false;
  });

  if (canSumShares && shareSum !== FULL_SHARE_BPS) {
    problems.push({
      path: 'coAuthors',
      code: 'sharesSum',
      params: { percent: formatBpsAsPercent(shareSum) },
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

type BpsProblemKind = 'notNumber' | 'notStep' | 'over' | 'notPositive' | 'negative';

// The end of "The designers' share ..." / "Co-author 2's share ...", with its kind and the value it
// names, or null when fine.
function describeBpsProblem(bps: unknown, minBps: 0 | 1): { kind: BpsProblemKind; params: Record<string, string>; text: string } | null {
  if (typeof bps !== 'number' || !Number.isFinite(bps)) return { kind: 'notNumber', params: { value: describeValue(bps) }, text: `must be a number of basis points (got ${describeValue(bps)})` };
  const percent = formatBpsAsPercent(bps);
  if (!Number.isInteger(bps)) return { kind: 'notStep', params: { percent }, text: `must be in steps of 0.01% (it is ${percent})` };
  if (bps > FULL_SHARE_BPS) return { kind: 'over', params: { percent }, text: `cannot be more than 100% (it is ${percent})` };
  if (minBps === 1 && bps <= 0) return { kind: 'notPositive', params: { percent }, text: `must be more than 0% (it is ${percent})` };
  if (bps < 0) return { kind: 'negative', params: { percent }, text: `cannot be less than 0% (it is ${percent})` };
  return null;
}
