// Lights: add one of a kind, move it, set radius, intensity and colour temperature; remove and duplicate.
import { LIGHT_KINDS, MAX_LIGHTS, type Light, type LightKind } from '@atelier/template-spec';
import { toLightElementId } from './element-id.js';
import {
  findLightIndex,
  makeUniqueId,
  pruneSelection,
  updateSpec,
  type EditorDocument,
  type EditorState,
} from './editor-state.js';
import { clampPointToCanvas, type Point } from './geometry.js';
import { snapPoint } from './snapping.js';
import {
  clampToRange,
  LIGHT_COLOR_TEMPERATURE_RANGE,
  LIGHT_INTENSITY_RANGE,
  LIGHT_RADIUS_RANGE,
} from './spec-limits.js';

export type LightSettings = Omit<Light, 'id' | 'kind'>;

/** Where a new light of each kind starts: a classic portrait setup on a portrait canvas. */
export const LIGHT_DEFAULTS: Readonly<Record<LightKind, LightSettings>> = {
  // High and to one side, the main light on the face.
  key: { x: 0.3, y: 0.22, radius: 0.45, intensity: 1, colorTemperatureK: 5600 },
  // Opposite the key, broad and weak, to open the shadows.
  fill: { x: 0.75, y: 0.35, radius: 0.6, intensity: 0.4, colorTemperatureK: 5600 },
  // Behind and to the side, a small cool edge on hair and shoulder.
  rim: { x: 0.82, y: 0.18, radius: 0.3, intensity: 0.8, colorTemperatureK: 6500 },
  // Behind the subject onto the backdrop, a little warm, to separate them from it.
  back: { x: 0.5, y: 0.12, radius: 0.35, intensity: 0.6, colorTemperatureK: 4800 },
  // Everywhere at once, low.
  ambient: { x: 0.5, y: 0.5, radius: 1, intensity: 0.3, colorTemperatureK: 5600 },
};

// A duplicate lands this many canvas px right of and below its original.
const DUPLICATE_OFFSET_PX = 16;

/** Adds a light of a kind with that kind's defaults (at `point` when given) and selects it; no-op at MAX_LIGHTS. */
export function addLight(state: EditorState, kind: LightKind, point?: Point): EditorState {
  if (!LIGHT_KINDS.includes(kind) || state.layers.lights.isLocked) return state;
  const position = point === undefined ? undefined : clampPointToCanvas(snapPoint(state, point));
  const { document, addedIds } = appendLights(state.document, [{ kind, ...LIGHT_DEFAULTS[kind], ...position }]);
  if (addedIds.length === 0) return state;
  return pruneSelection({ ...state, document, selection: addedIds.map(toLightElementId) });
}

/** Moves a light's centre to a point (snapped, inside the canvas). */
export function moveLight(state: EditorState, lightId: string, point: Point): EditorState {
  const centre = clampPointToCanvas(snapPoint(state, point));
  return updateLight(state, lightId, (light) => ({ ...light, x: centre.x, y: centre.y }));
}

/** Sets a light's radius (relative to the canvas's shorter side), clamped to LIGHT_RADIUS_RANGE. */
export function setLightRadius(state: EditorState, lightId: string, radius: number): EditorState {
  return updateLight(state, lightId, (light) => ({ ...light, radius: clampToRange(radius, LIGHT_RADIUS_RANGE) }));
}

/** Sets a light's intensity, clamped to LIGHT_INTENSITY_RANGE. */
export function setLightIntensity(state: EditorState, lightId: string, intensity: number): EditorState {
  return updateLight(state, lightId, (light) => ({ ...light, intensity: clampToRange(intensity, LIGHT_INTENSITY_RANGE) }));
}

/** Sets a light's colour temperature, rounded to whole kelvin and clamped to LIGHT_COLOR_TEMPERATURE_RANGE. */
export function setLightColorTemperature(state: EditorState, lightId: string, kelvin: number): EditorState {
  const colorTemperatureK = clampToRange(Math.round(kelvin), LIGHT_COLOR_TEMPERATURE_RANGE);
  return updateLight(state, lightId, (light) => ({ ...light, colorTemperatureK }));
}

/** Changes one light through `update` unless it does not exist or the lights layer is locked. */
export function updateLight(state: EditorState, lightId: string, update: (light: Light) => Light): EditorState {
  const index = findLightIndex(state.document, lightId);
  if (index < 0) return state;
  return updateSpec(state, 'lights', (spec) => {
    const lights = spec.lighting.lights.map((light, at) => (at === index ? update(light) : light));
    return { ...spec, lighting: { ...spec.lighting, lights } };
  });
}

/** A document and light ids -> the document without those lights. */
export function removeLights(document: EditorDocument, lightIds: readonly string[]): EditorDocument {
  const isKept = (index: number) => !lightIds.includes(document.lightIds[index]!);
  if (document.lightIds.every((_, index) => isKept(index))) return document;
  const lights = document.spec.lighting.lights.filter((_, index) => isKept(index));
  const spec = { ...document.spec, lighting: { ...document.spec.lighting, lights } };
  return { ...document, spec, lightIds: document.lightIds.filter((_, index) => isKept(index)) };
}

/**
 * A document and light ids -> the document with a copy of each (new unique id, 16 px down-right, as many as fit
 * under MAX_LIGHTS) and the copies' ids.
 */
export function duplicateLights(
  document: EditorDocument,
  lightIds: readonly string[],
): { document: EditorDocument; addedIds: string[] } {
  const { canvas, lighting } = document.spec;
  const copies = lightIds.flatMap((lightId) => {
    const light = lighting.lights[findLightIndex(document, lightId)];
    if (light === undefined) return [];
    const { kind, x, y, radius, intensity, colorTemperatureK } = light;
    const at = clampPointToCanvas({ x: x + DUPLICATE_OFFSET_PX / canvas.width, y: y + DUPLICATE_OFFSET_PX / canvas.height });
    return [{ kind, x: at.x, y: at.y, radius, intensity, colorTemperatureK }];
  });
  return appendLights(document, copies);
}

// Appends lights (as many as fit under MAX_LIGHTS), each with a new id unique among the editor's light ids.
function appendLights(
  document: EditorDocument,
  lights: readonly Omit<Light, 'id'>[],
): { document: EditorDocument; addedIds: string[] } {
  const room = Math.max(0, MAX_LIGHTS - document.lightIds.length);
  const taken = new Set(document.lightIds);
  const added = lights.slice(0, room).map(({ kind, ...settings }): Light => {
    const id = makeUniqueId(kind, taken);
    taken.add(id);
    // Built in schema key order, so a saved spec reads the same as one written by hand.
    return { id, kind, x: settings.x, y: settings.y, radius: settings.radius, intensity: settings.intensity, colorTemperatureK: settings.colorTemperatureK };
  });
  if (added.length === 0) return { document, addedIds: [] };
  const addedIds = added.map((light) => light.id as string);
  const { lighting } = document.spec;
  const spec = { ...document.spec, lighting: { ...lighting, lights: [...lighting.lights, ...added] } };
  return { document: { ...document, spec, lightIds: [...document.lightIds, ...addedIds] }, addedIds };
}
