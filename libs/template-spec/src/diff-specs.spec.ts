import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';
import { diffSpecs } from './diff-specs.js';
import { ASSET_ID, LORA_IDS, makeTemplateSpec } from './testing/make-template-spec.js';
import { templateSpecArbitrary } from './testing/template-spec.arbitrary.js';
import type { Light, TemplateSpec } from './template-spec.schema.js';

function edit(spec: TemplateSpec, change: (draft: TemplateSpec) => void): TemplateSpec {
  const draft = structuredClone(spec);
  change(draft);
  return draft;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Takes each top-level field, or each field of a top-level object, from `a` or `other` as `picks` say.
function mixSpecs(a: TemplateSpec, other: TemplateSpec, picks: readonly boolean[]): TemplateSpec {
  let next = 0;
  const takeOther = () => picks[next++ % picks.length] ?? false;
  const mixed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a as unknown as Record<string, unknown>)) {
    const otherValue: unknown = (other as Record<string, unknown>)[key];
    if (isRecord(value) && isRecord(otherValue)) {
      const fields = Object.keys(value).map((field) => [field, takeOther() ? otherValue[field] : value[field]]);
      mixed[key] = Object.fromEntries(fields);
    } else {
      mixed[key] = takeOther() ? otherValue : value;
    }
  }
  return structuredClone(mixed) as TemplateSpec;
}

const rim: Light = { id: 'rim', kind: 'rim', x: 0.9, y: 0.1, radius: 0.3, intensity: 1, colorTemperatureK: 3200 };

describe('diffSpecs', () => {
  const base = makeTemplateSpec();

  it('finds no changes between a spec and itself', () => {
    expect(diffSpecs(base, base)).toEqual([]);
    expect(diffSpecs(base, structuredClone(base))).toEqual([]);
  });

  it('ignores float noise below 1e-9', () => {
    const noisy = edit(base, (s) => {
      s.sampler.cfg += 1e-12;
      s.subject.frame.x += 5e-10;
      if (s.pose?.keypoints[3]) s.pose.keypoints[3] = [s.pose.keypoints[3][0] + 1e-10, s.pose.keypoints[3][1]];
    });
    expect(diffSpecs(base, noisy)).toEqual([]);
  });

  it('reports scalar fields by path', () => {
    const changed = edit(base, (s) => {
      s.baseModel = 'sd15';
      s.canvas.width = 768;
      s.subject.likeness.max = 1.4;
      s.lighting.strength = 0.8;
      s.sampler.scheduler = 'normal';
    });
    expect(diffSpecs(base, changed)).toEqual([
      { kind: 'field-changed', path: 'baseModel', before: 'sdxl', after: 'sd15' },
      { kind: 'field-changed', path: 'canvas.width', before: 832, after: 768 },
      { kind: 'field-changed', path: 'subject.likeness.max', before: 1.2, after: 1.4 },
      { kind: 'field-changed', path: 'lighting.strength', before: 0.5, after: 0.8 },
      { kind: 'field-changed', path: 'sampler.scheduler', before: 'karras', after: 'normal' },
    ]);
  });

  it('names a change of identity mode, an absent mode being the identity LoRA', () => {
    const instantId = edit(base, (s) => (s.subject.identity = { mode: 'instantid' }));
    expect(diffSpecs(base, instantId)).toEqual([{ kind: 'field-changed', path: 'subject.identity.mode', before: 'lora', after: 'instantid' }]);
    expect(diffSpecs(instantId, base)).toEqual([{ kind: 'field-changed', path: 'subject.identity.mode', before: 'instantid', after: 'lora' }]);
    expect(diffSpecs(base, edit(base, (s) => (s.subject.identity = { mode: 'lora' })))).toEqual([]);
  });

  it('reports prompt edits with the whole before and after text', () => {
    const changed = edit(base, (s) => (s.prompt.negative = 'blurry'));
    expect(diffSpecs(base, changed)).toEqual([
      { kind: 'prompt-changed', field: 'negative', before: base.prompt.negative, after: 'blurry' },
    ]);
  });

  it('reports moved, removed and added joints by index and name', () => {
    const first = edit(base, (s) => {
      if (s.pose) s.pose.keypoints[17] = null;
    });
    const second = edit(first, (s) => {
      if (!s.pose) return;
      s.pose.keypoints[4] = [0.3, 0.3];
      s.pose.keypoints[16] = null;
      s.pose.keypoints[17] = [0.56, 0.14];
      s.pose.strength = 0.7;
    });
    expect(diffSpecs(first, second)).toEqual([
      { kind: 'joint-moved', index: 4, name: 'right wrist', before: [0.32, 0.53], after: [0.3, 0.3] },
      { kind: 'joint-removed', index: 16, name: 'right ear', before: [0.435, 0.135] },
      { kind: 'joint-added', index: 17, name: 'left ear', after: [0.56, 0.14] },
      { kind: 'field-changed', path: 'pose.strength', before: 1, after: 0.7 },
    ]);
  });

  it('reports a pose added or removed as a whole', () => {
    const withoutPose = makeTemplateSpec({ pose: null });
    expect(diffSpecs(base, withoutPose)).toEqual([{ kind: 'pose-removed', pose: base.pose }]);
    expect(diffSpecs(withoutPose, base)).toEqual([{ kind: 'pose-added', pose: base.pose }]);
  });

  it('matches lights by id wherever they move', () => {
    const before = edit(base, (s) => s.lighting.lights.push(rim));
    const after = edit(before, (s) => {
      const [key, fill] = s.lighting.lights;
      if (!key || !fill) return;
      s.lighting.lights = [{ ...rim, intensity: 1.5 }, key];
    });
    expect(diffSpecs(before, after)).toEqual([
      { kind: 'light-removed', index: 1, light: before.lighting.lights[1] },
      { kind: 'light-changed', index: 0, id: 'rim', field: 'intensity', before: 1, after: 1.5 },
      {
        kind: 'lights-reordered',
        moves: [
          { id: 'rim', before: 2, after: 0 },
          { id: 'key', before: 0, after: 1 },
        ],
      },
    ]);
  });

  it('matches lights without ids by index', () => {
    const { id: _rimId, ...anonymous } = rim;
    const before = makeTemplateSpec({ lighting: { lights: [anonymous], strength: 0.5 } });
    const after = edit(before, (s) => {
      s.lighting.lights[0] = { ...anonymous, kind: 'back', x: 0.5 };
      s.lighting.lights.push({ ...anonymous, kind: 'ambient' });
    });
    expect(diffSpecs(before, after)).toEqual([
      { kind: 'light-changed', index: 0, field: 'kind', before: 'rim', after: 'back' },
      { kind: 'light-changed', index: 0, field: 'x', before: 0.9, after: 0.5 },
      { kind: 'light-added', index: 1, light: { ...anonymous, kind: 'ambient' } },
    ]);
  });

  it('reports style LoRAs added, removed, reweighted and reordered by loraId', () => {
    const before = makeTemplateSpec({
      styleLoras: [
        { loraId: LORA_IDS.filmGrain, weight: 0.6 },
        { loraId: LORA_IDS.softFocus, weight: 0.4 },
        { loraId: LORA_IDS.oilPaint, weight: 1 },
      ],
    });
    const after = makeTemplateSpec({
      styleLoras: [
        { loraId: LORA_IDS.softFocus, weight: 0.4 },
        { loraId: LORA_IDS.filmGrain, weight: 0.8 },
      ],
    });
    expect(diffSpecs(before, after)).toEqual([
      { kind: 'lora-removed', loraId: LORA_IDS.oilPaint, weight: 1 },
      { kind: 'lora-reweighted', loraId: LORA_IDS.filmGrain, before: 0.6, after: 0.8 },
      {
        kind: 'loras-reordered',
        before: [LORA_IDS.filmGrain, LORA_IDS.softFocus],
        after: [LORA_IDS.softFocus, LORA_IDS.filmGrain],
      },
    ]);
    const added = makeTemplateSpec({ styleLoras: [...after.styleLoras, { loraId: LORA_IDS.oilPaint, weight: 0.3 }] });
    expect(diffSpecs(after, added)).toEqual([{ kind: 'lora-added', loraId: LORA_IDS.oilPaint, weight: 0.3 }]);
  });

  it('reports the reference image added, removed or adjusted', () => {
    const reference = { assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.4 };
    const withReference = makeTemplateSpec({ reference });
    expect(diffSpecs(base, withReference)).toEqual([{ kind: 'reference-added', reference }]);
    expect(diffSpecs(withReference, base)).toEqual([{ kind: 'reference-removed', reference }]);
    expect(diffSpecs(withReference, makeTemplateSpec({ reference: { ...reference, opacity: 0.8 } }))).toEqual([
      { kind: 'field-changed', path: 'reference.opacity', before: 0.4, after: 0.8 },
    ]);
  });

  it('reports the face pass added, removed, switched and its denoise changed', () => {
    const { facePass, ...subject } = base.subject;
    const saved = makeTemplateSpec({ subject });
    expect(diffSpecs(saved, base)).toEqual([{ kind: 'face-pass-added', facePass }]);
    expect(diffSpecs(base, saved)).toEqual([{ kind: 'face-pass-removed', facePass }]);
    const off = edit(base, (s) => (s.subject.facePass = { enabled: false, denoise: 0.35 }));
    expect(diffSpecs(base, off)).toEqual([{ kind: 'face-pass-switched', isEnabled: false, denoise: 0.35 }]);
    const stronger = edit(off, (s) => (s.subject.facePass = { enabled: true, denoise: 0.5 }));
    expect(diffSpecs(off, stronger)).toEqual([
      { kind: 'face-pass-switched', isEnabled: true, denoise: 0.5 },
      { kind: 'field-changed', path: 'subject.facePass.denoise', before: 0.35, after: 0.5 },
    ]);
  });

  describe('properties', () => {
    it('finds nothing between a spec and its copy', () => {
      fc.assert(
        fc.property(templateSpecArbitrary, (spec) => {
          expect(diffSpecs(spec, spec)).toEqual([]);
          expect(diffSpecs(spec, structuredClone(spec))).toEqual([]);
        }),
      );
    });

    it('finds a change exactly when two specs differ', () => {
      // Mixing two specs field by field gives pairs that share most values, and are sometimes equal.
      const rarePicks = fc.array(fc.integer({ min: 0, max: 9 }).map((n) => n === 0), { minLength: 40, maxLength: 40 });
      fc.assert(
        fc.property(templateSpecArbitrary, templateSpecArbitrary, rarePicks, (a, other, picks) => {
          const b = mixSpecs(a, other, picks);
          const isEqual = canonicalJson(a) === canonicalJson(b);
          expect(diffSpecs(a, b).length === 0).toBe(isEqual);
        }),
      );
    });

    it('detects a moved joint as exactly that joint', () => {
      const withPose = templateSpecArbitrary.filter((spec) => spec.pose !== null);
      const point = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }));
      fc.assert(
        fc.property(withPose, fc.integer({ min: 0, max: 17 }), point, (spec, index, [x, y]) => {
          const before = edit(spec, (s) => {
            if (s.pose) s.pose.keypoints[index] = [x / 1000, y / 1000];
          });
          const moved: [number, number] = [((x + 1 + (x % 7)) % 1001) / 1000, y / 1000];
          const after = edit(before, (s) => {
            if (s.pose) s.pose.keypoints[index] = moved;
          });
          expect(diffSpecs(before, after)).toEqual([
            { kind: 'joint-moved', index, name: expect.any(String), before: [x / 1000, y / 1000], after: moved },
          ]);
        }),
      );
    });

    it('detects a reweighted LoRA as exactly that LoRA', () => {
      const withLoras = templateSpecArbitrary.filter((spec) => spec.styleLoras.length > 0);
      fc.assert(
        fc.property(withLoras, fc.nat(), fc.integer({ min: 1, max: 500 }), (spec, pick, delta) => {
          const index = pick % spec.styleLoras.length;
          const lora = spec.styleLoras[index];
          if (!lora) return;
          const after = edit(spec, (s) => {
            s.styleLoras[index] = { ...lora, weight: lora.weight + delta / 1000 };
          });
          expect(diffSpecs(spec, after)).toEqual([
            { kind: 'lora-reweighted', loraId: lora.loraId, before: lora.weight, after: lora.weight + delta / 1000 },
          ]);
        }),
      );
    });
  });
});
