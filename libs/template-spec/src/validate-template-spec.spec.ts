import { describe, expect, it } from '@jest/globals';
import { apiMessage, type ApiMessageKey } from '@atelier/messages';
import { makeDefaultTemplateSpec } from './default-template-spec.js';
import { ASSET_ID, LORA_IDS, makeTemplateSpec } from './testing/make-template-spec.js';
import type { TemplateSpec } from './template-spec.schema.js';
import { validateTemplateSpec, type LoraCatalogEntry, type SpecIssue } from './validate-template-spec.js';

type Mutation = (spec: Record<string, any>) => void;

function issuesFor(mutate: Mutation, ctx?: Parameters<typeof validateTemplateSpec>[1]): SpecIssue[] {
  const spec = structuredClone(makeTemplateSpec()) as Record<string, any>;
  mutate(spec);
  const result = validateTemplateSpec(spec, ctx);
  return result.ok ? [] : result.issues;
}

const light = {
  id: 'rim',
  kind: 'rim',
  x: 0.9,
  y: 0.1,
  radius: 0.3,
  intensity: 1,
  colorTemperatureK: 3200,
} as const;

describe('validateTemplateSpec', () => {
  it('accepts the default spec for both base models and returns it parsed', () => {
    for (const baseModel of ['sdxl', 'sd15'] as const) {
      const spec = makeDefaultTemplateSpec(baseModel);
      const result = validateTemplateSpec(spec);
      expect(result).toEqual({ ok: true, spec });
    }
  });

  it.each<[string, Mutation, string, RegExp, ApiMessageKey]>([
    ['a schema version other than 1', (s) => (s.schemaVersion = 2), 'schemaVersion', /Schema version must be 1 \(got 2\)/, 'spec.mustBe'],
    ['an unknown base model', (s) => (s.baseModel = 'sd21'), 'baseModel', /one of sd15, sdxl \(got "sd21"\)/, 'spec.oneOf'],
    ['a canvas width off the 8 px grid', (s) => (s.canvas.width = 1001), 'canvas.width', /^Canvas width must be a multiple of 8 \(got 1001\)\.$/, 'spec.notMultipleOf'],
    ['a canvas taller than 2048', (s) => (s.canvas.height = 4096), 'canvas.height', /between 512 and 2048 \(got 4096\)/, 'spec.between'],
    ['a fractional canvas side', (s) => (s.canvas.width = 832.5), 'canvas.width', /whole number/, 'spec.notWholeNumber'],
    ['a canvas side given as text', (s) => (s.canvas.width = '832'), 'canvas.width', /must be a number \(got "832"\)/, 'spec.notNumber'],
    ['a missing canvas height', (s) => delete s.canvas.height, 'canvas.height', /^Canvas height is required\.$/, 'spec.required'],
    ['a blank positive prompt', (s) => (s.prompt.positive = '   '), 'prompt.positive', /can't be empty/, 'spec.promptEmpty'],
    ['an overlong negative prompt', (s) => (s.prompt.negative = 'x'.repeat(4001)), 'prompt.negative', /too long \(4001 characters/, 'spec.tooLong'],
    ['a frame hanging off the right edge', (s) => Object.assign(s.subject.frame, { x: 0.5, w: 0.6 }), 'subject.frame.w', /right edge/, 'spec.frameRightEdge'],
    ['a frame hanging off the bottom edge', (s) => Object.assign(s.subject.frame, { y: 0.5, h: 0.6 }), 'subject.frame.h', /bottom edge/, 'spec.frameBottomEdge'],
    ['a frame with no width', (s) => (s.subject.frame.w = 0), 'subject.frame.w', /more than 0 and at most 1 \(got 0\)/, 'spec.aboveAndAtMost'],
    ['a negative frame x', (s) => (s.subject.frame.x = -0.1), 'subject.frame.x', /between 0 and 1/, 'spec.between'],
    ['a likeness default above its max', (s) => (s.subject.likeness.default = 1.3), 'subject.likeness.default', /can't be higher than maximum likeness/, 'spec.likenessAboveMax'],
    ['a likeness max above 1.5', (s) => (s.subject.likeness.max = 1.6), 'subject.likeness.max', /between 0 and 1.5/, 'spec.between'],
    ['an unknown identity mode', (s) => (s.subject.identity = { mode: 'faceswap' }), 'subject.identity.mode', /Identity mode must be one of lora, instantid \(got "faceswap"\)/, 'spec.oneOf'],
    ['InstantID on an SD1.5 template', (s) => Object.assign(s, { baseModel: 'sd15', subject: { ...s.subject, identity: { mode: 'instantid' } } }), 'subject.identity.mode', /InstantID identity needs an SDXL template \(this one uses sd15\)/, 'spec.instantIdNeedsSdxl'],
    ['a pose with 17 keypoints', (s) => s.pose.keypoints.pop(), 'pose.keypoints', /exactly 18 keypoints, in OpenPose COCO-18 order \(got 17\)/, 'spec.keypointCount'],
    ['a keypoint outside the canvas', (s) => (s.pose.keypoints[3] = [0.5, 1.2]), 'pose.keypoints.3', /^Right elbow \(keypoint 3\) y must be between 0 and 1 \(got 1\.2\)\.$/, 'spec.between'],
    ['a keypoint that is not a point', (s) => (s.pose.keypoints[0] = [0.5]), 'pose.keypoints.0', /Nose \(keypoint 0\) must be an \[x, y\] point or null/, 'spec.notPoint'],
    ['a pose strength above 2', (s) => (s.pose.strength = 2.5), 'pose.strength', /between 0 and 2/, 'spec.between'],
    ['an unknown light kind', (s) => (s.lighting.lights[1].kind = 'lamp'), 'lighting.lights.1.kind', /Light 2 kind must be one of key, fill, rim, back, ambient/, 'spec.oneOf'],
    ['a light with zero radius', (s) => (s.lighting.lights[0].radius = 0), 'lighting.lights.0.radius', /more than 0 and at most 1/, 'spec.aboveAndAtMost'],
    ['a fractional color temperature', (s) => (s.lighting.lights[0].colorTemperatureK = 5600.5), 'lighting.lights.0.colorTemperatureK', /whole number/, 'spec.notWholeNumber'],
    ['a color temperature below 2000 K', (s) => (s.lighting.lights[0].colorTemperatureK = 1000), 'lighting.lights.0.colorTemperatureK', /between 2000 and 10000/, 'spec.between'],
    ['a seventh light', (s) => s.lighting.lights.push(...[1, 2, 3, 4, 5].map((n) => ({ ...light, id: `rim-${n}` }))), 'lighting.lights', /at most 6 lights \(got 7\)/, 'spec.tooManyLights'],
    ['two lights sharing an id', (s) => (s.lighting.lights[1].id = 'key'), 'lighting.lights.1.id', /Light id "key" is used by lights 1 and 2/, 'spec.duplicateLightId'],
    ['a lighting strength above 1', (s) => (s.lighting.strength = 1.5), 'lighting.strength', /between 0 and 1/, 'spec.between'],
    ['a style LoRA id that is not a UUID', (s) => s.styleLoras.push({ loraId: 'film-grain', weight: 0.5 }), 'styleLoras.0.loraId', /must be a UUID/, 'spec.notUuid'],
    ['the same style LoRA twice', (s) => s.styleLoras.push({ loraId: LORA_IDS.filmGrain, weight: 0.5 }, { loraId: LORA_IDS.filmGrain, weight: 0.7 }), 'styleLoras.1.loraId', /listed twice/, 'spec.duplicateStyleLora'],
    ['a fifth style LoRA', (s) => s.styleLoras.push(...Array.from({ length: 5 }, () => ({ loraId: crypto.randomUUID(), weight: 0.5 }))), 'styleLoras', /at most 4 style LoRAs \(got 5\)/, 'spec.tooManyStyleLoras'],
    ['a reference scaled to 0', (s) => (s.reference = { assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 0, opacity: 0.5 }), 'reference.scale', /more than 0 and at most 10/, 'spec.aboveAndAtMost'],
    ['a reference that is not an object', (s) => (s.reference = 'photo.png'), 'reference', /must be an object or null/, 'spec.notObjectOrNull'],
    ['zero sampler steps', (s) => (s.sampler.steps = 0), 'sampler.steps', /^Steps must be between 1 and 150 \(got 0\)\.$/, 'spec.between'],
    ['a CFG of infinity', (s) => (s.sampler.cfg = Infinity), 'sampler.cfg', /finite number/, 'spec.notFinite'],
    ['an unknown sampler', (s) => (s.sampler.sampler = 'eular'), 'sampler.sampler', /one of euler, euler_ancestral/, 'spec.oneOf'],
    ['an unknown scheduler', (s) => (s.sampler.scheduler = 'linear'), 'sampler.scheduler', /Scheduler must be one of/, 'spec.oneOf'],
    ['a denoise above 1', (s) => (s.sampler.denoise = 1.01), 'sampler.denoise', /between 0 and 1/, 'spec.between'],
    ['a misspelt canvas field', (s) => (s.canvas.widht = 832), 'canvas', /^Canvas has no field "widht" — did you mean "width"\?$/, 'spec.unknownFieldTypo'],
    ['an unknown top-level field', (s) => (s.tags = ['wedding']), '', /^Template spec has no field "tags" — allowed fields are schemaVersion, baseModel,/, 'spec.unknownField'],
  ])('rejects %s at its path', (_case, mutate, path, message, reason) => {
    const issues = issuesFor(mutate);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message), reason, params: expect.any(Object) });
  });

  it('rejects input that is not an object at the root path', () => {
    expect(validateTemplateSpec('spec')).toEqual({
      ok: false,
      issues: [{ path: '', message: 'Template spec must be an object (got "spec").', reason: 'spec.notObject', params: { field: '', got: '"spec"' } }],
    });
  });

  it('names an unknown prompt slot and lists the allowed ones', () => {
    const issues = issuesFor((s) => (s.prompt.positive = 'portrait of {subject} with {hair} hair'));
    expect(issues).toEqual([
      {
        path: 'prompt.positive',
        message: 'Unknown slot {hair} — allowed slots are {subject}, {gender}, {age}.',
        reason: 'spec.unknownPromptSlot',
        params: { slot: '{hair}', allowed: '{subject}, {gender}, {age}' },
      },
    ]);
  });

  it('reports each unknown slot once, in both prompts', () => {
    const issues = issuesFor((s) => {
      s.prompt.positive = '{hair} {subject} {hair} {eyes}';
      s.prompt.negative = '{Subject}';
    });
    expect(issues.map((issue) => `${issue.path}: ${issue.message.split(' —')[0]}`)).toEqual([
      'prompt.positive: Unknown slot {hair}',
      'prompt.positive: Unknown slot {eyes}',
      'prompt.negative: Unknown slot {Subject}',
    ]);
  });

  it('returns every issue at once, not only the first', () => {
    const issues = issuesFor((s) => {
      s.canvas.width = 1001;
      s.prompt.positive = '';
      s.pose.keypoints[5] = [2, 0.5];
      s.lighting.lights[1].kind = 'lamp';
      s.sampler.steps = 500;
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'canvas.width',
      'prompt.positive',
      'pose.keypoints.5',
      'lighting.lights.1.kind',
      'sampler.steps',
    ]);
  });

  it('gives every issue a reason whose English is its message, the field named by its full path', () => {
    const issues = issuesFor((s) => {
      s.canvas.widht = 832;
      s.pose.keypoints[3] = [0.5, 1.2];
      s.lighting.lights[0].radius = 0;
      s.sampler.cfg = 'high';
    });
    for (const issue of issues) expect(issue.message).toBe(apiMessage(issue.reason, issue.params));
    expect(issues.map(({ path, reason, params }) => ({ path, reason, field: params['field'] }))).toEqual([
      { path: 'canvas', reason: 'spec.unknownFieldTypo', field: 'canvas' },
      { path: 'pose.keypoints.3', reason: 'spec.between', field: 'pose.keypoints.3.1' },
      { path: 'lighting.lights.0.radius', reason: 'spec.aboveAndAtMost', field: 'lighting.lights.0.radius' },
      { path: 'sampler.cfg', reason: 'spec.notNumber', field: 'sampler.cfg' },
    ]);
  });

  it('accepts a spec saved before the face pass (no facePass) and returns it without one', () => {
    const { facePass: _facePass, ...subject } = makeTemplateSpec().subject;
    const saved = makeTemplateSpec({ subject });
    const result = validateTemplateSpec(saved);
    expect(result).toEqual({ ok: true, spec: saved });
    expect(result.ok && 'facePass' in result.spec.subject).toBe(false);
  });

  it('words face pass mistakes: denoise out of range, a switch that is not true or false, an unknown field', () => {
    const issues = issuesFor((s) => {
      s.subject.facePass = { enabled: 'yes', denoise: 0.8, strength: 1 };
    });
    for (const issue of issues) expect(issue.message).toBe(apiMessage(issue.reason, issue.params));
    expect(issues.map(({ path, reason }) => ({ path, reason }))).toEqual([
      { path: 'subject.facePass.enabled', reason: 'spec.notBoolean' },
      { path: 'subject.facePass.denoise', reason: 'spec.between' },
      { path: 'subject.facePass', reason: 'spec.unknownField' },
    ]);
    expect(issues.map((issue) => issue.message)).toEqual([
      'Face pass on must be true or false (got "yes").',
      'Face pass denoise must be between 0.1 and 0.6 (got 0.8).',
      'Face pass has no field "strength" — allowed fields are enabled, denoise.',
    ]);
  });

  it('accepts a spec with no pose and no reference', () => {
    expect(validateTemplateSpec(makeTemplateSpec({ pose: null, reference: null })).ok).toBe(true);
  });

  it('accepts a frame flush with the canvas edge despite float rounding', () => {
    const spec = makeTemplateSpec({
      subject: { frame: { x: 0.1, y: 0.7, w: 0.9, h: 0.3 }, likeness: { default: 0.9, max: 0.9 } },
    });
    expect(validateTemplateSpec(spec).ok).toBe(true);
  });

  it('accepts lights without ids and absent keypoints', () => {
    const ambient = { kind: 'ambient', x: 0.5, y: 0.5, radius: 1, intensity: 0.2, colorTemperatureK: 6500 } as const;
    const headless = Array.from({ length: 18 }, (_, index) => (index === 0 || index >= 14 ? null : [0.5, 0.5] as const));
    const spec = makeTemplateSpec({
      lighting: { lights: [ambient], strength: 0.3 },
      pose: { keypoints: headless.map((point) => (point === null ? null : [point[0], point[1]])), strength: 0.8 },
    });
    expect(validateTemplateSpec(spec).ok).toBe(true);
  });
});

describe('validateTemplateSpec with a LoRA catalog', () => {
  const catalog = new Map<string, LoraCatalogEntry>([
    [LORA_IDS.filmGrain, { baseModel: 'sdxl', minWeight: 0.2, maxWeight: 1, name: 'Film grain', status: 'READY' }],
    [LORA_IDS.softFocus, { baseModel: 'sd15', minWeight: 0, maxWeight: 1.5, name: 'Soft focus' }],
    [LORA_IDS.oilPaint, { baseModel: 'sdxl', minWeight: 0, maxWeight: 2, name: 'Oil paint', status: 'TRAINING' }],
  ]);

  function withLoras(styleLoras: TemplateSpec['styleLoras']) {
    return validateTemplateSpec(makeTemplateSpec({ styleLoras }), { loras: catalog });
  }

  it('accepts a READY LoRA of the same base model within its weight range', () => {
    expect(withLoras([{ loraId: LORA_IDS.filmGrain, weight: 0.6 }]).ok).toBe(true);
  });

  it('rejects a LoRA that is not in the catalog', () => {
    const missingId = '0e5d8a5c-1f7e-4b53-9c1d-2a3b4c5d6e7f';
    expect(withLoras([{ loraId: missingId, weight: 0.5 }])).toEqual({
      ok: false,
      issues: [
        {
          path: 'styleLoras.0.loraId',
          message: `Style LoRA 1 (${missingId}) is not in the LoRA catalog.`,
          reason: 'spec.loraNotInCatalog',
          params: { field: 'styleLoras.0', loraId: missingId },
        },
      ],
    });
  });

  it('rejects a LoRA that is not READY', () => {
    expect(withLoras([{ loraId: LORA_IDS.oilPaint, weight: 1 }])).toEqual({
      ok: false,
      issues: [
        {
          path: 'styleLoras.0.loraId',
          message: 'Style LoRA "Oil paint" is not ready to use (status TRAINING).',
          reason: 'spec.loraNotReady',
          params: { name: 'Oil paint', status: 'TRAINING' },
        },
      ],
    });
  });

  it('rejects a LoRA made for another base model', () => {
    expect(withLoras([{ loraId: LORA_IDS.softFocus, weight: 1 }])).toEqual({
      ok: false,
      issues: [
        {
          path: 'styleLoras.0.loraId',
          message: 'Style LoRA "Soft focus" is made for SD 1.5, but this template uses SDXL.',
          reason: 'spec.loraWrongBaseModel',
          params: { name: 'Soft focus', loraBaseModel: 'SD 1.5', baseModel: 'SDXL' },
        },
      ],
    });
  });

  it("rejects weights outside each LoRA's own range and reports every LoRA", () => {
    const styleLoras = [
      { loraId: LORA_IDS.filmGrain, weight: 0.1 },
      { loraId: LORA_IDS.softFocus, weight: 1.6 },
    ];
    const result = withLoras(styleLoras);
    expect(result.ok ? [] : result.issues.map(({ path, message, reason }) => ({ path, message, reason }))).toEqual([
      { path: 'styleLoras.0.weight', message: 'Style LoRA "Film grain" weight must be between 0.2 and 1 (got 0.1).', reason: 'spec.loraWeightRange' },
      { path: 'styleLoras.1.loraId', message: 'Style LoRA "Soft focus" is made for SD 1.5, but this template uses SDXL.', reason: 'spec.loraWrongBaseModel' },
      { path: 'styleLoras.1.weight', message: 'Style LoRA "Soft focus" weight must be between 0 and 1.5 (got 1.6).', reason: 'spec.loraWeightRange' },
    ]);
  });

  it('reports catalog issues alongside schema issues elsewhere in the spec', () => {
    const spec = structuredClone(makeTemplateSpec({ styleLoras: [{ loraId: LORA_IDS.filmGrain, weight: 1.4 }] }));
    spec.canvas.width = 1001;
    const result = validateTemplateSpec(spec, { loras: catalog });
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['canvas.width', 'styleLoras.0.weight']);
  });

  it('skips catalog checks for an entry the schema already rejected', () => {
    const result = validateTemplateSpec(
      { ...makeTemplateSpec(), styleLoras: [{ loraId: 'nope', weight: 1 }] },
      { loras: catalog },
    );
    expect(result.ok ? [] : result.issues).toEqual([
      { path: 'styleLoras.0.loraId', message: 'Style LoRA 1 id must be a UUID (got "nope").', reason: 'spec.notUuid', params: { field: 'styleLoras.0.loraId', got: '"nope"' } },
    ]);
  });
});
