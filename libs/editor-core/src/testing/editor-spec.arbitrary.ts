// fast-check arbitraries for the property tests: valid specs made by changing the default spec; not exported.
import {
  BASE_MODELS,
  LIGHT_KINDS,
  makeDefaultTemplateSpec,
  type Keypoint,
  type Light,
  type TemplateSpec,
} from '@atelier/template-spec';
import fc from 'fast-check';

/** Pinned so a failure reproduces; fast-check still prints the counterexample path. */
export const PROPERTY_OPTIONS = { numRuns: 200, seed: 20_251_126 } as const;

/** Ids a spec's lights may carry; they include the ids the editor would generate, to provoke collisions. */
export const LIGHT_ID_POOL = ['key', 'key-2', 'fill', 'rim', 'unnamed-1', 'softbox'] as const;

const unit = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
const positive = (max: number) => fc.integer({ min: 1, max: max * 1000 }).map((n) => n / 1000);

const frameArbitrary = fc
  .record({ x: unit, y: unit, wShare: positive(1), hShare: positive(1) })
  .map(({ x, y, wShare, hShare }) => {
    // Width is a share of the room right of x, so the frame always fits; x = 1 leaves a sliver.
    const left = Math.min(x, 0.99);
    const top = Math.min(y, 0.99);
    return { x: left, y: top, w: (1 - left) * wShare, h: (1 - top) * hShare };
  });

const keypointsArbitrary: fc.Arbitrary<Keypoint[]> = fc.array(
  fc.option(fc.tuple(unit, unit), { nil: null, freq: 3 }),
  { minLength: 18, maxLength: 18 },
);

const lightArbitrary = fc.record({
  idChoice: fc.option(fc.constantFrom(...LIGHT_ID_POOL), { nil: undefined }),
  kind: fc.constantFrom(...LIGHT_KINDS),
  x: unit,
  y: unit,
  radius: positive(1),
  intensity: fc.integer({ min: 0, max: 2000 }).map((n) => n / 1000),
  colorTemperatureK: fc.integer({ min: 2000, max: 10_000 }),
});

// Ids are made unique (a spec with repeated light ids is invalid); lights without one stay without.
const lightsArbitrary = fc.array(lightArbitrary, { maxLength: 6 }).map((drafts) => {
  const used = new Set<string>();
  return drafts.map(({ idChoice, ...settings }): Light => {
    if (idChoice === undefined) return settings;
    const id = used.has(idChoice) ? `${idChoice}-${used.size + 10}` : idChoice;
    used.add(id);
    return { id, ...settings };
  });
});

const referenceArbitrary = fc.option(
  fc.record({
    assetId: fc.uuid({ version: 4 }),
    x: unit,
    y: unit,
    scale: positive(10),
    opacity: unit,
  }),
  { nil: null },
);

const canvasSide = fc.integer({ min: 64, max: 256 }).map((n) => n * 8);

/** Valid specs: the default spec with a random canvas, frame, pose (or none), lights and reference. */
export const editorSpecArbitrary: fc.Arbitrary<TemplateSpec> = fc
  .record({
    baseModel: fc.constantFrom(...BASE_MODELS),
    canvas: fc.record({ width: canvasSide, height: canvasSide }),
    frame: frameArbitrary,
    pose: fc.option(fc.record({ keypoints: keypointsArbitrary, strength: fc.integer({ min: 0, max: 2000 }).map((n) => n / 1000) }), {
      nil: null,
      freq: 6,
    }),
    lights: lightsArbitrary,
    lightingStrength: unit,
    reference: referenceArbitrary,
  })
  .map(({ baseModel, canvas, frame, pose, lights, lightingStrength, reference }) => {
    const spec = makeDefaultTemplateSpec(baseModel);
    return {
      ...spec,
      canvas,
      subject: { ...spec.subject, frame },
      pose,
      lighting: { lights, strength: lightingStrength },
      reference,
    };
  });

/** A JSON-like value -> the same data with every object's keys in reverse order (key order must survive editing). */
export function reverseKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => reverseKeysDeep(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, reverseKeysDeep(child)])) as T;
}
