// The ControlNet OpenPose conditioning image, drawn as controlnet_aux's draw_bodypose does.
import { OPENPOSE_DRAWN_LIMB_COUNT, OPENPOSE_LIMBS, type Keypoint } from '@atelier/template-spec';
import type { Canvas2DContext, Canvas2DSize } from './canvas-2d-context.js';
import { getOpenPoseKeypointColor, getOpenPoseLimbColor, rgbToCss } from './openpose-colors.js';

/** OpenPose's stickwidth: the limb ellipse's half-width in px at 512 px. */
export const OPENPOSE_STICK_WIDTH = 4;
/** OpenPose's keypoint circle radius in px at 512 px. */
export const OPENPOSE_KEYPOINT_RADIUS = 4;
/** The image side OpenPose's pixel sizes are meant for. */
export const OPENPOSE_REFERENCE_SIDE = 512;

export interface PoseKeypoints {
  readonly keypoints: readonly Keypoint[];
}

/** Image size -> the factor OpenPose's 512 px stick width and keypoint radius are multiplied by. */
export function getPoseMapScale(size: Canvas2DSize): number {
  return Math.min(size.width, size.height) / OPENPOSE_REFERENCE_SIDE;
}

/**
 * Pose (or null) -> an OpenPose pose map over the whole size: black, the 17 drawn limbs as filled
 * ellipses at 60 % colour, then each present keypoint as a full-colour dot. Absent joints draw nothing.
 */
export function drawPoseMap(ctx: Canvas2DContext, pose: PoseKeypoints | null, size: Canvas2DSize): void {
  const { width, height } = size;
  const scale = getPoseMapScale(size);
  const toPixels = (index: number): readonly [number, number] | null => {
    const point = pose?.keypoints[index];
    return point ? [point[0] * width, point[1] * height] : null;
  };

  ctx.save();
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  ctx.fillStyle = 'rgb(0, 0, 0)';
  ctx.fillRect(0, 0, width, height);

  // Each limb is the ellipse cv2.ellipse2Poly traces: centred between the joints, semi-axes
  // (length / 2, stickwidth), rotated along the limb.
  for (let limbIndex = 0; limbIndex < OPENPOSE_DRAWN_LIMB_COUNT; limbIndex++) {
    const [fromIndex, toIndex] = OPENPOSE_LIMBS[limbIndex];
    const from = toPixels(fromIndex);
    const to = toPixels(toIndex);
    if (!from || !to) continue;
    const dx = to[0] - from[0];
    const dy = to[1] - from[1];
    ctx.fillStyle = rgbToCss(getOpenPoseLimbColor(limbIndex));
    ctx.beginPath();
    ctx.ellipse(
      (from[0] + to[0]) / 2,
      (from[1] + to[1]) / 2,
      Math.hypot(dx, dy) / 2,
      OPENPOSE_STICK_WIDTH * scale,
      Math.atan2(dy, dx),
      0,
      2 * Math.PI,
    );
    ctx.fill();
  }

  const keypointCount = pose?.keypoints.length ?? 0;
  for (let keypointIndex = 0; keypointIndex < keypointCount; keypointIndex++) {
    const point = toPixels(keypointIndex);
    if (!point) continue;
    ctx.fillStyle = rgbToCss(getOpenPoseKeypointColor(keypointIndex));
    ctx.beginPath();
    ctx.arc(point[0], point[1], OPENPOSE_KEYPOINT_RADIUS * scale, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
}
