import { describe, expect, it } from '@jest/globals';
import { OPENPOSE_KEYPOINT_NAMES, OPENPOSE_LIMBS } from '@atelier/template-spec';
import { LIMB_CHAIN_FOLLOWERS, MIRRORED_KEYPOINT_INDEX, withLimbChainFollowers } from './pose-model.js';

const index = (name: (typeof OPENPOSE_KEYPOINT_NAMES)[number]) => OPENPOSE_KEYPOINT_NAMES.indexOf(name);
const followersOf = (name: (typeof OPENPOSE_KEYPOINT_NAMES)[number]) =>
  LIMB_CHAIN_FOLLOWERS[index(name)]!.map((follower) => OPENPOSE_KEYPOINT_NAMES[follower]);

describe('LIMB_CHAIN_FOLLOWERS', () => {
  it('lets an elbow drag the wrist, a shoulder the whole arm, a hip the whole leg', () => {
    expect(followersOf('right elbow')).toEqual(['right wrist']);
    expect(followersOf('left shoulder')).toEqual(['left elbow', 'left wrist']);
    expect(followersOf('right hip')).toEqual(['right knee', 'right ankle']);
    expect(followersOf('left knee')).toEqual(['left ankle']);
  });

  it('lets the nose drag the eyes and ears, and an eye its ear', () => {
    expect(followersOf('nose')).toEqual(['right eye', 'left eye', 'right ear', 'left ear']);
    expect(followersOf('right eye')).toEqual(['right ear']);
  });

  it('lets the neck drag the head and both arms but not the hips', () => {
    expect(LIMB_CHAIN_FOLLOWERS[index('neck')]).toEqual([0, 2, 3, 4, 5, 6, 7, 14, 15, 16, 17]);
  });

  it('leaves wrists, ankles and ears on their own', () => {
    for (const name of ['right wrist', 'left ankle', 'left ear'] as const) expect(followersOf(name)).toEqual([]);
  });

  it('only follows along drawn limbs', () => {
    const joined = new Set(OPENPOSE_LIMBS.slice(0, 17).map(([from, to]) => `${from}-${to}`));
    LIMB_CHAIN_FOLLOWERS.forEach((followers, leader) => {
      for (const follower of followers) {
        const parent = [...joined].find((limb) => limb.endsWith(`-${follower}`))!;
        expect(parent === `${leader}-${follower}` || LIMB_CHAIN_FOLLOWERS[leader]!.includes(Number(parent.split('-')[0]))).toBe(true);
      }
    });
  });

  it('adds followers to a set of joints, each once', () => {
    expect(withLimbChainFollowers([3, 2, 9])).toEqual([2, 3, 4, 9, 10]);
  });
});

describe('MIRRORED_KEYPOINT_INDEX', () => {
  it('swaps each right joint with the same left joint and keeps nose and neck', () => {
    MIRRORED_KEYPOINT_INDEX.forEach((mirrored, at) => {
      const name = OPENPOSE_KEYPOINT_NAMES[at]!;
      const expected = name.startsWith('right ') ? name.replace('right', 'left') : name.replace('left', 'right');
      expect(OPENPOSE_KEYPOINT_NAMES[mirrored]).toBe(expected);
      expect(MIRRORED_KEYPOINT_INDEX[mirrored]).toBe(at);
    });
    expect(MIRRORED_KEYPOINT_INDEX.slice(0, 2)).toEqual([0, 1]);
    expect(MIRRORED_KEYPOINT_INDEX[2]).toBe(5);
  });
});
