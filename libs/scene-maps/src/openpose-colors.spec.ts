import { OPENPOSE_COLORS } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { getOpenPoseKeypointColor, getOpenPoseLimbColor, rgbToCss } from './openpose-colors.js';

describe('OpenPose colour helpers', () => {
  it('dims limb colours to 60 %, truncating like OpenPose', () => {
    expect(getOpenPoseLimbColor(0)).toEqual([153, 0, 0]);
    expect(getOpenPoseLimbColor(2)).toEqual([153, 102, 0]);
    expect(getOpenPoseLimbColor(12)).toEqual([0, 0, 153]);
  });

  it('keeps keypoints at full colour', () => {
    OPENPOSE_COLORS.forEach((color, index) => expect(getOpenPoseKeypointColor(index)).toEqual(color));
  });

  it('refuses an index without a colour', () => {
    expect(() => getOpenPoseLimbColor(18)).toThrow(RangeError);
  });

  it('writes CSS rgb() strings', () => {
    expect(rgbToCss([255, 85, 0])).toBe('rgb(255, 85, 0)');
  });
});
