import { createCanvas } from '@napi-rs/canvas';
import { drawLightMap, drawPoseMap } from '@atelier/scene-maps';
import type { TemplateSpec } from '@atelier/template-spec';

/**
 * A spec + the names a graph loads its maps under -> [name, PNG bytes] of each named map, drawn at the
 * canvas size with the studio's own functions. The worker uploads these to ComfyUI; the API serves the
 * same bytes in render recipes, so both always hand ComfyUI the same pixels.
 */
export function drawConditioningImages(spec: TemplateSpec, names: { poseMap?: string; lightMap?: string }): Array<[string, Buffer]> {
  const size = { width: spec.canvas.width, height: spec.canvas.height };
  const images: Array<[string, Buffer]> = [];
  if (names.poseMap) {
    const canvas = createCanvas(size.width, size.height);
    drawPoseMap(canvas.getContext('2d'), spec.pose, size);
    images.push([names.poseMap, canvas.toBuffer('image/png')]);
  }
  if (names.lightMap) {
    const canvas = createCanvas(size.width, size.height);
    drawLightMap(canvas.getContext('2d'), spec.lighting, size);
    images.push([names.lightMap, canvas.toBuffer('image/png')]);
  }
  return images;
}
