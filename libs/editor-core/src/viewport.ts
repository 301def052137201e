// Zoom and pan: fit the canvas to the viewport, zoom about a point, convert between screen and canvas.
import type { Canvas } from '@atelier/template-spec';
import type { EditorState, EditorView } from './editor-state.js';
import { clamp, type Point, type Size } from './geometry.js';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
/** The zoom levels zoom in / zoom out step through. */
export const ZOOM_STEPS: readonly number[] = [0.05, 0.1, 0.125, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
/** Screen px kept free around the canvas when fitting it. */
export const FIT_PADDING_PX = 32;

/** A zoom -> the same zoom within MIN_ZOOM..MAX_ZOOM (not finite or not positive becomes 1). */
export function clampZoom(zoom: number): number {
  return Number.isFinite(zoom) && zoom > 0 ? clamp(zoom, MIN_ZOOM, MAX_ZOOM) : 1;
}

/** A canvas and a viewport (screen px) -> the view that shows the whole canvas centred, with padding around it. */
export function fitCanvasToViewport(canvas: Canvas, viewport: Size, paddingPx = FIT_PADDING_PX): EditorView {
  const room = { width: Math.max(1, viewport.width - 2 * paddingPx), height: Math.max(1, viewport.height - 2 * paddingPx) };
  const zoom = clampZoom(Math.min(room.width / canvas.width, room.height / canvas.height));
  return { zoom, panX: (viewport.width - canvas.width * zoom) / 2, panY: (viewport.height - canvas.height * zoom) / 2 };
}

/** A view, a new zoom and a screen point -> the view at that zoom with the canvas point under the screen point kept there. */
export function zoomAboutPoint(view: EditorView, zoom: number, screenPoint: Point): EditorView {
  const nextZoom = clampZoom(zoom);
  const anchor = screenToCanvas(view, screenPoint);
  return { zoom: nextZoom, panX: screenPoint.x - anchor.x * nextZoom, panY: screenPoint.y - anchor.y * nextZoom };
}

/** A zoom -> the next zoom step above it (MAX_ZOOM at the top). */
export function findNextZoomStep(zoom: number): number {
  return ZOOM_STEPS.find((step) => step > zoom * 1.001) ?? MAX_ZOOM;
}

/** A zoom -> the next zoom step below it (MIN_ZOOM at the bottom). */
export function findPreviousZoomStep(zoom: number): number {
  return [...ZOOM_STEPS].reverse().find((step) => step < zoom / 1.001) ?? MIN_ZOOM;
}

/** A view and a point in screen px -> the point in canvas px. */
export function screenToCanvas(view: EditorView, screenPoint: Point): Point {
  return { x: (screenPoint.x - view.panX) / view.zoom, y: (screenPoint.y - view.panY) / view.zoom };
}

/** A view and a point in canvas px -> the point in screen px. */
export function canvasToScreen(view: EditorView, canvasPoint: Point): Point {
  return { x: canvasPoint.x * view.zoom + view.panX, y: canvasPoint.y * view.zoom + view.panY };
}

/** A state and a point in screen px -> the point normalised to the canvas (what commands take; may lie outside 0..1). */
export function screenToNormalised(state: EditorState, screenPoint: Point): Point {
  const { width, height } = state.document.spec.canvas;
  const canvasPoint = screenToCanvas(state.view, screenPoint);
  return { x: canvasPoint.x / width, y: canvasPoint.y / height };
}

/** Sets the view (zoom clamped; a pan that is not finite keeps the old one). Never an undo step. */
export function setView(state: EditorState, view: EditorView): EditorState {
  const next = {
    zoom: clampZoom(view.zoom),
    panX: Number.isFinite(view.panX) ? view.panX : state.view.panX,
    panY: Number.isFinite(view.panY) ? view.panY : state.view.panY,
  };
  const isSame = next.zoom === state.view.zoom && next.panX === state.view.panX && next.panY === state.view.panY;
  return isSame ? state : { ...state, view: next };
}
