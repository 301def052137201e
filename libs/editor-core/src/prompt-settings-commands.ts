// The side panel's non-canvas settings: prompts, style LoRAs, likeness, identity mode, face pass and sampler.
import {
  FACE_PASS_DEFAULT_DENOISE,
  IDENTITY_MODES,
  LIKENESS_MAX,
  MAX_STYLE_LORAS,
  PROMPT_MAX_LENGTH,
  SAMPLER_NAMES,
  SCHEDULER_NAMES,
  facePassSchema,
  samplerSchema,
  styleLoraSchema,
  type FacePass,
  identityModeOf,
  type IdentityMode,
  type Likeness,
  type SamplerSettings,
  type StyleLora,
  type TemplateSpec,
} from '@atelier/template-spec';
import { updateSpec, type EditorState } from './editor-state.js';
import { clampToRange, type NumberRange } from './spec-limits.js';

function readRange(schema: { minValue: number | null; maxValue: number | null }, name: string): NumberRange {
  if (schema.minValue === null || schema.maxValue === null) throw new Error(`The spec schema gives ${name} no range`);
  return { min: schema.minValue, max: schema.maxValue };
}

const sampler = samplerSchema.shape;

/** Sampler steps (schema: whole numbers 1..150). */
export const SAMPLER_STEPS_RANGE = readRange(sampler.steps, 'sampler steps');
/** Classifier-free guidance scale (schema: 0..30). */
export const SAMPLER_CFG_RANGE = readRange(sampler.cfg, 'sampler cfg');
/** Denoise strength (schema: 0..1). */
export const SAMPLER_DENOISE_RANGE = readRange(sampler.denoise, 'sampler denoise');
/** Likeness default and maximum (schema: 0..LIKENESS_MAX). */
export const LIKENESS_RANGE: NumberRange = { min: 0, max: LIKENESS_MAX };
/** Face pass denoise (schema: 0.1..0.6). */
export const FACE_PASS_DENOISE_RANGE = readRange(facePassSchema.shape.denoise, 'face pass denoise');
/** Any style LoRA weight the schema accepts; each LoRA's own range comes from the catalog. */
export const STYLE_LORA_WEIGHT_RANGE = readRange(styleLoraSchema.shape.weight, 'style LoRA weight');

type PromptField = keyof TemplateSpec['prompt'];

/**
 * Sets the positive or negative prompt (cut at PROMPT_MAX_LENGTH). Unknown slots and an empty positive prompt
 * are kept, so a designer can type through them; the validator reports them.
 */
export function setPromptText(state: EditorState, field: PromptField, text: string): EditorState {
  const next = text.slice(0, PROMPT_MAX_LENGTH);
  return updateSpec(state, null, (spec) => (spec.prompt[field] === next ? spec : { ...spec, prompt: { ...spec.prompt, [field]: next } }));
}

// A weight inside the schema's range and, when given, the LoRA's own (NaN becomes the range's min).
function clampWeight(weight: number, range?: NumberRange): number {
  const inSchema = clampToRange(weight, STYLE_LORA_WEIGHT_RANGE);
  return range ? clampToRange(inSchema, range) : inSchema;
}

/** Appends a style LoRA at a weight (clamped to `range` when given); no-op when it is listed or at MAX_STYLE_LORAS. */
export function addStyleLora(state: EditorState, loraId: string, weight: number, range?: NumberRange): EditorState {
  return updateSpec(state, null, (spec) => {
    if (spec.styleLoras.length >= MAX_STYLE_LORAS || spec.styleLoras.some((entry) => entry.loraId === loraId)) return spec;
    const added: StyleLora = { loraId, weight: clampWeight(weight, range) };
    return { ...spec, styleLoras: [...spec.styleLoras, added] };
  });
}

/** Removes a style LoRA by id. */
export function removeStyleLora(state: EditorState, loraId: string): EditorState {
  return updateSpec(state, null, (spec) => {
    if (!spec.styleLoras.some((entry) => entry.loraId === loraId)) return spec;
    return { ...spec, styleLoras: spec.styleLoras.filter((entry) => entry.loraId !== loraId) };
  });
}

/** Sets a listed style LoRA's weight, clamped to `range` (the LoRA's min..max) when given. */
export function setStyleLoraWeight(state: EditorState, loraId: string, weight: number, range?: NumberRange): EditorState {
  return updateSpec(state, null, (spec) => {
    const next = clampWeight(weight, range);
    const index = spec.styleLoras.findIndex((entry) => entry.loraId === loraId);
    if (index < 0 || spec.styleLoras[index]!.weight === next) return spec;
    return { ...spec, styleLoras: spec.styleLoras.map((entry, at) => (at === index ? { ...entry, weight: next } : entry)) };
  });
}

/**
 * Sets the likeness default and/or maximum, each clamped to LIKENESS_RANGE. The schema wants default <= max:
 * raising the default above the maximum raises the maximum with it, lowering the maximum below the default
 * lowers the default (when both are given, the maximum wins).
 */
export function setLikeness(state: EditorState, likeness: Partial<Likeness>): EditorState {
  return updateSpec(state, null, (spec) => {
    const current = spec.subject.likeness;
    let max = likeness.max === undefined ? current.max : clampToRange(likeness.max, LIKENESS_RANGE);
    let value = likeness.default === undefined ? current.default : clampToRange(likeness.default, LIKENESS_RANGE);
    if (value > max) {
      if (likeness.max !== undefined) value = max;
      else max = value;
    }
    if (value === current.default && max === current.max) return spec;
    return { ...spec, subject: { ...spec.subject, likeness: { default: value, max } } };
  });
}

/**
 * Turns the face pass on or off and/or sets its denoise (clamped to FACE_PASS_DENOISE_RANGE). A spec
 * without one (saved before it existed) counts as off at the default denoise, and gains one only when
 * that changes.
 */
export function setFacePass(state: EditorState, facePass: Partial<FacePass>): EditorState {
  return updateSpec(state, null, (spec) => {
    const current = spec.subject.facePass ?? { enabled: false, denoise: FACE_PASS_DEFAULT_DENOISE };
    const next: FacePass = {
      enabled: facePass.enabled ?? current.enabled,
      denoise: facePass.denoise === undefined ? current.denoise : clampToRange(facePass.denoise, FACE_PASS_DENOISE_RANGE),
    };
    if (next.enabled === current.enabled && next.denoise === current.denoise) return spec;
    return { ...spec, subject: { ...spec.subject, facePass: next } };
  });
}

/**
 * Sets how renders carry the face: `lora` removes the field (as every spec saved before modes existed, so
 * switching back gives the very spec, and hash, it was), `instantid` sets it; unknown modes are ignored.
 */
export function setIdentityMode(state: EditorState, mode: IdentityMode): EditorState {
  return updateSpec(state, null, (spec) => {
    if (!IDENTITY_MODES.includes(mode) || identityModeOf(spec) === mode) return spec;
    const { identity: _previous, ...subject } = spec.subject;
    return { ...spec, subject: mode === 'lora' ? subject : { ...subject, identity: { mode } } };
  });
}

/** Sets sampler settings: steps rounded and clamped, cfg and denoise clamped, unknown sampler or scheduler names ignored. */
export function setSampler(state: EditorState, settings: Partial<SamplerSettings>): EditorState {
  return updateSpec(state, null, (spec) => {
    const current = spec.sampler;
    const next: SamplerSettings = {
      steps: settings.steps === undefined ? current.steps : clampToRange(Math.round(settings.steps), SAMPLER_STEPS_RANGE),
      cfg: settings.cfg === undefined ? current.cfg : clampToRange(settings.cfg, SAMPLER_CFG_RANGE),
      sampler: settings.sampler !== undefined && SAMPLER_NAMES.includes(settings.sampler) ? settings.sampler : current.sampler,
      scheduler: settings.scheduler !== undefined && SCHEDULER_NAMES.includes(settings.scheduler) ? settings.scheduler : current.scheduler,
      denoise: settings.denoise === undefined ? current.denoise : clampToRange(settings.denoise, SAMPLER_DENOISE_RANGE),
    };
    const isSame = (Object.keys(next) as (keyof SamplerSettings)[]).every((key) => next[key] === current[key]);
    return isSame ? spec : { ...spec, sampler: next };
  });
}
