// Where the reference image sits on the canvas: scale 1 fits it inside the canvas, centred on (x, y).
import type { Point } from '@atelier/editor-core';
import type { ReferenceImage } from '@atelier/template-spec';
import type { CanvasSize } from './canvas-geometry';

export interface ReferenceBox {
  /** Top-left corner, canvas px. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A reference and its image's natural size -> its box in canvas px (scale 1 = contained in the canvas). */
export function findReferenceBox(reference: Pick<ReferenceImage, 'x' | 'y' | 'scale'>, image: CanvasSize, canvas: CanvasSize): ReferenceBox {
  const fit = Math.min(canvas.width / image.width, canvas.height / image.height);
  const width = image.width * fit * reference.scale;
  const height = image.height * fit * reference.scale;
  return { x: reference.x * canvas.width - width / 2, y: reference.y * canvas.height - height / 2, width, height };
}

/** A dragged corner handle (canvas px) -> the scale that puts the bottom-right corner there, keeping the centre. */
export function findReferenceScale(reference: Pick<ReferenceImage, 'x' | 'y'>, handle: Point, image: CanvasSize, canvas: CanvasSize): number {
  const unit = findReferenceBox({ x: reference.x, y: reference.y, scale: 1 }, image, canvas);
  const centre = { x: reference.x * canvas.width, y: reference.y * canvas.height };
  const unitHalfDiagonal = Math.hypot(unit.width / 2, unit.height / 2);
  return Math.hypot(handle.x - centre.x, handle.y - centre.y) / unitHalfDiagonal;
}
