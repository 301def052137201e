// Designer-facing wording for schema issues: one label per spec field, one sentence per issue kind.
import type { z } from 'zod';
import { OPENPOSE_KEYPOINT_NAMES } from './openpose.js';

type RawIssue = z.core.$ZodRawIssue;

export type SpecPathSegment = string | number;

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
  /** Replaces the generic "must be a number/an object/..." wording. */
  expected?: string;
  isNullable?: boolean;
  /** Wording for one specific issue; return undefined to fall back to the generic sentence. */
  custom?: (issue: RawIssue, label: string) => string | undefined;
}

// Numeric path segments are written as '#'. In a label, {n} is the 1-based item number, {joint} the
// named keypoint and {axis} x or y for the last segment.
const FIELD_LABELS: Readonly<Record<string, string>> = {
  '': 'Template spec',
  schemaVersion: 'Schema version',
  baseModel: 'Base model',
  canvas: 'Canvas',
  'canvas.width': 'Canvas width',
  'canvas.height': 'Canvas height',
  prompt: 'Prompt',
  'prompt.positive': 'Positive prompt',
  'prompt.negative': 'Negative prompt',
  subject: 'Subject',
  'subject.frame': 'Subject frame',
  'subject.frame.x': 'Subject frame x',
  'subject.frame.y': 'Subject frame y',
  'subject.frame.w': 'Subject frame width',
  'subject.frame.h': 'Subject frame height',
  'subject.likeness': 'Likeness',
  'subject.likeness.default': 'Default likeness',
  'subject.likeness.max': 'Maximum likeness',
  pose: 'Pose',
  'pose.keypoints': 'Pose keypoints',
  'pose.keypoints.#': '{joint}',
  'pose.keypoints.#.#': '{joint} {axis}',
  'pose.strength': 'Pose strength',
  lighting: 'Lighting',
  'lighting.lights': 'Lights',
  'lighting.lights.#': 'Light {n}',
  'lighting.lights.#.id': 'Light {n} id',
  'lighting.lights.#.kind': 'Light {n} kind',
  'lighting.lights.#.x': 'Light {n} x',
  'lighting.lights.#.y': 'Light {n} y',
  'lighting.lights.#.radius': 'Light {n} radius',
  'lighting.lights.#.intensity': 'Light {n} intensity',
  'lighting.lights.#.colorTemperatureK': 'Light {n} color temperature (K)',
  'lighting.strength': 'Lighting strength',
  styleLoras: 'Style LoRAs',
  'styleLoras.#': 'Style LoRA {n}',
  'styleLoras.#.loraId': 'Style LoRA {n} id',
  'styleLoras.#.weight': 'Style LoRA {n} weight',
  reference: 'Reference image',
  'reference.assetId': 'Reference image asset id',
  'reference.x': 'Reference image x',
  'reference.y': 'Reference image y',
  'reference.scale': 'Reference image scale',
  'reference.opacity': 'Reference image opacity',
  sampler: 'Sampler settings',
  'sampler.steps': 'Steps',
  'sampler.cfg': 'CFG scale',
  'sampler.sampler': 'Sampler',
  'sampler.scheduler': 'Scheduler',
  'sampler.denoise': 'Denoise',
};

const EXPECTED_WORDING: Readonly<Record<string, string>> = {
  number: 'a number',
  string: 'text',
  object: 'an object',
  array: 'a list',
  tuple: 'a list',
  boolean: 'true or false',
};

/** A spec path (e.g. ['lighting', 'lights', 1, 'intensity']) -> the label a designer reads ("Light 2 intensity"). */
export function describeSpecPath(path: readonly PropertyKey[]): string {
  const segments = path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const pattern = segments.map((segment) => (typeof segment === 'number' ? '#' : segment)).join('.');
  const template = FIELD_LABELS[pattern];
  if (template === undefined) return segments.join('.');
  const index = segments.find((segment): segment is number => typeof segment === 'number') ?? 0;
  const axis = segments.at(-1) === 1 ? 'y' : 'x';
  return template
    .replace('{n}', String(index + 1))
    .replace('{joint}', describeKeypoint(index))
    .replace('{axis}', axis);
}

/** Keypoint index -> "Right elbow (keypoint 3)". */
export function describeKeypoint(index: number): string {
  const name = OPENPOSE_KEYPOINT_NAMES[index] ?? 'Keypoint';
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} (keypoint ${index})`;
}

/** A short, readable rendering of a value a designer typed, for "(got ...)". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > 42 ? `${quoted.slice(0, 40)}…"` : quoted;
  }
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A zod issue raised while parsing a spec -> one sentence a designer can act on. */
export function describeSpecIssue(issue: RawIssue, hints: SpecMessageHints = {}): string {
  const label = describeSpecPath(issue.path ?? []);
  const custom = hints.custom?.(issue, label);
  if (custom !== undefined) return custom;
  const got = `(got ${describeValue(issue.input)})`;

  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return `${label} is required`;
      if (issue.expected === 'int') return `${label} must be a whole number ${got}`;
      if (issue.expected === 'number' && typeof issue.input === 'number') {
        return `${label} must be a finite number ${got}`;
      }
      const expected = hints.expected ?? EXPECTED_WORDING[issue.expected] ?? issue.expected;
      return `${label} must be ${expected}${hints.isNullable ? ' or null' : ''} ${got}`;
    }
    case 'too_small':
    case 'too_big':
      return describeSizeIssue(issue, label, hints, got);
    case 'not_multiple_of':
      return `${label} must be a multiple of ${String(issue.divisor)} ${got}`;
    case 'invalid_value': {
      const values = issue.values.map((value) => String(value));
      if (values.length === 1) return `${label} must be ${values[0]} ${got}`;
      return `${label} must be one of ${values.join(', ')} ${got}`;
    }
    case 'invalid_format':
      if (issue.format === 'uuid') return `${label} must be a UUID ${got}`;
      return `${label} must be a valid ${issue.format} ${got}`;
    case 'unrecognized_keys':
      return describeUnknownKeys(issue.keys, label, hints.allowedKeys ?? []);
    default:
      return `${label} is invalid ${got}`;
  }
}

/** Zod params that give a schema designer-facing messages: `z.number(specMessages({ range }))`. */
export function specMessages(hints: SpecMessageHints = {}): { error: (issue: RawIssue) => string } {
  return { error: (issue) => describeSpecIssue(issue, hints) };
}

function describeSizeIssue(
  issue: Extract<RawIssue, { code: 'too_small' | 'too_big' }>,
  label: string,
  hints: SpecMessageHints,
  got: string,
): string {
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.origin === 'number' || issue.origin === 'bigint') {
    const { range } = hints;
    if (range) {
      const lower = range.isMinExclusive ? `more than ${range.min}` : `between ${range.min}`;
      const joiner = range.isMinExclusive ? ' and at most ' : ' and ';
      return `${label} must be ${lower}${joiner}${range.max} ${got}`;
    }
    const lowerBound = issue.inclusive ? 'at least' : 'more than';
    const upperBound = issue.inclusive ? 'at most' : 'less than';
    return `${label} must be ${issue.code === 'too_small' ? lowerBound : upperBound} ${limit} ${got}`;
  }
  if (issue.origin === 'string') {
    const length = typeof issue.input === 'string' ? issue.input.length : 0;
    return issue.code === 'too_big'
      ? `${label} is too long (${length} characters; the limit is ${limit})`
      : `${label} must be at least ${limit} characters long`;
  }
  if (hints.expected !== undefined) return `${label} must be ${hints.expected} ${got}`;
  const count = Array.isArray(issue.input) ? issue.input.length : 0;
  const bound = issue.exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most';
  return `${label} must have ${bound} ${limit} entries (got ${count})`;
}

function describeUnknownKeys(keys: readonly string[], label: string, allowedKeys: readonly string[]): string {
  const where = label === 'Template spec' ? 'the template spec' : label;
  const allowed = allowedKeys.length > 0 ? ` — allowed fields are ${allowedKeys.join(', ')}` : '';
  const [onlyKey] = keys;
  if (keys.length === 1 && onlyKey !== undefined) {
    const suggestion = suggestKey(onlyKey, allowedKeys);
    const hint = suggestion === undefined ? allowed : ` — did you mean "${suggestion}"?`;
    return `Unknown field "${onlyKey}" in ${where}${hint}`;
  }
  return `Unknown fields ${keys.map((key) => `"${key}"`).join(', ')} in ${where}${allowed}`;
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
