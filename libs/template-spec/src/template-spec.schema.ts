// TemplateSpec v1: everything a designer authors for one portrait template.
import { z } from 'zod';
import { OPENPOSE_KEYPOINT_COUNT } from './openpose.js';
import { findPromptSlots, unknownPromptSlotParams } from './prompt-slots.js';
import { specMessage, specMessages, type SpecMessageHints, type SpecWording } from './spec-issue-messages.js';

export { PROMPT_SLOTS, findPromptSlots, type PromptSlot, type PromptSlotOccurrence } from './prompt-slots.js';

export const TEMPLATE_SPEC_SCHEMA_VERSION = 1;

export const BASE_MODELS = ['sd15', 'sdxl'] as const;
export const LIGHT_KINDS = ['key', 'fill', 'rim', 'back', 'ambient'] as const;
export const SAMPLER_NAMES = [
  'euler',
  'euler_ancestral',
  'heun',
  'dpm_2',
  'dpmpp_2m',
  'dpmpp_2m_sde',
  'dpmpp_sde',
  'ddim',
  'uni_pc',
] as const;
/** How a render makes the face look like the person: their identity LoRA, or InstantID from their face photo. */
export const IDENTITY_MODES = ['lora', 'instantid'] as const;
export const SCHEDULER_NAMES = ['normal', 'karras', 'exponential', 'sgm_uniform', 'simple', 'ddim_uniform'] as const;

export const CANVAS_MIN_SIDE = 512;
export const CANVAS_MAX_SIDE = 2048;
export const PROMPT_MAX_LENGTH = 4000;
export const LIKENESS_MAX = 1.5;
export const MAX_LIGHTS = 6;
export const MAX_STYLE_LORAS = 4;
/** The face pass re-samples the head at a low denoise: below this it changes nothing visible, above it the face drifts from the body. */
export const FACE_PASS_DENOISE_MIN = 0.1;
export const FACE_PASS_DENOISE_MAX = 0.6;
export const FACE_PASS_DEFAULT_DENOISE = 0.35;

// Frames dragged flush to an edge can sum to 1 plus a rounding error.
const EDGE_TOLERANCE = 1e-9;

function rangedNumber(min: number, max: number, options: { isMinExclusive?: boolean; isInteger?: boolean } = {}) {
  const messages = specMessages({ range: { min, max, isMinExclusive: options.isMinExclusive } });
  const base = options.isInteger ? z.number(messages).int(messages) : z.number(messages);
  const bounded = options.isMinExclusive ? base.gt(min, messages) : base.min(min, messages);
  return bounded.max(max, messages);
}

const unitNumber = () => rangedNumber(0, 1);

// Strict: an unknown key is a typo, and a designer's data must never be silently dropped.
function specObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, hints: SpecMessageHints = {}) {
  return z.strictObject(shape, specMessages({ allowedKeys: Object.keys(shape), ...hints }));
}

// A list of the wrong length, worded by `reason` with {limit} and {count}.
function countMessage(reason: SpecWording['reason']): SpecMessageHints {
  return {
    custom: (issue) => {
      if ((issue.code !== 'too_big' && issue.code !== 'too_small') || !Array.isArray(issue.input)) return undefined;
      const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      return { reason, params: { limit, count: issue.input.length } };
    },
  };
}

const canvasSide = () =>
  rangedNumber(CANVAS_MIN_SIDE, CANVAS_MAX_SIDE, { isInteger: true }).multipleOf(8, specMessages());

function promptText(options: { isRequired: boolean }) {
  return z
    .string(specMessages())
    .max(PROMPT_MAX_LENGTH, specMessages())
    .superRefine((text, ctx) => {
      if (options.isRequired && text.trim() === '') {
        ctx.addIssue({ code: 'custom', message: specMessage({ reason: 'spec.promptEmpty', params: {} }), input: text });
      }
      const unknownSlots = new Set(findPromptSlots(text).filter((slot) => !slot.isKnownSlot).map((slot) => slot.name));
      for (const name of unknownSlots) {
        ctx.addIssue({ code: 'custom', message: specMessage({ reason: 'spec.unknownPromptSlot', params: unknownPromptSlotParams(name) }), input: text });
      }
    });
}

export const baseModelSchema = z.enum(BASE_MODELS, specMessages());

export const canvasSchema = specObject({ width: canvasSide(), height: canvasSide() });

export const promptSchema = specObject({
  positive: promptText({ isRequired: true }).meta({ description: 'Slots: {subject}, {gender}, {age}' }),
  negative: promptText({ isRequired: false }),
});

export const subjectFrameSchema = specObject({
  x: unitNumber(),
  y: unitNumber(),
  w: rangedNumber(0, 1, { isMinExclusive: true }),
  h: rangedNumber(0, 1, { isMinExclusive: true }),
}).superRefine((frame, ctx) => {
  if (frame.x + frame.w > 1 + EDGE_TOLERANCE) {
    const message = specMessage({ reason: 'spec.frameRightEdge', params: { right: frame.x + frame.w } });
    ctx.addIssue({ code: 'custom', path: ['w'], message, input: frame.w });
  }
  if (frame.y + frame.h > 1 + EDGE_TOLERANCE) {
    const message = specMessage({ reason: 'spec.frameBottomEdge', params: { bottom: frame.y + frame.h } });
    ctx.addIssue({ code: 'custom', path: ['h'], message, input: frame.h });
  }
});

export const likenessSchema = specObject({
  default: rangedNumber(0, LIKENESS_MAX).meta({ description: 'Identity LoRA strength (or InstantID weight) a render starts at' }),
  max: rangedNumber(0, LIKENESS_MAX).meta({
    description: 'How far "more like me" may raise the identity LoRA strength (or InstantID weight)',
  }),
}).superRefine((likeness, ctx) => {
  if (likeness.default > likeness.max) {
    const message = specMessage({ reason: 'spec.likenessAboveMax', params: { value: likeness.default, max: likeness.max } });
    ctx.addIssue({ code: 'custom', path: ['default'], message, input: likeness.default });
  }
});

export const facePassSchema = specObject({
  enabled: z.boolean(specMessages()).meta({ description: 'Re-sample the head area after the first pass and blend it back' }),
  denoise: rangedNumber(FACE_PASS_DENOISE_MIN, FACE_PASS_DENOISE_MAX).meta({
    description: "How much of the head the face pass redraws (the first pass's face is kept where this is low)",
  }),
});

// Optional, so specs saved before InstantID parse and hash as they did: absent means `lora`.
export const identitySchema = specObject({
  mode: z.enum(IDENTITY_MODES, specMessages()).meta({
    description: 'lora: the person\'s identity LoRA at likeness strength; instantid: InstantID from their face photo at likeness weight (SDXL only)',
  }),
});

// facePass and identity are optional so every spec saved before them parses, hashes and renders as
// it did: absent facePass = off, absent identity = the identity LoRA.
export const subjectSchema = specObject({
  frame: subjectFrameSchema,
  likeness: likenessSchema,
  facePass: facePassSchema.optional(),
  identity: identitySchema.optional(),
});

/** A keypoint is [x, y] normalised to the canvas, or null when the joint is absent (not drawn). */
export const keypointSchema = z
  .tuple([unitNumber(), unitNumber()], specMessages({ typeReason: 'spec.notPoint' }))
  .nullable();

export const poseSchema = specObject(
  {
    keypoints: z
      .array(keypointSchema, specMessages())
      .length(
        OPENPOSE_KEYPOINT_COUNT,
        specMessages(countMessage('spec.keypointCount')),
      )
      .meta({ description: 'OpenPose COCO-18 order: nose, neck, right shoulder, ... left ear' }),
    strength: rangedNumber(0, 2),
  },
  { isNullable: true },
);

export const lightSchema = specObject({
  id: z.string(specMessages()).min(1, specMessages()).max(64, specMessages()).optional(),
  kind: z.enum(LIGHT_KINDS, specMessages()),
  x: unitNumber(),
  y: unitNumber(),
  radius: rangedNumber(0, 1, { isMinExclusive: true }),
  intensity: rangedNumber(0, 2),
  colorTemperatureK: rangedNumber(2000, 10000, { isInteger: true }),
});

export const lightingSchema = specObject({
  lights: z
    .array(lightSchema, specMessages())
    .max(
      MAX_LIGHTS,
      specMessages(countMessage('spec.tooManyLights')),
    )
    .superRefine(reportDuplicates('id', 'spec.duplicateLightId'), { when: (payload) => Array.isArray(payload.value) }),
  strength: unitNumber(),
});

export const styleLoraSchema = specObject({
  loraId: z.uuid(specMessages()),
  // ComfyUI's LoraLoader accepts strengths in -100..100; the LoRA's own range is checked against the catalog.
  weight: rangedNumber(-100, 100),
});

export const styleLorasSchema = z
  .array(styleLoraSchema, specMessages())
  .max(
    MAX_STYLE_LORAS,
    specMessages(countMessage('spec.tooManyStyleLoras')),
  )
  .superRefine(reportDuplicates('loraId', 'spec.duplicateStyleLora'), { when: (payload) => Array.isArray(payload.value) });

export const referenceSchema = specObject(
  {
    assetId: z.uuid(specMessages()),
    x: unitNumber(),
    y: unitNumber(),
    scale: rangedNumber(0, 10, { isMinExclusive: true }),
    opacity: unitNumber(),
  },
  { isNullable: true },
);

export const samplerSchema = specObject({
  steps: rangedNumber(1, 150, { isInteger: true }),
  cfg: rangedNumber(0, 30),
  sampler: z.enum(SAMPLER_NAMES, specMessages()),
  scheduler: z.enum(SCHEDULER_NAMES, specMessages()),
  denoise: unitNumber(),
});

export const templateSpecSchema = specObject({
  schemaVersion: z.literal(TEMPLATE_SPEC_SCHEMA_VERSION, specMessages()),
  baseModel: baseModelSchema,
  canvas: canvasSchema,
  prompt: promptSchema,
  subject: subjectSchema,
  pose: poseSchema.nullable(),
  lighting: lightingSchema,
  styleLoras: styleLorasSchema,
  reference: referenceSchema.nullable(),
  sampler: samplerSchema,
}).superRefine((spec, ctx) => {
  // The InstantID models (ip-adapter and its ControlNet) exist for SDXL only.
  if (spec.subject.identity?.mode === 'instantid' && spec.baseModel !== 'sdxl') {
    const message = specMessage({ reason: 'spec.instantIdNeedsSdxl', params: { baseModel: spec.baseModel } });
    ctx.addIssue({ code: 'custom', path: ['subject', 'identity', 'mode'], message, input: spec.subject.identity.mode });
  }
});

export type TemplateSpec = z.infer<typeof templateSpecSchema>;
export type BaseModel = TemplateSpec['baseModel'];
export type Canvas = TemplateSpec['canvas'];
export type TemplatePrompt = TemplateSpec['prompt'];
export type SubjectFrame = TemplateSpec['subject']['frame'];
export type Likeness = TemplateSpec['subject']['likeness'];
export type FacePass = NonNullable<TemplateSpec['subject']['facePass']>;
export type IdentityMode = (typeof IDENTITY_MODES)[number];
export type Pose = NonNullable<TemplateSpec['pose']>;
export type Keypoint = z.infer<typeof keypointSchema>;
export type Light = z.infer<typeof lightSchema>;
export type LightKind = Light['kind'];
export type Lighting = TemplateSpec['lighting'];
export type StyleLora = z.infer<typeof styleLoraSchema>;
export type ReferenceImage = NonNullable<TemplateSpec['reference']>;
export type SamplerSettings = TemplateSpec['sampler'];
export type SamplerName = SamplerSettings['sampler'];
export type SchedulerName = SamplerSettings['scheduler'];

/** A spec -> how its renders carry the face (`lora` when the spec does not say). */
export function identityModeOf(spec: { subject: { identity?: { mode: IdentityMode } | undefined } }): IdentityMode {
  return spec.subject.identity?.mode ?? 'lora';
}

// Registered with `when` so it runs even when an entry has a range mistake, and a duplicate is reported
// alongside it (zod still skips it after a hard type error such as a fractional integer).
// `reason` words it with {id} and the 1-based entry numbers {first} and {second}.
function reportDuplicates(key: string, reason: SpecWording['reason']) {
  return (entries: readonly unknown[], ctx: z.core.$RefinementCtx<readonly unknown[]>) => {
    const firstIndex = new Map<string, number>();
    entries.forEach((entry, index) => {
      const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
      if (typeof value !== 'string') return;
      const seenAt = firstIndex.get(value);
      if (seenAt === undefined) {
        firstIndex.set(value, index);
        return;
      }
      const message = specMessage({ reason, params: { id: value, first: seenAt + 1, second: index + 1 } });
      ctx.addIssue({ code: 'custom', path: [index, key], message, input: value });
    });
  };
}
