// Pure maps between what the Konva views report (canvas px, wheel deltas) and editor-core's inputs.
import { clampZoom, zoomAboutPoint, type EditorView, type FrameHandle, type Point } from '@atelier/editor-core';
import { computeFaceCrop, type PixelRect, type SubjectFrame, type TemplateSpec } from '@atelier/template-spec';

export interface CanvasSize {
  readonly width: number;
  readonly height: number;
}

/** A point in canvas px -> normalised to the canvas (0..1 each way). */
export function toNormalisedPoint(point: Point, canvas: CanvasSize): Point {
  return { x: point.x / canvas.width, y: point.y / canvas.height };
}

/** A normalised point -> canvas px. */
export function toCanvasPoint(point: Point, canvas: CanvasSize): Point {
  return { x: point.x * canvas.width, y: point.y * canvas.height };
}

/** A light's centre and its radius handle (canvas px) -> the spec radius (relative to the shorter side). */
export function findLightRadius(centre: Point, handle: Point, canvas: CanvasSize): number {
  return Math.hypot(handle.x - centre.x, handle.y - centre.y) / Math.min(canvas.width, canvas.height);
}

/** A light (normalised centre, radius) -> where its radius handle sits, in canvas px (to the right of the centre). */
export function findLightRadiusHandle(light: { x: number; y: number; radius: number }, canvas: CanvasSize): Point {
  return { x: light.x * canvas.width + light.radius * Math.min(canvas.width, canvas.height), y: light.y * canvas.height };
}

/** The subject frame and one of its 8 handles -> the handle's position in canvas px. */
export function findFrameHandlePoint(frame: SubjectFrame, handle: FrameHandle, canvas: CanvasSize): Point {
  const x = handle.includes('w') ? frame.x : handle.includes('e') ? frame.x + frame.w : frame.x + frame.w / 2;
  const y = handle.includes('n') ? frame.y : handle.includes('s') ? frame.y + frame.h : frame.y + frame.h / 2;
  return toCanvasPoint({ x, y }, canvas);
}

// One notch of a mouse wheel (deltaY 100) zooms by about 16 %; trackpads send smaller deltas.
const WHEEL_ZOOM_PER_PIXEL = 0.0015;

/** A wheel delta (px, positive = away = zoom out) at a screen point -> the view zoomed about that point. */
export function zoomViewByWheel(view: EditorView, deltaY: number, pointer: Point): EditorView {
  const zoom = clampZoom(view.zoom * Math.exp(-deltaY * WHEEL_ZOOM_PER_PIXEL));
  return zoomAboutPoint(view, zoom, pointer);
}

/** True when a key event comes from somewhere the designer types, where editor shortcuts must not fire. */
/** Space and Enter activate a focused button, link or disclosure: such keys are theirs, not the canvas's. */
export function isActivatableTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  return (target as HTMLElement).closest('button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"]') !== null;
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return element.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** A spec -> the head area its face pass re-renders, in canvas px (the compiler's crop), or null when the face pass is off. */
export function findFacePassRect(spec: TemplateSpec): PixelRect | null {
  return spec.subject.facePass?.enabled === true ? computeFaceCrop(spec) : null;
}
