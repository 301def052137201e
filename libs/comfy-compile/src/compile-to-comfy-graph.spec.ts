import { makeDefaultTemplateSpec, validateTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { ComfyCompileError } from './comfy-compile.errors.js';
import { listNodeClasses, type ComfyPrompt } from './comfy-prompt.js';
import {
  FACE_PASS_WORKING_SIDE,
  compileToComfyGraph,
  computeSamplerDenoise,
  fillPromptSlots,
  planFacePass,
  type StyleLoraFile,
} from './compile-to-comfy-graph.js';
import { fillComfyGraphPlaceholders } from './comfy-placeholders.js';
import {
  CHECKPOINT_BY_BASE_MODEL,
  OPENPOSE_CONTROLNET_BY_BASE_MODEL,
  SLOT_VALUES,
  STYLE_LORA_FILES,
  makeCompileJob,
  makePlaceholderJob,
  makeStyleLoras,
} from './testing/make-compile-job.js';
import { validateComfyGraph } from './validate-comfy-graph.js';

function makeSpec(overrides: Partial<TemplateSpec> = {}): TemplateSpec {
  return { ...makeDefaultTemplateSpec(overrides.baseModel ?? 'sdxl'), ...overrides };
}

const withoutLights = (spec: TemplateSpec): TemplateSpec => ({ ...spec, lighting: { lights: [], strength: 0.5 } });
// Specs saved before the face pass existed have no facePass at all.
const withoutFacePass = (spec: TemplateSpec): TemplateSpec => {
  const { facePass: _facePass, ...subject } = spec.subject;
  return { ...spec, subject };
};
const withFacePass = (spec: TemplateSpec, facePass: NonNullable<TemplateSpec['subject']['facePass']>): TemplateSpec => ({
  ...spec,
  subject: { ...spec.subject, facePass },
});

function withInstantId(spec: TemplateSpec): TemplateSpec {
  return { ...spec, subject: { ...spec.subject, identity: { mode: 'instantid' } } };
}

const SAMPLE_SPECS: ReadonlyArray<[string, TemplateSpec]> = [
  ['default sdxl', makeSpec()],
  ['default sd15', makeSpec({ baseModel: 'sd15' })],
  ['sdxl without pose', makeSpec({ pose: null })],
  ['sd15 without pose or lights', withoutLights(makeSpec({ baseModel: 'sd15', pose: null }))],
  ['lights at strength 0', makeSpec({ lighting: { ...makeSpec().lighting, strength: 0 } })],
  ['one style LoRA', makeSpec({ styleLoras: makeStyleLoras(1) })],
  ['four style LoRAs, one negative', makeSpec({ styleLoras: makeStyleLoras(4, [0.55, 0.3, -0.8, 1.2]) })],
  ['sd15, four style LoRAs, no lights', withoutLights(makeSpec({ baseModel: 'sd15', styleLoras: makeStyleLoras(4) }))],
  ['sdxl saved before the face pass', withoutFacePass(makeSpec())],
  ['sd15 with the face pass off', withFacePass(makeSpec({ baseModel: 'sd15' }), { enabled: false, denoise: 0.35 })],
  ['sd15 face pass at the largest denoise, no pose', withFacePass(makeSpec({ baseModel: 'sd15', pose: null }), { enabled: true, denoise: 0.6 })],
  ['InstantID with pose and lights', withInstantId(makeSpec())],
  ['InstantID, no pose or lights, two style LoRAs', withInstantId(withoutLights(makeSpec({ pose: null, styleLoras: makeStyleLoras(2) })))],
];

function withTriggerWords(index: number, triggerWords: string[]): StyleLoraFile {
  const file = STYLE_LORA_FILES[index];
  if (!file) throw new Error(`no style LoRA file ${index}`);
  return { ...file, triggerWords };
}

const compile = (spec: TemplateSpec) => compileToComfyGraph(spec, makeCompileJob(spec));

function node(graph: ComfyPrompt, id: string) {
  const found = graph[id];
  if (!found) throw new Error(`no node "${id}" in ${Object.keys(graph).join(', ')}`);
  return found;
}

describe('compileToComfyGraph', () => {
  it.each(SAMPLE_SPECS)('compiles the %s sample into a graph the node table accepts', (_name, spec) => {
    expect(validateTemplateSpec(spec).ok).toBe(true);
    expect(validateComfyGraph(compile(spec))).toEqual([]);
  });

  it.each(SAMPLE_SPECS)('leaves a placeholder graph of the %s sample valid for the catalog', (_name, spec) => {
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(validateComfyGraph(graph, { allowPlaceholders: true })).toEqual([]);
  });

  it('lays the default spec out as loaders -> LoRAs -> prompts -> pose -> light latent -> sampler -> face pass -> save', () => {
    const graph = compile(makeSpec({ styleLoras: makeStyleLoras(2) }));
    expect(Object.entries(graph).map(([id, { class_type }]) => `${id}:${class_type}`)).toEqual([
      'checkpoint:CheckpointLoaderSimple',
      'lora_identity:LoraLoader',
      'lora_style_0:LoraLoader',
      'lora_style_1:LoraLoader',
      'positive:CLIPTextEncode',
      'negative:CLIPTextEncode',
      'pose_controlnet_loader:ControlNetLoader',
      'pose_image:LoadImage',
      'pose_controlnet:ControlNetApplyAdvanced',
      'light_image:LoadImage',
      'light_latent:VAEEncode',
      'sampler:KSampler',
      'decode:VAEDecode',
      'face_crop:ImageCrop',
      'face_upscale:ImageScale',
      'face_encode:VAEEncode',
      'face_sampler:KSampler',
      'face_decode:VAEDecode',
      'face_downscale:ImageScale',
      'face_mask:SolidMask',
      'face_feather:FeatherMask',
      'face_composite:ImageCompositeMasked',
      'save:SaveImage',
    ]);
  });

  it('uses the checkpoint and ControlNet files the job names for the base model', () => {
    const graph = compile(makeSpec({ baseModel: 'sd15' }));
    expect(node(graph, 'checkpoint').inputs).toEqual({ ckpt_name: CHECKPOINT_BY_BASE_MODEL.sd15 });
    expect(node(graph, 'pose_controlnet_loader').inputs).toEqual({ control_net_name: OPENPOSE_CONTROLNET_BY_BASE_MODEL.sd15 });
  });

  it('chains the identity LoRA at the default likeness first, then the style LoRAs in spec order at their weights', () => {
    const spec = makeSpec({ styleLoras: makeStyleLoras(4, [0.55, 0.3, -0.8, 1.2]) });
    spec.subject.likeness = { default: 0.75, max: 1.1 };
    const graph = compile(spec);
    const chain = ['lora_identity', 'lora_style_0', 'lora_style_1', 'lora_style_2', 'lora_style_3'];
    const expected = [
      ['user-7f3a-identity.safetensors', 0.75],
      ['film-grain.safetensors', 0.55],
      ['soft-focus.safetensors', 0.3],
      ['oil-paint.safetensors', -0.8],
      ['vintage.safetensors', 1.2],
    ] as const;
    chain.forEach((id, index) => {
      const source = index === 0 ? 'checkpoint' : chain[index - 1];
      const [fileName, weight] = expected[index] ?? [];
      expect(node(graph, id)).toEqual({
        class_type: 'LoraLoader',
        inputs: { model: [source, 0], clip: [source, 1], lora_name: fileName, strength_model: weight, strength_clip: weight },
      });
    });
    expect(node(graph, 'sampler').inputs.model).toEqual(['lora_style_3', 0]);
    expect(node(graph, 'positive').inputs.clip).toEqual(['lora_style_3', 1]);
    expect(node(graph, 'negative').inputs.clip).toEqual(['lora_style_3', 1]);
  });

  it('matches style LoRA files by loraId, not by their order in the job', () => {
    const spec = makeSpec({ styleLoras: makeStyleLoras(2) });
    const graph = compileToComfyGraph(spec, makeCompileJob(spec, { styleLoras: [...STYLE_LORA_FILES].reverse() }));
    expect(node(graph, 'lora_style_0').inputs.lora_name).toBe('film-grain.safetensors');
    expect(node(graph, 'lora_style_1').inputs.lora_name).toBe('soft-focus.safetensors');
  });

  it('fills the slots in both prompts and appends de-duplicated trigger words to the positive one only', () => {
    const spec = makeSpec({
      prompt: { positive: 'photo of {subject}, {gender}, {age} years old', negative: 'not {age} years old, blurry' },
      styleLoras: makeStyleLoras(4),
    });
    const graph = compile(spec);
    expect(node(graph, 'positive').inputs.text).toBe(
      'photo of a woman with short red hair, female, 34 years old, film grain, kodak portra, soft focus, sepia',
    );
    expect(node(graph, 'negative').inputs.text).toBe('not 34 years old, blurry');
  });

  it('leaves the prompt as the designer wrote it when no style LoRA has trigger words', () => {
    const spec = makeSpec({ prompt: { positive: 'photo of {subject} ', negative: '' }, styleLoras: makeStyleLoras(0) });
    expect(node(compile(spec), 'positive').inputs.text).toBe('photo of a woman with short red hair ');
    expect(node(compile(spec), 'negative').inputs.text).toBe('');
  });

  it('feeds both prompts through ControlNetApplyAdvanced with the pose map at the pose strength', () => {
    const spec = makeSpec();
    spec.pose = { keypoints: spec.pose?.keypoints ?? [], strength: 0.8 };
    const graph = compile(spec);
    expect(node(graph, 'pose_image').inputs).toEqual({ image: 'job-42-pose.png' });
    expect(node(graph, 'pose_controlnet').inputs).toEqual({
      positive: ['positive', 0],
      negative: ['negative', 0],
      control_net: ['pose_controlnet_loader', 0],
      image: ['pose_image', 0],
      strength: 0.8,
      start_percent: 0,
      end_percent: 1,
    });
    expect(node(graph, 'sampler').inputs).toMatchObject({ positive: ['pose_controlnet', 0], negative: ['pose_controlnet', 1] });
  });

  it('skips the ControlNet entirely when the spec has no pose', () => {
    const graph = compileToComfyGraph(makeSpec({ pose: null }), makeCompileJob(makeSpec(), { inputImages: { lightMap: 'l.png' } }));
    expect(Object.values(graph).map((n) => n.class_type)).not.toContain('ControlNetApplyAdvanced');
    expect(Object.values(graph).map((n) => n.class_type)).not.toContain('ControlNetLoader');
    expect(node(graph, 'sampler').inputs).toMatchObject({ positive: ['positive', 0], negative: ['negative', 0] });
  });

  it('lists the node classes a graph needs on the box, each once: the ControlNet loader only for a pose, the image nodes only for the face pass', () => {
    const facePass = ['FeatherMask', 'ImageCompositeMasked', 'ImageCrop', 'ImageScale', 'SolidMask'];
    const posed = listNodeClasses(compile(withoutFacePass(makeSpec())));
    expect(posed).toEqual(['CLIPTextEncode', 'CheckpointLoaderSimple', 'ControlNetApplyAdvanced', 'ControlNetLoader', 'KSampler', 'LoadImage', 'LoraLoader', 'SaveImage', 'VAEDecode', 'VAEEncode']);
    const plainSpec = withoutLights(makeSpec({ pose: null }));
    const plainJob = makeCompileJob(makeSpec(), { inputImages: {} });
    const plain = listNodeClasses(compileToComfyGraph(withoutFacePass(plainSpec), plainJob));
    expect(plain).toEqual(['CLIPTextEncode', 'CheckpointLoaderSimple', 'EmptyLatentImage', 'KSampler', 'LoraLoader', 'SaveImage', 'VAEDecode']);
    expect(listNodeClasses(compile(makeSpec()))).toEqual([...posed, ...facePass].sort());
    // The face pass encodes its crop, so a txt2img graph needs VAEEncode too.
    expect(listNodeClasses(compileToComfyGraph(plainSpec, plainJob))).toEqual([...plain, ...facePass, 'VAEEncode'].sort());
  });

  it('applies InstantID from the face photo at the likeness weight instead of the identity LoRA, before the pose ControlNet', () => {
    const spec = withInstantId(makeSpec({ styleLoras: makeStyleLoras(1), subject: { ...makeSpec().subject, likeness: { default: 0.7, max: 1.1 } } }));
    const graph = compileToComfyGraph(spec, makeCompileJob(spec, { likeness: 0.9 }));
    expect(graph.lora_identity).toBeUndefined();
    expect(Object.values(graph).filter((n) => n.class_type === 'LoraLoader').map((n) => n.inputs.lora_name)).toEqual(['film-grain.safetensors']);
    expect(node(graph, 'lora_style_0').inputs.model).toEqual(['checkpoint', 0]);
    expect(node(graph, 'instantid_model')).toEqual({ class_type: 'InstantIDModelLoader', inputs: { instantid_file: 'ip-adapter.bin' } });
    expect(node(graph, 'instantid_face_analysis')).toEqual({ class_type: 'InstantIDFaceAnalysis', inputs: { provider: 'CPU' } });
    expect(node(graph, 'instantid_controlnet_loader')).toEqual({ class_type: 'ControlNetLoader', inputs: { control_net_name: 'instantid/diffusion_pytorch_model.safetensors' } });
    expect(node(graph, 'face_photo')).toEqual({ class_type: 'LoadImage', inputs: { image: 'job-42-face.png' } });
    expect(node(graph, 'instantid')).toEqual({
      class_type: 'ApplyInstantID',
      inputs: {
        instantid: ['instantid_model', 0],
        insightface: ['instantid_face_analysis', 0],
        control_net: ['instantid_controlnet_loader', 0],
        image: ['face_photo', 0],
        model: ['lora_style_0', 0],
        positive: ['positive', 0],
        negative: ['negative', 0],
        weight: 0.9,
        start_at: 0,
        end_at: 1,
      },
    });
    // The pose ControlNet (its own loader and file) conditions on InstantID's output; the sampler takes InstantID's model.
    expect(node(graph, 'pose_controlnet_loader').inputs.control_net_name).toBe(OPENPOSE_CONTROLNET_BY_BASE_MODEL.sdxl);
    expect(node(graph, 'pose_controlnet').inputs).toMatchObject({ positive: ['instantid', 1], negative: ['instantid', 2] });
    expect(node(graph, 'sampler').inputs).toMatchObject({ model: ['instantid', 0], positive: ['pose_controlnet', 0], negative: ['pose_controlnet', 1] });
    // No identity trigger word: only the style LoRA's.
    expect(node(graph, 'positive').inputs.text).toBe(`${fillPromptSlots(spec.prompt.positive, SLOT_VALUES)}, film grain, kodak portra`);
  });

  it('wires InstantID straight into the sampler without a pose, and lists its node classes', () => {
    const spec = withInstantId(withoutLights(makeSpec({ pose: null })));
    const graph = compile(spec);
    expect(node(graph, 'instantid').inputs.model).toEqual(['checkpoint', 0]);
    expect(node(graph, 'sampler').inputs).toMatchObject({ model: ['instantid', 0], positive: ['instantid', 1], negative: ['instantid', 2] });
    expect(listNodeClasses(compile(withoutFacePass(spec)))).toEqual(['ApplyInstantID', 'CLIPTextEncode', 'CheckpointLoaderSimple', 'ControlNetLoader', 'EmptyLatentImage', 'InstantIDFaceAnalysis', 'InstantIDModelLoader', 'KSampler', 'LoadImage', 'SaveImage', 'VAEDecode']);
  });

  it('re-samples the face in InstantID mode as the person: the face pass takes ApplyInstantID’s model and conditioning', () => {
    const spec = withInstantId(makeSpec());
    expect(spec.subject.facePass?.enabled).toBe(true);
    const graph = compile(spec);
    expect(node(graph, 'face_sampler').inputs).toMatchObject({ model: ['instantid', 0], positive: ['instantid', 1], negative: ['instantid', 2] });
    // In identity-LoRA mode it takes the LoRA chain's model (the identity LoRA among it) and the text conditioning.
    const lora = compile(makeSpec({ styleLoras: [] }));
    expect(node(lora, 'face_sampler').inputs).toMatchObject({ model: ['lora_identity', 0], positive: ['positive', 0], negative: ['negative', 0] });
  });

  it('refuses a job without the files its identity mode needs', () => {
    const instantId = withInstantId(makeSpec());
    expect(() => compileToComfyGraph(instantId, makeCompileJob(instantId, { instantId: undefined }))).toThrow(expect.objectContaining({ code: 'IDENTITY_FILES_MISSING' }));
    const lora = makeSpec();
    expect(() => compileToComfyGraph(lora, makeCompileJob(lora, { identityLora: undefined }))).toThrow(expect.objectContaining({ code: 'IDENTITY_FILES_MISSING' }));
    // Each mode ignores the other's files.
    expect(compileToComfyGraph(instantId, makeCompileJob(instantId, { identityLora: undefined }))).toEqual(compile(instantId));
    expect(compileToComfyGraph(lora, makeCompileJob(lora, { instantId: undefined }))).toEqual(compile(lora));
  });

  it('keeps {{facePhoto}} and {{likeness}} as placeholders in an InstantID catalog graph', () => {
    const spec = withInstantId(makeSpec());
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(node(graph, 'face_photo').inputs.image).toBe('{{facePhoto}}');
    expect(node(graph, 'instantid').inputs.weight).toBe('{{likeness}}');
    expect(JSON.stringify(graph)).not.toContain('{{identityLora}}');
    expect(JSON.stringify(graph)).not.toContain('{{identityTrigger}}');
  });

  it('renders lights as img2img: the light map is VAE-encoded into the sampler latent', () => {
    const graph = compile(makeSpec());
    expect(node(graph, 'light_image').inputs).toEqual({ image: 'job-42-light.png' });
    expect(node(graph, 'light_latent').inputs).toEqual({ pixels: ['light_image', 0], vae: ['checkpoint', 2] });
    expect(node(graph, 'sampler').inputs.latent_image).toEqual(['light_latent', 0]);
    expect(node(graph, 'sampler').inputs.denoise).toBe(0.75); // default: denoise 1, lighting strength 0.5
  });

  it.each([
    ['no lights', [], 0.5],
    ['lights at strength 0', undefined, 0],
  ] as const)('starts from an empty latent of the canvas size at denoise 1 with %s', (_name, lights, strength) => {
    const base = makeSpec({ canvas: { width: 768, height: 1344 } });
    base.sampler.denoise = 0.6;
    const spec = { ...base, lighting: { lights: lights ? [...lights] : base.lighting.lights, strength } };
    const graph = compileToComfyGraph(spec, makeCompileJob(spec, { inputImages: { poseMap: 'p.png' } }));
    expect(node(graph, 'empty_latent').inputs).toEqual({ width: 768, height: 1344, batch_size: 1 });
    expect(node(graph, 'sampler').inputs).toMatchObject({ latent_image: ['empty_latent', 0], denoise: 1 });
    expect(graph.light_image).toBeUndefined();
  });

  it('copies seed, steps, cfg, sampler and scheduler into the KSampler and saves under the prefix', () => {
    const spec = makeSpec({ sampler: { steps: 42, cfg: 6.5, sampler: 'euler_ancestral', scheduler: 'sgm_uniform', denoise: 1 } });
    const graph = compile(spec);
    expect(node(graph, 'sampler').inputs).toMatchObject({
      seed: 123456789,
      steps: 42,
      cfg: 6.5,
      sampler_name: 'euler_ancestral',
      scheduler: 'sgm_uniform',
    });
    expect(node(graph, 'decode').inputs).toEqual({ samples: ['sampler', 0], vae: ['checkpoint', 2] });
    expect(node(graph, 'save').inputs).toEqual({ images: ['face_composite', 0], filename_prefix: 'atelier/job-42' });
    const before = compileToComfyGraph(withoutFacePass(spec), makeCompileJob(spec));
    expect(node(before, 'save').inputs).toEqual({ images: ['decode', 0], filename_prefix: 'atelier/job-42' });
  });

  it('compiles the same input to a deep-equal graph with the same key order', () => {
    const spec = makeSpec({ styleLoras: makeStyleLoras(3) });
    expect(JSON.stringify(compile(spec))).toBe(JSON.stringify(compile(structuredClone(spec))));
  });

  it('leaves the identity LoRA, seed and slots as named placeholders for the catalog', () => {
    const spec = makeSpec();
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(node(graph, 'lora_identity').inputs.lora_name).toBe('{{identityLora}}');
    expect(node(graph, 'sampler').inputs.seed).toBe('{{seed}}');
    expect(node(graph, 'positive').inputs.text).toMatch(/^portrait photo of \{\{subject\}\}, \{\{gender\}\}, \{\{age\}\} years old/);
    expect(validateComfyGraph(graph)).toEqual(
      expect.arrayContaining([expect.stringContaining('"seed" still contains a placeholder')]),
    );
  });

  it.each([
    ['STYLE_LORA_FILE_MISSING', makeSpec({ styleLoras: makeStyleLoras(2) }), { styleLoras: STYLE_LORA_FILES.slice(1) }],
    ['POSE_MAP_MISSING', makeSpec(), { inputImages: { lightMap: 'l.png' } }],
    ['LIGHT_MAP_MISSING', makeSpec(), { inputImages: { poseMap: 'p.png' } }],
    ['INVALID_SEED', makeSpec(), { seed: 1.5 }],
    ['INVALID_SEED', makeSpec(), { seed: -1 }],
    ['INVALID_SEED', makeSpec(), { seed: 2 ** 60 }],
    ['PLACEHOLDER_IN_JOB', makeSpec(), { filenamePrefix: 'atelier/{{seed}}' }],
    ['PLACEHOLDER_IN_JOB', makeSpec({ styleLoras: makeStyleLoras(1) }), { styleLoras: [withTriggerWords(0, ['{{subject}}'])] }],
  ] as const)('throws %s when the job does not fit the spec', (code, spec, overrides) => {
    const job = makeCompileJob(spec, overrides);
    expect(() => compileToComfyGraph(spec, job)).toThrow(ComfyCompileError);
    expect(() => compileToComfyGraph(spec, job)).toThrow(expect.objectContaining({ code }));
  });
});

describe('the face pass', () => {
  it('compiles a spec without facePass, or with it off, exactly as before the face pass existed', () => {
    const before = withoutFacePass(makeSpec({ styleLoras: makeStyleLoras(2) }));
    const off = withFacePass(before, { enabled: false, denoise: 0.5 });
    const expected = compile(before);
    expect(Object.keys(expected).filter((id) => id.startsWith('face_'))).toEqual([]);
    expect(JSON.stringify(compile(off))).toBe(JSON.stringify(expected));
  });

  it('crops the head of the first pass, re-samples it at the working size and pastes it back where it was', () => {
    const spec = withFacePass(makeSpec(), { enabled: true, denoise: 0.3 });
    const plan = planFacePass(spec)!;
    const { x, y, width, height } = plan.crop;
    expect(width).toBe(height);
    const graph = compile(spec);
    expect(node(graph, 'face_crop').inputs).toEqual({ image: ['decode', 0], width, height, x, y });
    expect(node(graph, 'face_upscale').inputs).toEqual({ image: ['face_crop', 0], upscale_method: 'lanczos', width: 1024, height: 1024, crop: 'disabled' });
    expect(node(graph, 'face_encode').inputs).toEqual({ pixels: ['face_upscale', 0], vae: ['checkpoint', 2] });
    expect(node(graph, 'face_decode').inputs).toEqual({ samples: ['face_sampler', 0], vae: ['checkpoint', 2] });
    expect(node(graph, 'face_downscale').inputs).toEqual({ image: ['face_decode', 0], upscale_method: 'area', width, height, crop: 'disabled' });
    expect(node(graph, 'face_mask').inputs).toEqual({ value: 1, width, height });
    expect(node(graph, 'face_composite').inputs).toEqual({
      destination: ['decode', 0],
      source: ['face_downscale', 0],
      x,
      y,
      resize_source: false,
      mask: ['face_feather', 0],
    });
  });

  it("samples the face with the first pass's model, settings and seed, the text conditioning without the pose ControlNet, at the face pass denoise", () => {
    const spec = withFacePass(makeSpec({ styleLoras: makeStyleLoras(2), sampler: { steps: 24, cfg: 4.5, sampler: 'euler', scheduler: 'normal', denoise: 1 } }), { enabled: true, denoise: 0.42 });
    const graph = compile(spec);
    expect(node(graph, 'face_sampler').inputs).toEqual({
      model: ['lora_style_1', 0],
      seed: 123456789,
      steps: 24,
      cfg: 4.5,
      sampler_name: 'euler',
      scheduler: 'normal',
      positive: ['positive', 0],
      negative: ['negative', 0],
      latent_image: ['face_encode', 0],
      denoise: 0.42,
    });
    expect(node(graph, 'sampler').inputs).toMatchObject({ positive: ['pose_controlnet', 0], denoise: 0.75 });
  });

  it('works at 512 for SD 1.5 and never scales a crop larger than the working side down', () => {
    expect(node(compile(makeSpec({ baseModel: 'sd15' })), 'face_upscale').inputs).toMatchObject({ width: 512, height: 512 });
    // A head-and-shoulders frame on a 2048 canvas: the head is larger than SD 1.5's 512.
    const closeUp = makeSpec({ baseModel: 'sd15', pose: null, canvas: { width: 2048, height: 2048 } });
    closeUp.subject.frame = { x: 0, y: 0, w: 1, h: 1 };
    const plan = planFacePass(closeUp)!;
    expect(plan.crop.width).toBeGreaterThan(FACE_PASS_WORKING_SIDE.sd15);
    expect(node(compile(closeUp), 'face_upscale').inputs).toMatchObject({ width: plan.crop.width, height: plan.crop.width });
  });

  it('feathers the paste on every edge inside the canvas and not on an edge the crop shares with it', () => {
    const inside = planFacePass(makeSpec())!;
    expect(inside.feather).toEqual({ left: 32, top: 32, right: 32, bottom: 32 });
    expect(node(compile(makeSpec()), 'face_feather').inputs).toEqual({ mask: ['face_mask', 0], left: 32, top: 32, right: 32, bottom: 32 });
    // A head drawn in the top-left corner.
    const atCorner = makeSpec();
    const head: Record<number, [number, number] | null> = { 0: [0.01, 0.01], 1: [0.01, 0.1], 14: [0.02, 0], 15: [0, 0.02], 16: null, 17: null };
    atCorner.pose!.keypoints = atCorner.pose!.keypoints.map((point, index) => (index in head ? head[index]! : point));
    const plan = planFacePass(atCorner)!;
    expect(plan.crop).toMatchObject({ x: 0, y: 0 });
    expect(plan.feather).toMatchObject({ left: 0, top: 0 });
    expect(plan.feather.right).toBeGreaterThan(0);
  });

  it('keeps {{seed}} in the face sampler of the catalog graph, and fills it with the same seed as the first pass', () => {
    const spec = makeSpec();
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(node(graph, 'face_sampler').inputs.seed).toBe('{{seed}}');
    const filled = fillComfyGraphPlaceholders(graph, { identityLoraFileName: 'user-7f3a-identity.safetensors', seed: 123456789, likeness: 0.9, slots: SLOT_VALUES });
    expect(filled).toEqual(compile(spec));
  });
});

describe('computeSamplerDenoise', () => {
  it.each([
    // [sampler.denoise, lighting.strength, lights?, expected]
    [1, 0.5, true, 0.75],
    [1, 1, true, 0.5],
    [0.6, 0.2, true, 0.6],
    [0.2, 0.2, true, 0.5],
    [0.6, 0, true, 1],
    [0.6, 0.8, false, 1],
  ])('denoise %d with lighting strength %d (lights: %s) -> %d', (denoise, strength, hasLights, expected) => {
    const spec = makeSpec();
    spec.sampler.denoise = denoise;
    spec.lighting = { lights: hasLights ? spec.lighting.lights : [], strength };
    expect(computeSamplerDenoise(spec)).toBeCloseTo(expected, 12);
  });
});

describe('fillPromptSlots', () => {
  it('fills each known slot once, leaving braces that are not slots alone', () => {
    expect(fillPromptSlots('{subject} {{age}} {a|b} { }', SLOT_VALUES)).toBe('a woman with short red hair {34} {a|b} { }');
  });

  it('does not fill a slot value that itself looks like a slot', () => {
    expect(fillPromptSlots('{subject} / {gender}', { ...SLOT_VALUES, subject: '{gender}' })).toBe('{gender} / female');
  });

  it('turns slots into {{placeholders}} in placeholder mode', () => {
    expect(fillPromptSlots('{subject}, {age}', 'placeholders')).toBe('{{subject}}, {{age}}');
  });
});
