import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { drawLightMap, drawPoseMap } from '@atelier/scene-maps';
import type { TemplateSpec } from '@atelier/template-spec';

export interface ConditioningImageNames {
  poseMap?: string;
  lightMap?: string;
}

/**
 * A spec + the names a graph loads its maps under -> [name, PNG bytes] of each named map, drawn at the
 * canvas size with the studio's own functions. The worker uploads these to ComfyUI; the API serves the
 * same bytes in render recipes, so both always hand ComfyUI the same pixels.
 */
export function drawConditioningImages(spec: TemplateSpec, names: ConditioningImageNames): Array<[string, Buffer]> {
  return drawConditioningCanvases(spec, names).map(([name, canvas]) => [name, canvas.toBuffer('image/png')]);
}

/**
 * The same PNG bytes as drawConditioningImages, encoded off the main thread (encoding a light map takes
 * a quarter of a second): for servers, whose event loop must not wait for it.
 */
export async function encodeConditioningImages(spec: TemplateSpec, names: ConditioningImageNames): Promise<Array<[string, Buffer]>> {
  return Promise.all(drawConditioningCanvases(spec, names).map(async ([name, canvas]): Promise<[string, Buffer]> => [name, await canvas.encode('png')]));
}

function drawConditioningCanvases(spec: TemplateSpec, names: ConditioningImageNames): Array<[string, Canvas]> {
  const size = { width: spec.canvas.width, height: spec.canvas.height };
  const canvases: Array<[string, Canvas]> = [];
  if (names.poseMap) {
    const canvas = createCanvas(size.width, size.height);
    drawPoseMap(canvas.getContext('2d'), spec.pose, size);
    canvases.push([names.poseMap, canvas]);
  }
  if (names.lightMap) {
    const canvas = createCanvas(size.width, size.height);
    drawLightMap(canvas.getContext('2d'), spec.lighting, size);
    canvases.push([names.lightMap, canvas]);
  }
  return canvases;
}
