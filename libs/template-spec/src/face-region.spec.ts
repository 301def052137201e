import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { FACE_CROP_MIN_SIDE, computeFaceCrop, type PixelRect } from './face-region.js';
import { makeTemplateSpec } from './testing/make-template-spec.js';
import { templateSpecArbitrary } from './testing/template-spec.arbitrary.js';
import type { Keypoint, TemplateSpec } from './template-spec.schema.js';

function withKeypoints(spec: TemplateSpec, keypoints: Record<number, Keypoint>): TemplateSpec {
  const pose = spec.pose ?? { keypoints: Array.from({ length: 18 }, (): Keypoint => null), strength: 1 };
  return { ...spec, pose: { ...pose, keypoints: pose.keypoints.map((point, index) => (index in keypoints ? keypoints[index]! : point)) } };
}

function contains(rect: PixelRect, [x, y]: readonly [number, number]): boolean {
  return x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height;
}

describe('computeFaceCrop', () => {
  it("frames the default portrait's head: around the nose, eyes and ears, centred above the neck, clear of the elbows", () => {
    const spec = makeTemplateSpec();
    const crop = computeFaceCrop(spec);
    const { width, height } = spec.canvas;
    for (const index of [0, 14, 15, 16, 17]) {
      const [x, y] = spec.pose!.keypoints[index]!;
      expect({ index, inside: contains(crop, [x * width, y * height]) }).toEqual({ index, inside: true });
    }
    const [, neckY] = spec.pose!.keypoints[1]!;
    const [, elbowY] = spec.pose!.keypoints[3]!;
    expect(crop.y + crop.height / 2).toBeLessThan(neckY * height);
    expect(crop.y + crop.height).toBeLessThan(elbowY * height);
    expect(crop).toEqual({ x: 288, y: 32, width: 256, height: 256 });
  });

  it('takes the top of the subject frame when the spec has no pose', () => {
    const spec = makeTemplateSpec({ pose: null, subject: { ...makeTemplateSpec().subject, frame: { x: 0.5, y: 0.5, w: 0.5, h: 0.5 } } });
    // 832 x 1216 canvas: the frame is 416 x 608 from (416, 608); its head is 0.45 x 416 = 187.2 -> 192 wide,
    // centred on x 624 and y 608 + 0.55 x 187.2 = 711.
    expect(computeFaceCrop(spec)).toEqual({ x: 528, y: 616, width: 192, height: 192 });
  });

  it('takes the frame too when the pose shows no head', () => {
    const spec = makeTemplateSpec();
    const headless = withKeypoints(spec, { 0: null, 14: null, 15: null, 16: null, 17: null });
    expect(computeFaceCrop(headless)).toEqual(computeFaceCrop({ ...spec, pose: null }));
  });

  it('follows the head keypoints when the pose moves the head away from the frame', () => {
    const spec = makeTemplateSpec();
    const moved = withKeypoints(spec, { 0: [0.8, 0.6], 14: [0.78, 0.59], 15: [0.82, 0.59], 16: [0.76, 0.6], 17: [0.84, 0.6], 1: [0.8, 0.68] });
    const crop = computeFaceCrop(moved);
    expect(contains(crop, [0.8 * 832, 0.6 * 1216])).toBe(true);
    expect(contains(crop, [0.5 * 832, 0.14 * 1216])).toBe(false);
  });

  it('keeps a head at the edge inside the canvas', () => {
    const spec = withKeypoints(makeTemplateSpec(), { 0: [0, 0], 14: [0.01, 0], 15: [0, 0.01], 16: null, 17: null, 1: [0, 0.1] });
    expect(computeFaceCrop(spec)).toMatchObject({ x: 0, y: 0 });
  });

  it('gives a crop ComfyUI can take for any valid spec: whole multiples of 8, at least 64 (or the canvas), inside the canvas', () => {
    fc.assert(
      fc.property(templateSpecArbitrary, (spec) => {
        const crop = computeFaceCrop(spec);
        for (const value of [crop.x, crop.y, crop.width, crop.height]) {
          expect(Number.isInteger(value) && value % 8 === 0).toBe(true);
        }
        expect(crop.width).toBe(crop.height);
        expect(crop.width).toBeGreaterThanOrEqual(Math.min(FACE_CROP_MIN_SIDE, spec.canvas.width, spec.canvas.height));
        expect(crop.x).toBeGreaterThanOrEqual(0);
        expect(crop.y).toBeGreaterThanOrEqual(0);
        expect(crop.x + crop.width).toBeLessThanOrEqual(spec.canvas.width);
        expect(crop.y + crop.height).toBeLessThanOrEqual(spec.canvas.height);
      }),
    );
  });

  it('always contains the centre of the head keypoints it was placed by', () => {
    fc.assert(
      fc.property(templateSpecArbitrary, (spec) => {
        const head = [0, 14, 15, 16, 17].flatMap((index) => (spec.pose?.keypoints[index] ? [spec.pose.keypoints[index]] : []));
        const xs = head.map(([x]) => x * spec.canvas.width);
        const ys = head.map(([, y]) => y * spec.canvas.height);
        // Two distinct head points size the crop by themselves (one alone needs the neck).
        fc.pre(head.length >= 2 && (new Set(xs).size > 1 || new Set(ys).size > 1));
        const centre = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2] as const;
        expect(contains(computeFaceCrop(spec), centre)).toBe(true);
      }),
    );
  });
});
