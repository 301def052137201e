// Which joints follow a dragged joint, and which joint is which after a mirror; both from the OpenPose model.
import { OPENPOSE_DRAWN_LIMB_COUNT, OPENPOSE_KEYPOINT_NAMES, OPENPOSE_LIMBS } from '@atelier/template-spec';

const NECK = OPENPOSE_KEYPOINT_NAMES.indexOf('neck');
const HIPS: readonly number[] = [OPENPOSE_KEYPOINT_NAMES.indexOf('right hip'), OPENPOSE_KEYPOINT_NAMES.indexOf('left hip')];

// The drawn limbs form a tree rooted at the neck, parent first in each pair. The two shoulder-ear limbs past
// OPENPOSE_DRAWN_LIMB_COUNT are left out: ears follow the head, not the shoulders.
const CHILDREN: readonly (readonly number[])[] = OPENPOSE_KEYPOINT_NAMES.map((_, parent) =>
  OPENPOSE_LIMBS.slice(0, OPENPOSE_DRAWN_LIMB_COUNT).flatMap(([from, to]) => (from === parent ? [to] : [])),
);

function collectFollowers(index: number): number[] {
  // The neck carries the head and both arms but not the hips, so leaning the upper body keeps the legs planted;
  // moving the whole figure is selecting every joint (selectAll) and dragging or nudging.
  const children = index === NECK ? CHILDREN[index]!.filter((child) => !HIPS.includes(child)) : CHILDREN[index]!;
  return children.flatMap((child) => [child, ...collectFollowers(child)]);
}

/** By keypoint index: the joints that move with it when limb-chain dragging is on (the joint itself excluded). */
export const LIMB_CHAIN_FOLLOWERS: readonly (readonly number[])[] = OPENPOSE_KEYPOINT_NAMES.map((_, index) =>
  collectFollowers(index).sort((a, b) => a - b),
);

/** By keypoint index: the index of the same joint on the other side (nose and neck map to themselves). */
export const MIRRORED_KEYPOINT_INDEX: readonly number[] = OPENPOSE_KEYPOINT_NAMES.map((name) => {
  const mirrored = name.startsWith('right ') ? name.replace('right ', 'left ') : name.replace('left ', 'right ');
  return OPENPOSE_KEYPOINT_NAMES.indexOf(mirrored as (typeof OPENPOSE_KEYPOINT_NAMES)[number]);
});

/** Joint indices -> those joints plus every joint that follows them, each once, in index order. */
export function withLimbChainFollowers(indices: readonly number[]): number[] {
  const all = new Set(indices.flatMap((index) => [index, ...(LIMB_CHAIN_FOLLOWERS[index] ?? [])]));
  return [...all].sort((a, b) => a - b);
}
