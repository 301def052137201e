// Designer-facing wording for schema issues: each issue kind is a reason of @atelier/messages with
// parameters, its field given by path, so the API says it in English and the studio in the
// designer's language.
import { apiMessage, englishTerm, wordTerms, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

export type SpecPathSegment = string | number;

/** One sentence about a spec: a reason of @atelier/messages and its parameters. */
export interface SpecWording {
  reason: ApiMessageKey;
  params: MessageParams;
}

export interface NumberRange {
  min: number;
  max: number;
  /** True when `min` itself is not allowed (e.g. a radius must be more than 0). */
  isMinExclusive?: boolean;
}

export interface SpecMessageHints {
  range?: NumberRange;
  /** Field names of a strict object, to suggest the one a typo meant. */
  allowedKeys?: readonly string[];
  /** Replaces the generic "must be a number/an object/..." reason (e.g. spec.notPoint for a keypoint). */
  typeReason?: ApiMessageKey;
  isNullable?: boolean;
  /** Wording for one specific issue; return undefined to fall back to the generic one. */
  custom?: (issue: RawIssue) => SpecWording | undefined;
}

const TYPE_REASONS: Readonly<Record<string, ApiMessageKey>> = {
  number: 'spec.notNumber',
  string: 'spec.notText',
  object: 'spec.notObject',
  boolean: 'spec.notBoolean',
  array: 'spec.notList',
  tuple: 'spec.notList',
};

/** A spec path (e.g. ['lighting', 'lights', 1, 'intensity']) -> its dotted form, the `field` parameter of a reason. */
export function specFieldOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/** A spec path (e.g. ['lighting', 'lights', 1, 'intensity']) -> the label a designer reads in English ("Light 2 intensity"). */
export function describeSpecPath(path: readonly PropertyKey[]): string {
  return String(wordTerms({ field: specFieldOf(path) }, englishTerm)['field']);
}

/** Keypoint index -> "Right elbow (keypoint 3)". */
export function describeKeypoint(index: number): string {
  return describeSpecPath(['pose', 'keypoints', index]);
}

/** A short rendering of a value a designer typed, for "(got ...)", the same in every language. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string' || Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length > 42 ? `${json.slice(0, 40)}…${json.at(-1)}` : json;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? '{…}' : typeof value;
}

// zod keeps only the message of an issue. While validateTemplateSpec parses, the wording behind every
// message the spec's error maps produce is kept here, so its issues carry their reasons.
let wordingsInProgress: Map<string, SpecWording> | null = null;

/** Runs `parse` (synchronous) and returns its result with the wording of each message the spec's error maps produced. */
export function collectSpecWordings<T>(parse: () => T): { result: T; wordings: ReadonlyMap<string, SpecWording> } {
  const outer = wordingsInProgress;
  const wordings = new Map<string, SpecWording>();
  wordingsInProgress = wordings;
  try {
    return { result: parse(), wordings };
  } finally {
    wordingsInProgress = outer;
  }
}

/** The English sentence of a wording (remembered for collectSpecWordings). */
export function specMessage(wording: SpecWording): string {
  const message = apiMessage(wording.reason, wording.params);
  wordingsInProgress?.set(message, wording);
  return message;
}

/** A zod issue raised while parsing a spec -> its reason and parameters. */
export function wordSpecIssue(issue: RawIssue, hints: SpecMessageHints = {}): SpecWording {
  const custom = hints.custom?.(issue);
  if (custom !== undefined) return custom;
  const field = specFieldOf(issue.path ?? []);
  const worded = (reason: ApiMessageKey, params: MessageParams = {}): SpecWording => ({ reason, params: { field, ...params } });
  const got = describeValue(issue.input);

  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return worded('spec.required');
      if (issue.expected === 'int') return worded('spec.notWholeNumber', { got });
      if (issue.expected === 'number' && typeof issue.input === 'number') return worded('spec.notFinite', { got });
      if (hints.typeReason) return worded(hints.typeReason, { got });
      if (hints.isNullable && issue.expected === 'object') return worded('spec.notObjectOrNull', { got });
      const reason = hints.isNullable ? undefined : TYPE_REASONS[issue.expected];
      return reason ? worded(reason, { got }) : worded('spec.wrongType', { expected: hints.isNullable ? `${issue.expected} or null` : issue.expected, got });
    }
    case 'too_small':
    case 'too_big':
      return wordSizeIssue(issue, hints, worded, got);
    case 'not_multiple_of':
      return worded('spec.notMultipleOf', { divisor: Number(issue.divisor), got });
    case 'invalid_value': {
      const values = issue.values.map((value) => String(value));
      if (values.length === 1) return worded('spec.mustBe', { value: values[0]!, got });
      return worded('spec.oneOf', { values: values.join(', '), got });
    }
    case 'invalid_format':
      if (issue.format === 'uuid') return worded('spec.notUuid', { got });
      return worded('spec.badFormat', { format: issue.format, got });
    case 'unrecognized_keys':
      return wordUnknownKeys(issue.keys, hints.allowedKeys ?? [], worded);
    default:
      return worded('spec.invalid');
  }
}

/** A zod issue raised while parsing a spec -> one English sentence a designer can act on. */
export function describeSpecIssue(issue: RawIssue, hints: SpecMessageHints = {}): string {
  return specMessage(wordSpecIssue(issue, hints));
}

/** Zod params that give a schema designer-facing messages: `z.number(specMessages({ range }))`. */
export function specMessages(hints: SpecMessageHints = {}): { error: (issue: RawIssue) => string } {
  return { error: (issue) => describeSpecIssue(issue, hints) };
}

type Worded = (reason: ApiMessageKey, params?: MessageParams) => SpecWording;

function wordSizeIssue(issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>, hints: SpecMessageHints, worded: Worded, got: string): SpecWording {
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.origin === 'number' || issue.origin === 'bigint') {
    const { range } = hints;
    if (range) return worded(range.isMinExclusive ? 'spec.aboveAndAtMost' : 'spec.between', { min: range.min, max: range.max, got });
    if (issue.code === 'too_small') return worded(issue.inclusive ? 'spec.atLeast' : 'spec.moreThan', { limit, got });
    return worded(issue.inclusive ? 'spec.atMost' : 'spec.lessThan', { limit, got });
  }
  if (issue.origin === 'string') {
    const length = typeof issue.input === 'string' ? issue.input.length : 0;
    return issue.code === 'too_big' ? worded('spec.tooLong', { length, max: limit }) : worded('spec.tooShort', { min: limit });
  }
  if (hints.typeReason !== undefined) return worded(hints.typeReason, { got });
  const count = Array.isArray(issue.input) ? issue.input.length : 0;
  const reason = issue.exact ? 'spec.countExactly' : issue.code === 'too_small' ? 'spec.countAtLeast' : 'spec.countAtMost';
  return worded(reason, { limit, count });
}

function wordUnknownKeys(keys: readonly string[], allowedKeys: readonly string[], worded: Worded): SpecWording {
  const allowed = allowedKeys.join(', ');
  const [onlyKey] = keys;
  if (keys.length === 1 && onlyKey !== undefined) {
    const suggestion = suggestKey(onlyKey, allowedKeys);
    return suggestion === undefined ? worded('spec.unknownField', { key: onlyKey, allowed }) : worded('spec.unknownFieldTypo', { key: onlyKey, suggestion });
  }
  return worded('spec.unknownFields', { keys: keys.map((key) => `"${key}"`).join(', '), allowed });
}

// Typos are usually one or two edits away from the real field name.
function suggestKey(key: string, allowedKeys: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowedKeys) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
