// OpenPose colours as ControlNet draws them: limbs dimmed to 60 %, keypoints at full colour.
import { OPENPOSE_COLORS, type RgbColor } from '@atelier/template-spec';

/** ControlNet's draw_bodypose fills limbs with int(c * 0.6) of their colour. */
export const OPENPOSE_LIMB_INTENSITY = 0.6;

/** An RGB triple (0..255) -> a CSS colour string, e.g. [255, 85, 0] -> 'rgb(255, 85, 0)'. */
export function rgbToCss(color: RgbColor): string {
  return `rgb(${color[0]}, ${color[1]}, ${color[2]})`;
}

/** A limb index (OPENPOSE_LIMBS order) -> its RGB at 60 %, truncated like OpenPose's int(). */
export function getOpenPoseLimbColor(limbIndex: number): RgbColor {
  const [r, g, b] = getOpenPoseColor(limbIndex);
  const dim = (channel: number) => Math.floor(channel * OPENPOSE_LIMB_INTENSITY);
  return [dim(r), dim(g), dim(b)];
}

/** A keypoint index (COCO-18) -> its full RGB colour. */
export function getOpenPoseKeypointColor(keypointIndex: number): RgbColor {
  return getOpenPoseColor(keypointIndex);
}

function getOpenPoseColor(index: number): RgbColor {
  const color = OPENPOSE_COLORS[index];
  if (color === undefined) throw new RangeError(`No OpenPose colour for index ${index} (0..${OPENPOSE_COLORS.length - 1})`);
  return color;
}
