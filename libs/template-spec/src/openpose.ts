// OpenPose body model as ControlNet OpenPose expects it (CMU OpenPose poseParameters.cpp, COCO 18).

/** Keypoint names in COCO-18 order; a keypoint's index in a pose is its index here. */
export const OPENPOSE_KEYPOINT_NAMES = [
  'nose',
  'neck',
  'right shoulder',
  'right elbow',
  'right wrist',
  'left shoulder',
  'left elbow',
  'left wrist',
  'right hip',
  'right knee',
  'right ankle',
  'left hip',
  'left knee',
  'left ankle',
  'right eye',
  'left eye',
  'right ear',
  'left ear',
] as const;

export type OpenPoseKeypointName = (typeof OPENPOSE_KEYPOINT_NAMES)[number];

export const OPENPOSE_KEYPOINT_COUNT = OPENPOSE_KEYPOINT_NAMES.length;

/** Limbs as pairs of keypoint indices, in drawing order. */
export const OPENPOSE_LIMBS = [
  [1, 2],
  [1, 5],
  [2, 3],
  [3, 4],
  [5, 6],
  [6, 7],
  [1, 8],
  [8, 9],
  [9, 10],
  [1, 11],
  [11, 12],
  [12, 13],
  [1, 0],
  [0, 14],
  [14, 16],
  [0, 15],
  [15, 17],
  [2, 16],
  [5, 17],
] as const satisfies readonly (readonly [number, number])[];

// The two shoulder-ear limbs at the end are not drawn in a ControlNet pose map.
export const OPENPOSE_DRAWN_LIMB_COUNT = 17;

export type RgbColor = readonly [number, number, number];

/** One RGB color per limb (in OPENPOSE_LIMBS order) and per keypoint (by index). */
export const OPENPOSE_COLORS: readonly RgbColor[] = [
  [255, 0, 0],
  [255, 85, 0],
  [255, 170, 0],
  [255, 255, 0],
  [170, 255, 0],
  [85, 255, 0],
  [0, 255, 0],
  [0, 255, 85],
  [0, 255, 170],
  [0, 255, 255],
  [0, 170, 255],
  [0, 85, 255],
  [0, 0, 255],
  [85, 0, 255],
  [170, 0, 255],
  [255, 0, 255],
  [255, 0, 170],
  [255, 0, 85],
];

/** Keypoint index -> its name, e.g. 3 -> 'right elbow'; undefined when out of range. */
export function getOpenPoseKeypointName(index: number): OpenPoseKeypointName | undefined {
  return OPENPOSE_KEYPOINT_NAMES[index];
}
