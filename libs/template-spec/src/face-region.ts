// Where the face pass works: the head area of the subject, as a square of output pixels a ComfyUI
// ImageCrop can take (whole numbers, multiples of 8, inside the canvas).
import { OPENPOSE_KEYPOINT_NAMES, type OpenPoseKeypointName } from './openpose.js';
import type { TemplateSpec } from './template-spec.schema.js';

/** A rectangle in output pixels: left, top, width, height. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Crops are whole latent cells (the VAE works in 8-pixel cells), so a crop and its paste line up exactly. */
export const FACE_CROP_STEP = 8;
/** Below 8 latent cells a re-sample has nothing to work with. */
export const FACE_CROP_MIN_SIDE = 64;

// A head is about this share of the subject frame's shorter side (a full-length frame is ~0.6 canvas
// wide and 7-8 heads tall; a head-and-shoulders frame gives a larger crop, as it should).
const FRAME_HEAD_SHARE = 0.45;
// The frame's top edge is the top of the head: the head's centre sits a little over half a crop below it.
const FRAME_HEAD_CENTRE_DROP = 0.55;
// From the pose: ear to ear (or eye to eye) is about half a head with hair and chin room around it...
const HEAD_POINTS_SPREAD_TO_SIDE = 2.2;
// ...and the neck is about a head's height below the face's centre.
const NECK_DISTANCE_TO_SIDE = 2.4;

const keypointIndex = (name: OpenPoseKeypointName) => OPENPOSE_KEYPOINT_NAMES.indexOf(name);
const HEAD_KEYPOINTS = (['nose', 'right eye', 'left eye', 'right ear', 'left ear'] as const).map(keypointIndex);
const NECK_KEYPOINT = keypointIndex('neck');

type FaceRegionSpec = Pick<TemplateSpec, 'canvas' | 'subject' | 'pose'>;

/**
 * A spec -> the face pass's square crop in output pixels: centred on the pose's head keypoints when
 * there are any (sized by their spread and the neck), else on the top of the subject frame; sides and
 * corner multiples of 8, at least 64 (or the canvas's shorter side, if smaller), always inside the canvas.
 */
export function computeFaceCrop(spec: FaceRegionSpec): PixelRect {
  const { width: canvasWidth, height: canvasHeight } = spec.canvas;
  const estimate = estimateHeadFromPose(spec) ?? estimateHeadFromFrame(spec);
  const maxSide = floorToStep(Math.min(canvasWidth, canvasHeight));
  const side = Math.min(maxSide, Math.max(FACE_CROP_MIN_SIDE, ceilToStep(estimate.side)));
  return {
    x: placeOnStep(estimate.centreX - side / 2, canvasWidth - side),
    y: placeOnStep(estimate.centreY - side / 2, canvasHeight - side),
    width: side,
    height: side,
  };
}

interface HeadEstimate {
  centreX: number;
  centreY: number;
  side: number;
}

function estimateHeadFromFrame(spec: FaceRegionSpec): HeadEstimate {
  const { frame } = spec.subject;
  const frameWidth = frame.w * spec.canvas.width;
  const frameHeight = frame.h * spec.canvas.height;
  const side = Math.min(frameWidth, frameHeight) * FRAME_HEAD_SHARE;
  return {
    centreX: (frame.x + frame.w / 2) * spec.canvas.width,
    centreY: frame.y * spec.canvas.height + side * FRAME_HEAD_CENTRE_DROP,
    side,
  };
}

// Null without head keypoints, or with one head point and no neck to size it by.
function estimateHeadFromPose(spec: FaceRegionSpec): HeadEstimate | null {
  if (!spec.pose) return null;
  const toPixels = (point: readonly [number, number]) => [point[0] * spec.canvas.width, point[1] * spec.canvas.height] as const;
  const headPoints = HEAD_KEYPOINTS.flatMap((index) => {
    const point = spec.pose?.keypoints[index];
    return point ? [toPixels(point)] : [];
  });
  if (headPoints.length === 0) return null;
  const xs = headPoints.map(([x]) => x);
  const ys = headPoints.map(([, y]) => y);
  const centreX = (Math.min(...xs) + Math.max(...xs)) / 2;
  const centreY = (Math.min(...ys) + Math.max(...ys)) / 2;
  const spread = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const neckPoint = spec.pose.keypoints[NECK_KEYPOINT];
  const neck = neckPoint ? toPixels(neckPoint) : null;
  const neckDistance = neck ? Math.hypot(neck[0] - centreX, neck[1] - centreY) : 0;
  const side = Math.max(spread * HEAD_POINTS_SPREAD_TO_SIDE, neckDistance * NECK_DISTANCE_TO_SIDE);
  return side > 0 ? { centreX, centreY, side } : null;
}

function ceilToStep(value: number): number {
  return Math.ceil(value / FACE_CROP_STEP) * FACE_CROP_STEP;
}

function floorToStep(value: number): number {
  return Math.floor(value / FACE_CROP_STEP) * FACE_CROP_STEP;
}

// The nearest multiple of 8 to `start`, within 0..`max` (itself a multiple of 8: canvas and side are).
function placeOnStep(start: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round(start / FACE_CROP_STEP) * FACE_CROP_STEP));
}
