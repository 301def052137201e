// What the revenue-terms panel decides without React: which agreement is in force, the form's text
// fields to basis points and minor units, and a sample sale split with the ledger's own maths.
import { FULL_SHARE_BPS, splitUsage, validateSplitTerms, type RevenueSplitTerms, type TermsProblem, type UsageSplit } from '@atelier/revenue-share';

export interface AgreementInTime {
  id: string;
  /** null: the default terms, in force since the template was created. */
  effectiveFrom: string | null;
}

export interface AgreementTimeline<A extends AgreementInTime> {
  inForce: A | null;
  /** Scheduled by an admin, soonest first. */
  upcoming: A[];
  /** Replaced by the one in force, newest first. */
  earlier: A[];
}

/** Agreements oldest first (as the API lists them) -> the one in force at `now`, the ones after it and before it. */
export function placeAgreementsInTime<A extends AgreementInTime>(agreements: readonly A[], now: Date): AgreementTimeline<A> {
  const startsBy = (a: A) => a.effectiveFrom === null || new Date(a.effectiveFrom).getTime() <= now.getTime();
  const started = agreements.filter(startsBy);
  const inForce = started.at(-1) ?? null;
  return { inForce, upcoming: agreements.filter((a) => !startsBy(a)), earlier: started.slice(0, -1).reverse() };
}

/** "9.90" / "9,9" / "12" -> minor units (fen); null unless a non-negative amount with at most 2 decimals. */
export function parseAmountToMinor(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "30" / "12.5" per cent -> basis points; null unless 0..100 in steps of 0.01. */
export function parsePercentToBps(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= FULL_SHARE_BPS ? bps : null;
}

/** 3000 -> "30", 1250 -> "12.5": how the form shows a share it was given. */
export function formatBpsForInput(bps: number): string {
  return String(bps / 100);
}

export type SaleSplitPreview = { kind: 'split'; split: UsageSplit; designersMinor: number } | { kind: 'invalid'; problems: TermsProblem[] };

/** A sample sale split as the ledger would record it under `terms`, or why the terms cannot be used. */
export function previewSaleSplit(grossMinor: number, terms: RevenueSplitTerms): SaleSplitPreview {
  const problems = validateSplitTerms(terms);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const split = splitUsage(grossMinor, terms);
  return { kind: 'split', split, designersMinor: grossMinor - split.platform };
}

/** A datetime-local value (minutes) one minute from `now`, in the viewer's time zone: the form's default date. */
export function defaultEffectiveFromInput(now: Date): string {
  const soon = new Date(now.getTime() + 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${soon.getFullYear()}-${pad(soon.getMonth() + 1)}-${pad(soon.getDate())}T${pad(soon.getHours())}:${pad(soon.getMinutes())}`;
}
