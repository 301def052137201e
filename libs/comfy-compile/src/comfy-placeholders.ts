// Named placeholders a catalog graph keeps for what differs per end user, and filling them in.
import { PROMPT_SLOTS, type PromptSlot } from '@atelier/template-spec';
import { ComfyCompileError } from './comfy-compile.errors.js';
import type { ComfyInputValue, ComfyPrompt } from './comfy-prompt.js';

export const COMFY_PLACEHOLDERS = {
  identityLora: '{{identityLora}}',
  /** The identity LoRA's trigger word, appended to the positive prompt after `, ` (none: dropped with it). */
  identityTrigger: '{{identityTrigger}}',
  seed: '{{seed}}',
  /** The identity LoRA's strength (model and clip), or ApplyInstantID's weight: a number in the version's likeness range. */
  likeness: '{{likeness}}',
  /** InstantID templates: the end user's face photo, a file uploaded to ComfyUI's input folder. */
  facePhoto: '{{facePhoto}}',
  subject: '{{subject}}',
  gender: '{{gender}}',
  age: '{{age}}',
} as const satisfies Record<'identityLora' | 'identityTrigger' | 'seed' | 'likeness' | 'facePhoto' | PromptSlot, string>;

/** What a render fills the prompt slots with, e.g. `{ subject: 'a woman', gender: 'female', age: '30' }`. */
export type PromptSlotValues = Readonly<Record<PromptSlot, string>>;

export interface ComfyPlaceholderValues {
  /** The end user's identity LoRA, a file in models/loras (graphs of identity-LoRA templates). */
  identityLoraFileName?: string;
  /** The end user's face photo, uploaded to ComfyUI's input folder (graphs of InstantID templates). */
  facePhotoFileName?: string;
  /** The identity LoRA's trigger word; absent or blank when it has none. */
  identityTriggerWord?: string | null;
  seed: number;
  /** The identity LoRA's strength or InstantID weight: from the version's likeness default up to its max ("more like me"). */
  likeness: number;
  slots: PromptSlotValues;
}

const ANY_PLACEHOLDER = new RegExp(
  Object.values(COMFY_PLACEHOLDERS)
    .map((token) => token.replace(/[{}]/g, '\\$&'))
    .join('|'),
);

// The identity trigger with the separator the compiler put before it, or a prompt slot.
const TEXT_PLACEHOLDER = new RegExp(`(, )?\\{\\{identityTrigger\\}\\}|\\{\\{(${PROMPT_SLOTS.join('|')})\\}\\}`, 'g');

/** True when `text` contains any `{{placeholder}}` token. */
export function hasComfyPlaceholder(text: string): boolean {
  return ANY_PLACEHOLDER.test(text);
}

/** A graph compiled with placeholders + one user's values -> a new graph ComfyUI can run (input untouched). */
export function fillComfyGraphPlaceholders(graph: ComfyPrompt, values: ComfyPlaceholderValues): ComfyPrompt {
  assertValidSeed(values.seed);
  assertValidLikenessValue(values.likeness);
  const filled: ComfyPrompt = {};
  for (const [id, node] of Object.entries(graph)) {
    const inputs: Record<string, ComfyInputValue> = {};
    for (const [name, value] of Object.entries(node.inputs)) {
      inputs[name] = fillInput(node.class_type, name, value, values);
    }
    filled[id] = { class_type: node.class_type, inputs };
  }
  return filled;
}

// Only the inputs the compiler puts placeholders in, so a file that happens to be named `{{seed}}` stays put.
function fillInput(classType: string, name: string, value: ComfyInputValue, values: ComfyPlaceholderValues) {
  if (Array.isArray(value)) return [value[0], value[1]] as ComfyInputValue;
  if (classType === 'LoraLoader' && name === 'lora_name' && value === COMFY_PLACEHOLDERS.identityLora) {
    return requirePlaceholderValue(values.identityLoraFileName, 'identityLoraFileName', value);
  }
  if (classType === 'LoadImage' && name === 'image' && value === COMFY_PLACEHOLDERS.facePhoto) {
    return requirePlaceholderValue(values.facePhotoFileName, 'facePhotoFileName', value);
  }
  if (classType === 'KSampler' && name === 'seed' && value === COMFY_PLACEHOLDERS.seed) return values.seed;
  if (classType === 'LoraLoader' && (name === 'strength_model' || name === 'strength_clip') && value === COMFY_PLACEHOLDERS.likeness) return values.likeness;
  if (classType === 'ApplyInstantID' && name === 'weight' && value === COMFY_PLACEHOLDERS.likeness) return values.likeness;
  if (classType === 'CLIPTextEncode' && name === 'text' && typeof value === 'string') {
    // One pass, so a slot value that itself looks like a placeholder is not filled again.
    const triggerWord = normalizeTriggerWord(values.identityTriggerWord);
    return value.replace(TEXT_PLACEHOLDER, (_token, separator: string | undefined, slot: PromptSlot | undefined) =>
      slot ? values.slots[slot] : triggerWord ? `${separator ?? ''}${triggerWord}` : '',
    );
  }
  return value;
}

// A graph of the other identity mode has no such placeholder, so the value is optional until one is met.
function requirePlaceholderValue(fileName: string | undefined, field: keyof ComfyPlaceholderValues, token: string): string {
  if (fileName === undefined || fileName === '') {
    throw new ComfyCompileError('PLACEHOLDER_VALUE_MISSING', `The graph has ${token}, so ${field} must be given`);
  }
  return fileName;
}

/** Throws INVALID_SEED unless `seed` is a whole number ComfyUI and JavaScript both hold exactly. */
export function assertValidSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ComfyCompileError(
      'INVALID_SEED',
      `Seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${seed})`,
    );
  }
}

/** A trigger word as prompts carry it: trimmed; blank or absent -> null (none). */
export function normalizeTriggerWord(word: string | null | undefined): string | null {
  const trimmed = word?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Likeness range of a spec -> [default, max]: the identity LoRA strengths a render of it may use. */
export function likenessRangeOf(spec: { subject: { likeness: { default: number; max: number } } }): readonly [number, number] {
  return [spec.subject.likeness.default, spec.subject.likeness.max];
}

/**
 * Throws LIKENESS_OUT_OF_RANGE unless `likeness` is a strength ComfyUI's LoraLoader takes (and, given a
 * range, within it). Specs cap likeness at 1.5, inside ApplyInstantID's weight range (0 to 5) too.
 */
export function assertValidLikenessValue(likeness: number, range?: readonly [number, number]): void {
  const isNumber = typeof likeness === 'number' && Number.isFinite(likeness) && likeness >= 0 && likeness <= 100;
  if (!isNumber || (range && (likeness < range[0] || likeness > range[1]))) {
    const allowed = range ? `${range[0]} to ${range[1]}` : '0 to 100';
    throw new ComfyCompileError('LIKENESS_OUT_OF_RANGE', `Likeness must be a number from ${allowed} (got ${likeness})`);
  }
}
