// Where the reference image sits on the canvas, shared by the studio view and the worker renders.
import type { ReferenceImage } from '@atelier/template-spec';
import type { Canvas2DSize } from './canvas-2d-context.js';

export interface PlacedRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Reference placement + image and canvas sizes -> the image's rectangle in canvas px.
 * (x, y) is the image centre, normalised to the canvas; scale 1 fits the whole image inside the canvas.
 */
export function placeReferenceImage(
  reference: Pick<ReferenceImage, 'x' | 'y' | 'scale'>,
  image: Canvas2DSize,
  canvas: Canvas2DSize,
): PlacedRect {
  const fit = Math.min(canvas.width / image.width, canvas.height / image.height);
  const width = image.width * fit * reference.scale;
  const height = image.height * fit * reference.scale;
  return { x: reference.x * canvas.width - width / 2, y: reference.y * canvas.height - height / 2, width, height };
}
