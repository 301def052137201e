import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { COMFY_PLACEHOLDERS, fillComfyGraphPlaceholders, hasComfyPlaceholder } from './comfy-placeholders.js';
import { compileToComfyGraph } from './compile-to-comfy-graph.js';
import { SLOT_VALUES, makeCompileJob, makePlaceholderJob, makeStyleLoras } from './testing/make-compile-job.js';
import { validateComfyGraph } from './validate-comfy-graph.js';

const IDENTITY_FILE = 'user-7f3a-identity.safetensors';
const SEED = 123456789;

function makeSpec(): TemplateSpec {
  return { ...makeDefaultTemplateSpec('sdxl'), styleLoras: makeStyleLoras(2) };
}

describe('fillComfyGraphPlaceholders', () => {
  it('turns a catalog graph into exactly the graph compiled for that user directly', () => {
    const spec = makeSpec();
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const filled = fillComfyGraphPlaceholders(catalogGraph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 0.9, slots: SLOT_VALUES });
    expect(filled).toEqual(compileToComfyGraph(spec, makeCompileJob(spec)));
    expect(validateComfyGraph(filled)).toEqual([]);
  });

  it("fills an InstantID catalog graph with the user's face photo and likeness, and refuses one without a face photo", () => {
    const spec: TemplateSpec = { ...makeSpec(), subject: { ...makeSpec().subject, identity: { mode: 'instantid' } } };
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const filled = fillComfyGraphPlaceholders(catalogGraph, { facePhotoFileName: 'job-42-face.png', seed: SEED, likeness: 0.9, slots: SLOT_VALUES });
    expect(filled).toEqual(compileToComfyGraph(spec, makeCompileJob(spec)));
    expect(filled.instantid?.inputs.weight).toBe(0.9);
    expect(validateComfyGraph(filled)).toEqual([]);
    expect(() => fillComfyGraphPlaceholders(catalogGraph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 0.9, slots: SLOT_VALUES })).toThrow(
      expect.objectContaining({ code: 'PLACEHOLDER_VALUE_MISSING' }),
    );
  });

  it('leaves the catalog graph untouched, so it can be filled for the next user', () => {
    const spec = makeSpec();
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const before = structuredClone(catalogGraph);
    const filled = fillComfyGraphPlaceholders(catalogGraph, { identityLoraFileName: IDENTITY_FILE, seed: 7, likeness: 0.9, slots: SLOT_VALUES });
    expect(catalogGraph).toEqual(before);
    expect(filled.sampler?.inputs.model).not.toBe(catalogGraph.sampler?.inputs.model);
  });

  it('fills slot values in one pass, so a value that looks like a placeholder stays as typed', () => {
    const spec = { ...makeSpec(), prompt: { positive: '{subject} and {gender}', negative: '' } };
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const slots = { ...SLOT_VALUES, subject: COMFY_PLACEHOLDERS.gender };
    const filled = fillComfyGraphPlaceholders(catalogGraph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 0.9, slots });
    expect(filled.positive?.inputs.text).toBe('{{gender}} and female, film grain, kodak portra, soft focus');
    expect(filled).toEqual(compileToComfyGraph(spec, makeCompileJob(spec, { slots })));
  });

  it("puts the identity LoRA's trigger word before the style words, or drops it with its comma when there is none", () => {
    const spec = { ...makeSpec(), prompt: { positive: 'photo of {subject}', negative: '' } };
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(catalogGraph.positive?.inputs.text).toBe('photo of {{subject}}, {{identityTrigger}}, film grain, kodak portra, soft focus');
    const values = { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 0.9, slots: SLOT_VALUES };
    const withWord = fillComfyGraphPlaceholders(catalogGraph, { ...values, identityTriggerWord: ' ohwx ' });
    expect(withWord.positive?.inputs.text).toBe('photo of a woman with short red hair, ohwx, film grain, kodak portra, soft focus');
    expect(withWord).toEqual(compileToComfyGraph(spec, makeCompileJob(spec, { identityLora: { fileName: IDENTITY_FILE, triggerWord: 'ohwx' } })));
    for (const none of [undefined, null, '  ']) {
      const filled = fillComfyGraphPlaceholders(catalogGraph, { ...values, identityTriggerWord: none });
      expect(filled.positive?.inputs.text).toBe('photo of a woman with short red hair, film grain, kodak portra, soft focus');
      expect(filled).toEqual(compileToComfyGraph(spec, makeCompileJob(spec, { identityLora: { fileName: IDENTITY_FILE, triggerWord: none } })));
    }
  });

  it('keeps {{likeness}} as both identity strengths, and fills it to the graph compiled at that likeness', () => {
    const spec = makeSpec();
    const catalogGraph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(catalogGraph.lora_identity?.inputs).toMatchObject({ strength_model: '{{likeness}}', strength_clip: '{{likeness}}' });
    expect(validateComfyGraph(catalogGraph, { allowPlaceholders: true })).toEqual([]);
    const atMax = fillComfyGraphPlaceholders(catalogGraph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 1.2, slots: SLOT_VALUES });
    expect(atMax.lora_identity?.inputs).toMatchObject({ strength_model: 1.2, strength_clip: 1.2 });
    expect(atMax).toEqual(compileToComfyGraph(spec, makeCompileJob(spec, { likeness: 1.2 })));
    // Left out, a direct compile takes the default.
    expect(compileToComfyGraph(spec, makeCompileJob(spec)).lora_identity?.inputs.strength_model).toBe(spec.subject.likeness.default);
  });

  it('refuses a likeness outside [default, max] when compiling, and one LoraLoader cannot take when filling', () => {
    const spec = makeSpec();
    for (const likeness of [0.89, 1.21, Number.NaN]) {
      expect(() => compileToComfyGraph(spec, makeCompileJob(spec, { likeness }))).toThrow(expect.objectContaining({ code: 'LIKENESS_OUT_OF_RANGE' }));
    }
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    for (const likeness of [-0.1, 101, Number.POSITIVE_INFINITY]) {
      expect(() => fillComfyGraphPlaceholders(graph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness, slots: SLOT_VALUES })).toThrow(
        expect.objectContaining({ code: 'LIKENESS_OUT_OF_RANGE' }),
      );
    }
  });

  it('only fills the inputs the compiler puts placeholders in', () => {
    const graph = compileToComfyGraph(makeSpec(), makePlaceholderJob(makeSpec()));
    const save = graph.save;
    if (!save) throw new Error('no save node');
    save.inputs.filename_prefix = '{{seed}}';
    const filled = fillComfyGraphPlaceholders(graph, { identityLoraFileName: IDENTITY_FILE, seed: SEED, likeness: 0.9, slots: SLOT_VALUES });
    expect(filled.save?.inputs.filename_prefix).toBe('{{seed}}');
    expect(filled.lora_style_0?.inputs.lora_name).toBe('film-grain.safetensors');
  });

  it('refuses a seed ComfyUI or JavaScript cannot hold exactly', () => {
    const graph = compileToComfyGraph(makeSpec(), makePlaceholderJob(makeSpec()));
    for (const seed of [-1, 0.5, Number.NaN, 2 ** 53]) {
      expect(() => fillComfyGraphPlaceholders(graph, { identityLoraFileName: IDENTITY_FILE, seed, likeness: 0.9, slots: SLOT_VALUES })).toThrow(
        expect.objectContaining({ code: 'INVALID_SEED' }),
      );
    }
  });
});

describe('hasComfyPlaceholder', () => {
  it.each([
    ['{{seed}}', true],
    ['{{identityTrigger}}', true],
    ['{{likeness}}', true],
    ['photo of {{subject}}', true],
    ['{subject}', false],
    ['{{other}}', false],
  ])('%s -> %s', (text, expected) => {
    expect(hasComfyPlaceholder(text)).toBe(expected);
  });
});
