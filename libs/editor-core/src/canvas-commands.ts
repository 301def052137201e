// Canvas size: aspect presets that keep about the same pixel area, and validated custom sizes.
import { CANVAS_MAX_SIDE, CANVAS_MIN_SIDE, canvasSchema, type Canvas } from '@atelier/template-spec';
import { updateSpec, type EditorState } from './editor-state.js';
import { clamp } from './geometry.js';

export const CANVAS_ASPECT_PRESETS = [
  { id: '3:4', label: 'Portrait 3:4', ratioWidth: 3, ratioHeight: 4 },
  { id: '2:3', label: 'Portrait 2:3', ratioWidth: 2, ratioHeight: 3 },
  { id: '1:1', label: 'Square 1:1', ratioWidth: 1, ratioHeight: 1 },
  { id: '9:16', label: 'Tall 9:16', ratioWidth: 9, ratioHeight: 16 },
] as const;

export type CanvasAspectPresetId = (typeof CANVAS_ASPECT_PRESETS)[number]['id'];

const CANVAS_SIDE_STEP = 8;
// A preset is recognised within 3 % of its ratio, so SDXL's 832 x 1216 counts as 2:3.
const PRESET_RATIO_TOLERANCE = 0.03;
// Getting the ratio right matters more than keeping the area: a 1 % ratio error costs as much as a 10 % area change.
const RATIO_ERROR_WEIGHT = 10;

/**
 * A canvas and an aspect preset -> the canvas size with that aspect and about the same pixel area: both sides
 * multiples of 8 within 512..2048, the exact ratio when one is near, else the closest ratio. A canvas that
 * already has the aspect (see findCanvasAspectPreset) is kept as it is.
 */
export function sizeCanvasForAspect(canvas: Canvas, presetId: CanvasAspectPresetId): Canvas {
  const preset = findPreset(presetId);
  if (findCanvasAspectPreset(canvas) === presetId) return canvas;
  const ratio = preset.ratioWidth / preset.ratioHeight;
  const area = canvas.width * canvas.height;
  let best: Canvas = canvas;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let width = CANVAS_MIN_SIDE; width <= CANVAS_MAX_SIDE; width += CANVAS_SIDE_STEP) {
    const height = clamp(Math.round(width / ratio / CANVAS_SIDE_STEP) * CANVAS_SIDE_STEP, CANVAS_MIN_SIDE, CANVAS_MAX_SIDE);
    const ratioError = Math.abs(Math.log(width / height / ratio));
    const areaError = Math.abs(Math.log((width * height) / area));
    const score = RATIO_ERROR_WEIGHT * ratioError + areaError;
    if (score < bestScore) {
      best = { width, height };
      bestScore = score;
    }
  }
  return best;
}

/** A canvas -> the aspect preset it matches (within 3 %), or null for a custom size. */
export function findCanvasAspectPreset(canvas: Canvas): CanvasAspectPresetId | null {
  const ratio = canvas.width / canvas.height;
  const match = CANVAS_ASPECT_PRESETS.find(
    (preset) => Math.abs(ratio / (preset.ratioWidth / preset.ratioHeight) - 1) <= PRESET_RATIO_TOLERANCE,
  );
  return match?.id ?? null;
}

/** A width and height -> what is wrong with them as a canvas size, in the spec's own words; [] when valid. */
export function checkCanvasSize(size: Canvas): string[] {
  const parsed = canvasSchema.safeParse({ width: size.width, height: size.height });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/** Sets the canvas to an aspect preset (see sizeCanvasForAspect); positions stay normalised. */
export function setCanvasAspect(state: EditorState, presetId: CanvasAspectPresetId): EditorState {
  if (!CANVAS_ASPECT_PRESETS.some((preset) => preset.id === presetId)) return state;
  return setCanvasSize(state, sizeCanvasForAspect(state.document.spec.canvas, presetId));
}

/** Sets a custom canvas size; an invalid one (see checkCanvasSize) leaves the state unchanged. */
export function setCanvasSize(state: EditorState, size: Canvas): EditorState {
  const { canvas } = state.document.spec;
  if (checkCanvasSize(size).length > 0 || (size.width === canvas.width && size.height === canvas.height)) return state;
  return updateSpec(state, null, (spec) => ({ ...spec, canvas: { ...spec.canvas, width: size.width, height: size.height } }));
}

function findPreset(presetId: CanvasAspectPresetId) {
  const preset = CANVAS_ASPECT_PRESETS.find((candidate) => candidate.id === presetId);
  if (preset === undefined) throw new RangeError(`Unknown canvas aspect preset "${presetId}"`);
  return preset;
}
