import fc from 'fast-check';
import {
  OPENPOSE_COLORS,
  OPENPOSE_DRAWN_LIMB_COUNT,
  OPENPOSE_LIMBS,
  makeDefaultTemplateSpec,
  type Keypoint,
  type Pose,
} from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { drawPoseMap } from './pose-map.js';
import { RecordingCanvasContext } from './testing/recording-canvas-context.js';

const standingPose = (): Pose => makeDefaultTemplateSpec().pose!;
const SIZE_512 = { width: 512, height: 512 };

function drawToRecording(pose: Pose | null, size = SIZE_512) {
  const ctx = new RecordingCanvasContext();
  drawPoseMap(ctx, pose, size);
  return ctx;
}

const sixtyPercent = (index: number) => `rgb(${OPENPOSE_COLORS[index]!.map((c) => Math.floor(c * 0.6)).join(', ')})`;
const fullColor = (index: number) => `rgb(${OPENPOSE_COLORS[index]!.join(', ')})`;

describe('drawPoseMap', () => {
  it('starts with a black background over the whole image', () => {
    const ctx = drawToRecording(standingPose(), { width: 832, height: 1216 });
    const first = ctx.calls.find((call) => call.method === 'fillRect');
    expect(first?.args).toEqual([0, 0, 832, 1216]);
    expect(first?.fillStyle).toBe('rgb(0, 0, 0)');
    expect(first?.globalCompositeOperation).toBe('source-over');
  });

  it('draws the first 17 limbs in OpenPose order, each between its joints in its colour at 60 %', () => {
    const pose = standingPose();
    const ctx = drawToRecording(pose);
    const limbs = ctx.callsOf('ellipse');
    expect(limbs).toHaveLength(OPENPOSE_DRAWN_LIMB_COUNT);
    limbs.forEach((call, limbIndex) => {
      const [from, to] = OPENPOSE_LIMBS[limbIndex]!.map((index) => pose.keypoints[index]!);
      const [centreX, centreY, halfLength] = call.args as number[];
      expect(centreX).toBeCloseTo(((from![0] + to![0]) / 2) * 512);
      expect(centreY).toBeCloseTo(((from![1] + to![1]) / 2) * 512);
      expect(halfLength).toBeCloseTo((Math.hypot(to![0] - from![0], to![1] - from![1]) * 512) / 2);
      expect(call.fillStyle).toBe(sixtyPercent(limbIndex));
    });
    expect(sixtyPercent(1)).toBe('rgb(153, 51, 0)');
  });

  it('rotates each limb ellipse along the limb', () => {
    const keypoints: Keypoint[] = Array(18).fill(null);
    keypoints[1] = [0.5, 0.2];
    keypoints[8] = [0.5, 0.6]; // neck -> right hip: straight down
    const ctx = drawToRecording({ keypoints, strength: 1 });
    const [limb] = ctx.callsOf('ellipse');
    expect(limb?.args[4]).toBeCloseTo(Math.PI / 2);
    expect(limb?.fillStyle).toBe(sixtyPercent(6));
  });

  it('draws every keypoint after all limbs, at full colour', () => {
    const ctx = drawToRecording(standingPose());
    const lastLimb = ctx.calls.findLastIndex((call) => call.method === 'ellipse');
    const firstKeypoint = ctx.calls.findIndex((call) => call.method === 'arc');
    expect(lastLimb).toBeLessThan(firstKeypoint);
    const keypoints = ctx.callsOf('arc');
    expect(keypoints).toHaveLength(18);
    keypoints.forEach((call, index) => expect(call.fillStyle).toBe(fullColor(index)));
  });

  it('skips absent keypoints and every limb that touches one', () => {
    const pose = standingPose();
    pose.keypoints[0] = null; // nose: limbs [1,0] [0,14] [0,15]
    pose.keypoints[4] = null; // right wrist: limb [3,4]
    const ctx = drawToRecording(pose);
    const drawnColors = ctx.callsOf('ellipse').map((call) => call.fillStyle);
    const skippedLimbs = [3, 12, 13, 15];
    expect(drawnColors).toEqual(
      Array.from({ length: OPENPOSE_DRAWN_LIMB_COUNT }, (_, index) => index)
        .filter((index) => !skippedLimbs.includes(index))
        .map(sixtyPercent),
    );
    const keypointColors = ctx.callsOf('arc').map((call) => call.fillStyle);
    expect(keypointColors).toHaveLength(16);
    expect(keypointColors).not.toContain(fullColor(0));
    expect(keypointColors).not.toContain(fullColor(4));
  });

  it('never draws the two shoulder-ear limbs', () => {
    const keypoints: Keypoint[] = Array(18).fill(null);
    for (const index of [2, 16, 5, 17]) keypoints[index] = [index / 20, index / 40];
    const ctx = drawToRecording({ keypoints, strength: 1 });
    expect(ctx.callsOf('ellipse')).toHaveLength(0);
    expect(ctx.callsOf('arc')).toHaveLength(4);
  });

  it('draws only the black background for no pose or a pose with every joint absent', () => {
    for (const pose of [null, { keypoints: Array<Keypoint>(18).fill(null), strength: 1 }]) {
      const ctx = drawToRecording(pose);
      expect(ctx.callsOf('ellipse')).toHaveLength(0);
      expect(ctx.callsOf('arc')).toHaveLength(0);
      expect(ctx.callsOf('fillRect')).toHaveLength(1);
    }
  });

  it('scales stick width and keypoint radius with the shorter image side (4 px at 512)', () => {
    const cases = [
      { size: { width: 512, height: 768 }, expected: 4 },
      { size: { width: 1024, height: 1024 }, expected: 8 },
      { size: { width: 832, height: 1216 }, expected: 6.5 },
    ];
    for (const { size, expected } of cases) {
      const ctx = drawToRecording(standingPose(), size);
      for (const limb of ctx.callsOf('ellipse')) expect(limb.args[3]).toBeCloseTo(expected);
      for (const keypoint of ctx.callsOf('arc')) expect(keypoint.args[2]).toBeCloseTo(expected);
    }
  });

  it('maps normalised keypoints onto the image size', () => {
    const ctx = drawToRecording(standingPose(), { width: 832, height: 1216 });
    const nose = ctx.callsOf('arc')[0]!;
    expect(nose.args[0]).toBeCloseTo(0.5 * 832);
    expect(nose.args[1]).toBeCloseTo(0.14 * 1216);
  });

  it('for any pose, draws one limb per pair of present joints and one dot per present joint, leaving state as it was', () => {
    const keypoint = fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { nil: null });
    fc.assert(
      fc.property(fc.array(keypoint, { minLength: 18, maxLength: 18 }), (keypoints) => {
        const ctx = drawToRecording({ keypoints, strength: 1 });
        const expectedLimbs = OPENPOSE_LIMBS.slice(0, OPENPOSE_DRAWN_LIMB_COUNT).filter(
          ([from, to]) => keypoints[from] !== null && keypoints[to] !== null,
        );
        expect(ctx.callsOf('ellipse')).toHaveLength(expectedLimbs.length);
        expect(ctx.callsOf('arc')).toHaveLength(keypoints.filter((point) => point !== null).length);
        expect(ctx.callsOf('save')).toHaveLength(ctx.callsOf('restore').length);
        expect(ctx.globalCompositeOperation).toBe('source-over');
        expect(ctx.fillStyle).toBe('#000000');
      }),
    );
  });
});
