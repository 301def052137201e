// What changed between two versions of a spec, in terms a version-history view can show.
import { getOpenPoseKeypointName } from './openpose.js';
import { identityModeOf } from './template-spec.schema.js';
import type { FacePass, Light, Pose, ReferenceImage, StyleLora, TemplateSpec } from './template-spec.schema.js';

export type JointPoint = readonly [number, number];
export type LightField = Exclude<keyof Light, 'id'>;

export type SpecChange =
  | { kind: 'field-changed'; path: string; before: string | number; after: string | number }
  | { kind: 'prompt-changed'; field: 'positive' | 'negative'; before: string; after: string }
  | { kind: 'pose-added'; pose: Pose }
  | { kind: 'pose-removed'; pose: Pose }
  | { kind: 'joint-moved'; index: number; name: string; before: JointPoint; after: JointPoint }
  | { kind: 'joint-added'; index: number; name: string; after: JointPoint }
  | { kind: 'joint-removed'; index: number; name: string; before: JointPoint }
  | { kind: 'light-added'; index: number; light: Light }
  | { kind: 'light-removed'; index: number; light: Light }
  | {
      kind: 'light-changed';
      /** Index in the newer spec. */
      index: number;
      id?: string;
      field: LightField;
      before: string | number;
      after: string | number;
    }
  | { kind: 'lights-reordered'; moves: { id?: string; before: number; after: number }[] }
  | { kind: 'lora-added'; loraId: string; weight: number }
  | { kind: 'lora-removed'; loraId: string; weight: number }
  | { kind: 'lora-reweighted'; loraId: string; before: number; after: number }
  | { kind: 'loras-reordered'; before: string[]; after: string[] }
  | { kind: 'reference-added'; reference: ReferenceImage }
  | { kind: 'reference-removed'; reference: ReferenceImage }
  /** Face pass settings where a spec had none (specs saved before the face pass), or dropped. */
  | { kind: 'face-pass-added'; facePass: FacePass }
  | { kind: 'face-pass-removed'; facePass: FacePass }
  /** The face pass turned on or off; a denoise change is a field-changed of subject.facePass.denoise. */
  | { kind: 'face-pass-switched'; isEnabled: boolean; denoise: number };

export type SpecChangeKind = SpecChange['kind'];

// Below this, a difference is float noise from dragging or unit conversion, not a designer's edit.
const FLOAT_NOISE = 1e-9;

const LIGHT_FIELDS: readonly LightField[] = ['kind', 'x', 'y', 'radius', 'intensity', 'colorTemperatureK'];

/** Two specs (older, newer) -> every change between them in spec order; [] when they are equal. */
export function diffSpecs(before: TemplateSpec, after: TemplateSpec): SpecChange[] {
  return [
    ...diffFields('', before, after, ['schemaVersion', 'baseModel']),
    ...diffFields('canvas', before.canvas, after.canvas, ['width', 'height']),
    ...diffPrompts(before.prompt, after.prompt),
    ...diffFields('subject.frame', before.subject.frame, after.subject.frame, ['x', 'y', 'w', 'h']),
    ...diffFields('subject.likeness', before.subject.likeness, after.subject.likeness, ['default', 'max']),
    ...diffFacePasses(before.subject.facePass, after.subject.facePass),
    // An absent mode is the identity LoRA, so adding `{ mode: 'lora' }` changes nothing a render uses.
    ...diffFields('subject.identity', { mode: identityModeOf(before) }, { mode: identityModeOf(after) }, ['mode']),
    ...diffPoses(before.pose, after.pose),
    ...diffLights(before.lighting.lights, after.lighting.lights),
    ...diffFields('lighting', before.lighting, after.lighting, ['strength']),
    ...diffStyleLoras(before.styleLoras, after.styleLoras),
    ...diffReferences(before.reference, after.reference),
    ...diffFields('sampler', before.sampler, after.sampler, ['steps', 'cfg', 'sampler', 'scheduler', 'denoise']),
  ];
}

function isSameScalar(a: string | number, b: string | number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < FLOAT_NOISE;
  return a === b;
}

function isSamePoint(a: JointPoint, b: JointPoint): boolean {
  return isSameScalar(a[0], b[0]) && isSameScalar(a[1], b[1]);
}

function diffFields<Key extends string, Value extends Record<Key, string | number>>(
  prefix: string,
  before: Value,
  after: Value,
  keys: readonly Key[],
): SpecChange[] {
  return keys.flatMap((key): SpecChange[] => {
    if (isSameScalar(before[key], after[key])) return [];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [{ kind: 'field-changed', path, before: before[key], after: after[key] }];
  });
}

function diffPrompts(before: TemplateSpec['prompt'], after: TemplateSpec['prompt']): SpecChange[] {
  return (['positive', 'negative'] as const).flatMap((field): SpecChange[] => {
    if (before[field] === after[field]) return [];
    return [{ kind: 'prompt-changed', field, before: before[field], after: after[field] }];
  });
}

function diffPoses(before: Pose | null, after: Pose | null): SpecChange[] {
  if (before === null) return after === null ? [] : [{ kind: 'pose-added', pose: after }];
  if (after === null) return [{ kind: 'pose-removed', pose: before }];

  const changes: SpecChange[] = [];
  const count = Math.max(before.keypoints.length, after.keypoints.length);
  for (let index = 0; index < count; index += 1) {
    const from = before.keypoints[index] ?? null;
    const to = after.keypoints[index] ?? null;
    const name = getOpenPoseKeypointName(index) ?? `keypoint ${index}`;
    if (from === null && to !== null) changes.push({ kind: 'joint-added', index, name, after: to });
    else if (from !== null && to === null) changes.push({ kind: 'joint-removed', index, name, before: from });
    else if (from !== null && to !== null && !isSamePoint(from, to)) {
      changes.push({ kind: 'joint-moved', index, name, before: from, after: to });
    }
  }
  return [...changes, ...diffFields('pose', before, after, ['strength'])];
}

// A light with an id is the same light wherever it moves; one without is matched by its position.
function keyLights(lights: readonly Light[]): Map<string, { light: Light; index: number }> {
  const keyed = new Map<string, { light: Light; index: number }>();
  lights.forEach((light, index) => {
    const baseKey = light.id === undefined ? `index:${index}` : `id:${light.id}`;
    let key = baseKey;
    // Duplicate ids are a schema error; keep them apart anyway rather than lose a light.
    for (let copy = 2; keyed.has(key); copy += 1) key = `${baseKey}#${copy}`;
    keyed.set(key, { light, index });
  });
  return keyed;
}

function diffLights(before: readonly Light[], after: readonly Light[]): SpecChange[] {
  const beforeByKey = keyLights(before);
  const afterByKey = keyLights(after);
  const changes: SpecChange[] = [];

  for (const [key, { light, index }] of beforeByKey) {
    if (!afterByKey.has(key)) changes.push({ kind: 'light-removed', index, light });
  }
  for (const [key, { light, index }] of afterByKey) {
    const previous = beforeByKey.get(key);
    if (previous === undefined) {
      changes.push({ kind: 'light-added', index, light });
      continue;
    }
    for (const field of LIGHT_FIELDS) {
      if (isSameScalar(previous.light[field], light[field])) continue;
      const values = { before: previous.light[field], after: light[field] };
      const change: SpecChange = { kind: 'light-changed', index, field, ...values };
      changes.push(light.id === undefined ? change : { ...change, id: light.id });
    }
  }

  const kept = [...afterByKey.keys()].filter((key) => beforeByKey.has(key));
  if (!isSameOrder(kept, beforeByKey, afterByKey)) {
    const moves = kept.flatMap((key) => {
      const from = beforeByKey.get(key);
      const to = afterByKey.get(key);
      if (from === undefined || to === undefined || from.index === to.index) return [];
      const move = { before: from.index, after: to.index };
      return [to.light.id === undefined ? move : { id: to.light.id, ...move }];
    });
    changes.push({ kind: 'lights-reordered', moves });
  }
  return changes;
}

// True when the entries both sides share appear in the same relative order on both sides.
function isSameOrder<Entry extends { index: number }>(
  sharedKeys: readonly string[],
  before: ReadonlyMap<string, Entry>,
  after: ReadonlyMap<string, Entry>,
): boolean {
  const byIndex = (side: ReadonlyMap<string, Entry>) =>
    [...sharedKeys].sort((a, b) => (side.get(a)?.index ?? 0) - (side.get(b)?.index ?? 0));
  const beforeOrder = byIndex(before);
  const afterOrder = byIndex(after);
  return beforeOrder.every((key, position) => afterOrder[position] === key);
}

function diffStyleLoras(before: readonly StyleLora[], after: readonly StyleLora[]): SpecChange[] {
  const toMap = (loras: readonly StyleLora[]) =>
    new Map(loras.map((lora, index) => [lora.loraId, { weight: lora.weight, index }] as const));
  const beforeById = toMap(before);
  const afterById = toMap(after);
  const changes: SpecChange[] = [];

  for (const { loraId, weight } of before) {
    if (!afterById.has(loraId)) changes.push({ kind: 'lora-removed', loraId, weight });
  }
  for (const { loraId, weight } of after) {
    const previous = beforeById.get(loraId);
    if (previous === undefined) changes.push({ kind: 'lora-added', loraId, weight });
    else if (!isSameScalar(previous.weight, weight)) {
      changes.push({ kind: 'lora-reweighted', loraId, before: previous.weight, after: weight });
    }
  }

  const kept = after.map((lora) => lora.loraId).filter((loraId) => beforeById.has(loraId));
  if (!isSameOrder(kept, beforeById, afterById)) {
    const keptBefore = before.map((lora) => lora.loraId).filter((loraId) => afterById.has(loraId));
    changes.push({ kind: 'loras-reordered', before: keptBefore, after: kept });
  }
  return changes;
}

function diffReferences(before: ReferenceImage | null, after: ReferenceImage | null): SpecChange[] {
  if (before === null) return after === null ? [] : [{ kind: 'reference-added', reference: after }];
  if (after === null) return [{ kind: 'reference-removed', reference: before }];
  return diffFields('reference', before, after, ['assetId', 'x', 'y', 'scale', 'opacity']);
}

function diffFacePasses(before: FacePass | undefined, after: FacePass | undefined): SpecChange[] {
  if (before === undefined) return after === undefined ? [] : [{ kind: 'face-pass-added', facePass: after }];
  if (after === undefined) return [{ kind: 'face-pass-removed', facePass: before }];
  const switched: SpecChange[] =
    before.enabled === after.enabled ? [] : [{ kind: 'face-pass-switched', isEnabled: after.enabled, denoise: after.denoise }];
  return [...switched, ...diffFields('subject.facePass', before, after, ['denoise'])];
}
