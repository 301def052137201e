import { describe, expect, it } from '@jest/globals';
import { OPENPOSE_COLORS, OPENPOSE_DRAWN_LIMB_COUNT, OPENPOSE_KEYPOINT_NAMES, OPENPOSE_LIMBS } from './openpose.js';

describe('OpenPose COCO-18 model', () => {
  it('names 18 keypoints in COCO order', () => {
    expect(OPENPOSE_KEYPOINT_NAMES).toHaveLength(18);
    expect(OPENPOSE_KEYPOINT_NAMES[0]).toBe('nose');
    expect(OPENPOSE_KEYPOINT_NAMES[1]).toBe('neck');
    expect(OPENPOSE_KEYPOINT_NAMES[4]).toBe('right wrist');
    expect(OPENPOSE_KEYPOINT_NAMES[11]).toBe('left hip');
    expect(OPENPOSE_KEYPOINT_NAMES[17]).toBe('left ear');
  });

  it('has 19 limbs between valid keypoints, ending with the two undrawn shoulder-ear limbs', () => {
    expect(OPENPOSE_LIMBS).toHaveLength(19);
    for (const [from, to] of OPENPOSE_LIMBS) {
      expect(OPENPOSE_KEYPOINT_NAMES[from]).toBeDefined();
      expect(OPENPOSE_KEYPOINT_NAMES[to]).toBeDefined();
    }
    expect(OPENPOSE_LIMBS.slice(OPENPOSE_DRAWN_LIMB_COUNT)).toEqual([
      [2, 16],
      [5, 17],
    ]);
  });

  it('has a color for every keypoint and every drawn limb', () => {
    expect(OPENPOSE_COLORS).toHaveLength(18);
    expect(OPENPOSE_COLORS[0]).toEqual([255, 0, 0]);
    expect(OPENPOSE_COLORS[17]).toEqual([255, 0, 85]);
  });
});
