import { describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { OPENPOSE_KEYPOINT_NAMES, validateTemplateSpec } from '@atelier/template-spec';
import { fitPresetKeypoints, findPosePreset, POSE_PRESET_CANVAS, POSE_PRESETS } from './pose-presets.js';
import { makeSpec } from './testing/make-editor-state.js';

type Name = (typeof OPENPOSE_KEYPOINT_NAMES)[number];
const at = (keypoints: readonly (readonly [number, number] | null)[], name: Name) =>
  keypoints[OPENPOSE_KEYPOINT_NAMES.indexOf(name)] ?? null;

describe('POSE_PRESETS', () => {
  it('has the six portrait poses, each with a unique id', () => {
    expect(POSE_PRESETS.map((preset) => preset.id)).toEqual([
      'standing-front',
      'three-quarter-turn',
      'seated',
      'half-body-portrait',
      'over-the-shoulder',
      'hand-on-hip',
    ]);
    expect(findPosePreset('seated')?.label).toBe('Seated');
    expect(findPosePreset('cartwheel')).toBeUndefined();
  });

  it.each(POSE_PRESETS.map((preset) => [preset.id, preset] as const))('%s is a valid pose for a spec', (_, preset) => {
    expect(preset.keypoints).toHaveLength(18);
    const spec = makeSpec({ pose: { keypoints: fitPresetKeypoints(preset.keypoints, POSE_PRESET_CANVAS), strength: 1 } });
    expect(validateTemplateSpec(spec).ok).toBe(true);
  });

  it.each(POSE_PRESETS.map((preset) => [preset.id, preset.keypoints] as const))('%s is upright and joined up', (_, keypoints) => {
    const y = (name: Name) => at(keypoints, name)?.[1];
    const below = (lower: Name, upper: Name) => {
      const [a, b] = [y(lower), y(upper)];
      if (a !== undefined && b !== undefined) expectLabelled(a, `${lower} below ${upper}`).toBeGreaterThan(b);
    };
    below('neck', 'nose');
    for (const side of ['right', 'left'] as const) {
      below(`${side} hip`, 'neck');
      below(`${side} knee`, `${side} hip`);
      below(`${side} ankle`, `${side} knee`);
      below(`${side} elbow`, `${side} shoulder`);
    }
    // No limb longer than 2.5 shoulder widths (in canvas px, so x and y weigh the same).
    const px = (point: readonly [number, number]) => [point[0] * POSE_PRESET_CANVAS.width, point[1] * POSE_PRESET_CANVAS.height];
    const distance = (a: readonly [number, number], b: readonly [number, number]) => {
      const [[ax, ay], [bx, by]] = [px(a), px(b)];
      return Math.hypot(ax! - bx!, ay! - by!);
    };
    const shoulderWidth = distance(at(keypoints, 'right shoulder')!, at(keypoints, 'left shoulder')!);
    for (const [from, to] of [[1, 2], [2, 3], [3, 4], [1, 5], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10], [1, 11], [11, 12], [12, 13], [1, 0]]) {
      const [a, b] = [keypoints[from!], keypoints[to!]];
      if (!a || !b) continue;
      expect(distance(a, b)).toBeLessThan(2.5 * shoulderWidth);
    }
  });

  it('puts the subject\'s right on image left when facing the camera, and on image right from behind', () => {
    for (const preset of POSE_PRESETS) {
      const right = at(preset.keypoints, 'right shoulder')![0];
      const left = at(preset.keypoints, 'left shoulder')![0];
      expectLabelled(right < left, preset.id).toBe(preset.id !== 'over-the-shoulder');
    }
  });

  it('rests the right wrist on the right hip in hand-on-hip', () => {
    const keypoints = findPosePreset('hand-on-hip')!.keypoints;
    const [wrist, hip] = [at(keypoints, 'right wrist')!, at(keypoints, 'right hip')!];
    expect(Math.hypot(wrist[0] - hip[0], wrist[1] - hip[1])).toBeLessThan(0.05);
  });

  it('leaves the legs out of the waist-up poses', () => {
    for (const id of ['half-body-portrait', 'over-the-shoulder']) {
      const keypoints = findPosePreset(id)!.keypoints;
      expect(['right knee', 'right ankle', 'left knee', 'left ankle'].map((name) => at(keypoints, name as Name))).toEqual([null, null, null, null]);
    }
  });
});

describe('fitPresetKeypoints', () => {
  it('leaves the preset as drawn on its own canvas', () => {
    const fitted = fitPresetKeypoints(POSE_PRESETS[1]!.keypoints, POSE_PRESET_CANVAS);
    fitted.forEach((point, index) => {
      const original = POSE_PRESETS[1]!.keypoints[index];
      if (point === null || !original) return expect(point).toBe(original);
      expect(point[0]).toBeCloseTo(original[0], 12);
      expect(point[1]).toBeCloseTo(original[1], 12);
    });
  });

  it('keeps proportions on a square canvas by centring a narrower figure', () => {
    const square = { width: 1024, height: 1024 };
    const [nose, neck] = fitPresetKeypoints(POSE_PRESETS[0]!.keypoints, square);
    const original = POSE_PRESETS[0]!.keypoints;
    // Same height on the canvas; horizontal offsets shrink by (832 / 1216) so px distances scale uniformly.
    expect(nose![1]).toBeCloseTo(original[0]![1]);
    const rightShoulder = fitPresetKeypoints(original, square)[2]!;
    const scale = 1024 / 1216;
    expect((neck![0] - rightShoulder[0]) * 1024).toBeCloseTo((original[1]![0] - original[2]![0]) * 832 * scale, 6);
    expect(rightShoulder[0]).toBeGreaterThan(original[2]![0]);
  });
});
