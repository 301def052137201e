// Pose presets for portraits, authored in COCO-18 order on the default SDXL canvas (832 x 1216).
import { makeDefaultTemplateSpec, type Canvas, type Keypoint } from '@atelier/template-spec';
import { clampUnit } from './geometry.js';

type PresetKeypoints = readonly (readonly [number, number] | null)[];

export interface PosePreset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** 18 keypoints normalised to POSE_PRESET_CANVAS; null where the joint is out of frame or hidden. */
  readonly keypoints: PresetKeypoints;
}

const DEFAULT_SPEC = makeDefaultTemplateSpec('sdxl');

/** The canvas the presets were drawn on; fitPresetKeypoints maps them onto any other canvas without distortion. */
export const POSE_PRESET_CANVAS: Canvas = DEFAULT_SPEC.canvas;

// Facing the camera, the subject's right is image left; with the back turned it is image right.
export const POSE_PRESETS: readonly PosePreset[] = [
  {
    id: 'standing-front',
    label: 'Standing, front',
    description: 'Full body facing the camera, arms relaxed (the new-template pose)',
    keypoints: DEFAULT_SPEC.pose?.keypoints ?? [],
  },
  {
    id: 'three-quarter-turn',
    label: 'Three-quarter turn',
    description: 'Full body turned towards image left; the far ear is hidden',
    keypoints: [
      [0.47, 0.14], [0.5, 0.22],
      [0.4, 0.235], [0.38, 0.39], [0.4, 0.53],
      [0.6, 0.23], [0.62, 0.385], [0.58, 0.515],
      [0.455, 0.53], [0.445, 0.71], [0.435, 0.89],
      [0.565, 0.53], [0.565, 0.71], [0.575, 0.885],
      [0.45, 0.125], [0.495, 0.122], null, [0.54, 0.133],
    ],
  },
  {
    id: 'seated',
    label: 'Seated',
    description: 'Sitting on a stool facing the camera, hands resting on the knees',
    keypoints: [
      [0.5, 0.2], [0.5, 0.28],
      [0.37, 0.295], [0.34, 0.44], [0.39, 0.6],
      [0.63, 0.295], [0.66, 0.44], [0.61, 0.6],
      [0.42, 0.56], [0.38, 0.62], [0.385, 0.84],
      [0.58, 0.56], [0.62, 0.62], [0.615, 0.84],
      [0.465, 0.185], [0.535, 0.185], [0.435, 0.195], [0.565, 0.195],
    ],
  },
  {
    id: 'half-body-portrait',
    label: 'Half-body portrait',
    description: 'Waist up, hands together in front; the legs are out of frame',
    keypoints: [
      [0.5, 0.25], [0.5, 0.395],
      [0.25, 0.42], [0.24, 0.68], [0.44, 0.88],
      [0.75, 0.42], [0.76, 0.68], [0.56, 0.88],
      [0.34, 0.95], null, null,
      [0.66, 0.95], null, null,
      [0.4375, 0.223], [0.5625, 0.223], [0.383, 0.243], [0.617, 0.243],
    ],
  },
  {
    id: 'over-the-shoulder',
    label: 'Over the shoulder',
    description: 'Back to the camera, looking back over the left shoulder; waist up',
    keypoints: [
      [0.4, 0.26], [0.49, 0.345],
      [0.72, 0.4], [0.76, 0.6], [0.73, 0.78],
      [0.36, 0.38], [0.32, 0.57], [0.36, 0.75],
      [0.63, 0.8], null, null,
      [0.45, 0.79], null, null,
      [0.405, 0.235], [0.455, 0.232], null, [0.52, 0.245],
    ],
  },
  {
    id: 'hand-on-hip',
    label: 'Hand on hip',
    description: 'Standing, right hand on the hip with the elbow out, weight on the left leg',
    keypoints: [
      [0.505, 0.14], [0.5, 0.22],
      [0.36, 0.235], [0.25, 0.37], [0.39, 0.5],
      [0.64, 0.235], [0.67, 0.39], [0.68, 0.53],
      [0.41, 0.52], [0.42, 0.71], [0.43, 0.89],
      [0.59, 0.54], [0.57, 0.72], [0.55, 0.89],
      [0.47, 0.125], [0.54, 0.125], [0.44, 0.135], [0.57, 0.135],
    ],
  },
];

/** The pose a new template starts with; shown joints that were never placed go where it puts them. */
export const STANDING_FRONT_PRESET: PosePreset = POSE_PRESETS[0]!;

/** A preset id -> the preset, or undefined. */
export function findPosePreset(id: string): PosePreset | undefined {
  return POSE_PRESETS.find((preset) => preset.id === id);
}

/**
 * Preset keypoints and a canvas -> keypoints for that canvas: the preset's canvas is scaled uniformly to fit
 * inside it and centred, so a figure keeps its proportions on a square or a tall canvas.
 */
export function fitPresetKeypoints(keypoints: PresetKeypoints, canvas: Canvas): Keypoint[] {
  return keypoints.map((point) => (point === null ? null : fitPresetPoint(point, canvas)));
}

/** One preset point -> the same point on another canvas (see fitPresetKeypoints). */
export function fitPresetPoint(point: readonly [number, number], canvas: Canvas): [number, number] {
  const scale = Math.min(canvas.width / POSE_PRESET_CANVAS.width, canvas.height / POSE_PRESET_CANVAS.height);
  const boxWidth = POSE_PRESET_CANVAS.width * scale;
  const boxHeight = POSE_PRESET_CANVAS.height * scale;
  const x = ((canvas.width - boxWidth) / 2 + point[0] * boxWidth) / canvas.width;
  const y = ((canvas.height - boxHeight) / 2 + point[1] * boxHeight) / canvas.height;
  return [clampUnit(x), clampUnit(y)];
}
