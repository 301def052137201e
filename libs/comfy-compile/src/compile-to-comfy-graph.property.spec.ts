// Properties over many valid specs, built by varying the fields of the default spec.
import {
  BASE_MODELS,
  LIGHT_KINDS,
  SAMPLER_NAMES,
  SCHEDULER_NAMES,
  makeDefaultTemplateSpec,
  validateTemplateSpec,
  type TemplateSpec,
} from '@atelier/template-spec';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { fillComfyGraphPlaceholders, hasComfyPlaceholder } from './comfy-placeholders.js';
import { compileToComfyGraph, type CompileJob } from './compile-to-comfy-graph.js';
import { INSTANTID_FILES, STYLE_LORA_FILES, makeCompileJob } from './testing/make-compile-job.js';
import { validateComfyGraph } from './validate-comfy-graph.js';

const thousandths = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((n) => n / 1000);

const canvasSide = fc.integer({ min: 64, max: 256 }).map((n) => n * 8);

// Prompt words, slots, a doubled-brace slot and braces that are not slots.
const promptText = fc
  .array(fc.constantFrom('photo of', '{subject}', '{gender}', '{age}', 'years old', '{{subject}}', '{a|b}', ', ', 'x'))
  .map((words) => `portrait ${words.join(' ')}`);

const lightArbitrary = fc.record({
  kind: fc.constantFrom(...LIGHT_KINDS),
  x: thousandths(0, 1),
  y: thousandths(0, 1),
  radius: thousandths(0.001, 1),
  intensity: thousandths(0, 2),
  colorTemperatureK: fc.integer({ min: 2000, max: 10000 }),
});

const specArbitrary: fc.Arbitrary<TemplateSpec> = fc
  .record({
    baseModel: fc.constantFrom(...BASE_MODELS),
    width: canvasSide,
    height: canvasSide,
    positive: promptText,
    negative: fc.constantFrom('', 'blurry', 'older than {age}'),
    likeness: fc.tuple(thousandths(0, 1.5), thousandths(0, 1.5)),
    poseStrength: fc.option(thousandths(0, 2), { nil: null }),
    lights: fc.array(lightArbitrary, { maxLength: 6 }),
    lightingStrength: thousandths(0, 1),
    styleLoraWeights: fc.array(thousandths(-100, 100), { maxLength: STYLE_LORA_FILES.length }),
    steps: fc.integer({ min: 1, max: 150 }),
    cfg: thousandths(0, 30),
    sampler: fc.constantFrom(...SAMPLER_NAMES),
    scheduler: fc.constantFrom(...SCHEDULER_NAMES),
    denoise: thousandths(0, 1),
    // InstantID on SDXL only, as the schema requires.
    isInstantId: fc.boolean(),
  })
  .map((fields): TemplateSpec => {
    const spec = makeDefaultTemplateSpec(fields.baseModel);
    if (fields.isInstantId && fields.baseModel === 'sdxl') spec.subject.identity = { mode: 'instantid' };
    spec.canvas = { width: fields.width, height: fields.height };
    spec.prompt = { positive: fields.positive, negative: fields.negative };
    const [a, b] = fields.likeness;
    spec.subject.likeness = { default: Math.min(a, b), max: Math.max(a, b) };
    spec.pose = fields.poseStrength === null || !spec.pose ? null : { ...spec.pose, strength: fields.poseStrength };
    spec.lighting = { lights: fields.lights, strength: fields.lightingStrength };
    spec.styleLoras = fields.styleLoraWeights.map((weight, index) => ({
      loraId: STYLE_LORA_FILES[index]?.loraId ?? '',
      weight,
    }));
    spec.sampler = {
      steps: fields.steps,
      cfg: fields.cfg,
      sampler: fields.sampler,
      scheduler: fields.scheduler,
      denoise: fields.denoise,
    };
    return spec;
  });

// Any text, plus values that look like slots or placeholders, which must survive filling as typed.
const slotValue = fc.oneof(fc.string(), fc.constantFrom('{subject}', '{{gender}}', '{{age}}{{age}}', '{{seed}}'));

// Shared and padded words exercise de-duplication; braces must pass through untouched.
const triggerWord = fc.oneof(
  fc.constantFrom('film grain', 'sepia', ' soft ', '', 'kodak', '{subject}', '{{age}'),
  fc.string().filter((word) => !hasComfyPlaceholder(word)),
);

const jobValuesArbitrary = fc.record({
  seed: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  identityLoraFileName: fc.string({ minLength: 1 }).filter((name) => !hasComfyPlaceholder(name)),
  identityTriggerWord: fc.option(triggerWord, { nil: null }),
  facePhotoFileName: fc.string({ minLength: 1 }).filter((name) => !hasComfyPlaceholder(name)),
  // Where in [likeness.default, likeness.max] the render sits: 0 the default, 1 the max.
  likenessAt: fc.constantFrom(0, 1, 0.5),
  slots: fc.record({ subject: slotValue, gender: slotValue, age: slotValue }),
  triggerWords: fc.array(fc.array(triggerWord, { maxLength: 3 }), {
    minLength: STYLE_LORA_FILES.length,
    maxLength: STYLE_LORA_FILES.length,
  }),
});

type JobValues = typeof jobValuesArbitrary extends fc.Arbitrary<infer Values> ? Values : never;

const likenessFor = (spec: TemplateSpec, at: number) =>
  at === 1 ? spec.subject.likeness.max : at === 0 ? spec.subject.likeness.default : (spec.subject.likeness.default + spec.subject.likeness.max) / 2;

function makeJob(spec: TemplateSpec, values: JobValues): CompileJob {
  return makeCompileJob(spec, {
    seed: values.seed,
    likeness: Math.min(spec.subject.likeness.max, Math.max(spec.subject.likeness.default, likenessFor(spec, values.likenessAt))),
    identityLora: { fileName: values.identityLoraFileName, triggerWord: values.identityTriggerWord },
    instantId: { ...INSTANTID_FILES, facePhoto: values.facePhotoFileName },
    slots: values.slots,
    styleLoras: STYLE_LORA_FILES.map((file, index) => ({ ...file, triggerWords: values.triggerWords[index] ?? [] })),
  });
}

describe('compileToComfyGraph over arbitrary valid specs', () => {
  it('only builds specs the template-spec schema accepts', () => {
    fc.assert(
      fc.property(specArbitrary, (spec) => {
        expect(validateTemplateSpec(spec)).toEqual({ ok: true, spec });
      }),
    );
  });

  it('builds a graph the node table accepts', () => {
    fc.assert(
      fc.property(specArbitrary, jobValuesArbitrary, (spec, values) => {
        // Braces in a slot value can spell a placeholder (`{{subject}}` filled with `{subject}`), which the
        // validator rightly reports as unfilled; such values are covered by the round-trip property below.
        fc.pre(Object.values(values.slots).every((value) => !/[{}]/.test(value)));
        expect(validateComfyGraph(compileToComfyGraph(spec, makeJob(spec, values)))).toEqual([]);
      }),
    );
  });

  it('builds the same graph, key order included, from equal input', () => {
    fc.assert(
      fc.property(specArbitrary, jobValuesArbitrary, (spec, values) => {
        const first = compileToComfyGraph(spec, makeJob(spec, values));
        const second = compileToComfyGraph(structuredClone(spec), makeJob(structuredClone(spec), structuredClone(values)));
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
    );
  });

  it('compiling with placeholders and then filling them equals compiling directly', () => {
    fc.assert(
      fc.property(specArbitrary, jobValuesArbitrary, (spec, values) => {
        const direct = compileToComfyGraph(spec, makeJob(spec, values));
        const catalogJob: CompileJob = {
          ...makeJob(spec, values),
          identityLora: { placeholder: true },
          instantId: { ...INSTANTID_FILES, facePhoto: { placeholder: true } },
          seed: { placeholder: true },
          likeness: { placeholder: true },
          slots: 'placeholders',
        };
        const catalogGraph = compileToComfyGraph(spec, catalogJob);
        expect(validateComfyGraph(catalogGraph, { allowPlaceholders: true })).toEqual([]);
        const likeness = makeJob(spec, values).likeness as number;
        expect(fillComfyGraphPlaceholders(catalogGraph, { ...values, likeness })).toEqual(direct);
      }),
    );
  });
});
