// The light map: where light falls and in what colour. It is the init image of img2img (the render
// starts from it), so it must read as a properly exposed scene: a mid-grey base with lights on top.
import type { Light, LightKind, Lighting, RgbColor } from '@atelier/template-spec';
import type { Canvas2DContext, Canvas2DSize } from './canvas-2d-context.js';
import { kelvinToRgb } from './kelvin-to-rgb.js';

/**
 * Grey level (0..1) of the unlit scene. Mid-grey, not black: img2img keeps part of the init image,
 * and a near-black one darkened every render (issue 14). Lights only add, so nothing is darker.
 */
export const LIGHT_MAP_BASE_LEVEL = 0.42;

/** No channel of the map goes above this (0..1), so even many bright lights leave highlight detail. */
export const LIGHT_MAP_MAX_LEVEL = 0.9;

/** A key light of intensity 1 alone peaks at base + this: exactly the highest level. */
export const LIGHT_MAP_LIGHT_GAIN = LIGHT_MAP_MAX_LEVEL - LIGHT_MAP_BASE_LEVEL;

/** Brightness (0..1 of the light's colour x intensity) at offsets 0..1 of its radius. */
type FalloffStop = readonly [offset: number, level: number];

// Key is the most concentrated; fill a little broader; rim and back lights read as soft glows.
// Ambient stays nearly flat and its gradient reaches every corner, so it lifts the whole base.
const FALLOFF_BY_KIND: Readonly<Record<LightKind, readonly FalloffStop[]>> = {
  key: [[0, 1], [0.35, 0.7], [0.7, 0.25], [1, 0]],
  fill: [[0, 0.75], [0.5, 0.4], [1, 0]],
  rim: [[0, 0.55], [0.4, 0.35], [1, 0]],
  back: [[0, 0.5], [0.5, 0.3], [1, 0]],
  ambient: [[0, 0.3], [1, 0.2]],
};

// Grid over the shorter side on which the lights' summed peak is looked for (plus every light's centre).
const PEAK_SAMPLES_PER_SHORT_SIDE = 48;

/** Light kind -> its gradient stops: brightness per offset along the radius. */
export function getLightFalloff(kind: LightKind): readonly FalloffStop[] {
  return FALLOFF_BY_KIND[kind];
}

/**
 * Lights + size -> the factor each light's colour x level x intensity is drawn with: the gain, lowered
 * when lights overlap or exceed intensity 1 so that the brightest channel stays at LIGHT_MAP_MAX_LEVEL
 * (an automatic exposure: brighter lights still read brighter than dimmer ones, nothing clips).
 */
export function computeLightMapExposure(lights: readonly Light[], size: Canvas2DSize): number {
  const peak = measureLightPeak(lights, size);
  const headroom = LIGHT_MAP_MAX_LEVEL - LIGHT_MAP_BASE_LEVEL;
  return peak * LIGHT_MAP_LIGHT_GAIN > headroom ? headroom / peak : LIGHT_MAP_LIGHT_GAIN;
}

/**
 * Lights -> a map over the whole size: a mid-grey base, then one radial gradient per light (radius
 * relative to the shorter side, coloured by its temperature, scaled by computeLightMapExposure), added
 * with 'lighter'. Every channel stays within [LIGHT_MAP_BASE_LEVEL, LIGHT_MAP_MAX_LEVEL].
 * `lighting.strength` is not baked in: it is the weight the map is applied with.
 */
export function drawLightMap(ctx: Canvas2DContext, lighting: Pick<Lighting, 'lights'>, size: Canvas2DSize): void {
  const { width, height } = size;
  const exposure = computeLightMapExposure(lighting.lights, size);
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  ctx.fillStyle = rgbToCssScaled([255, 255, 255], LIGHT_MAP_BASE_LEVEL);
  ctx.fillRect(0, 0, width, height);

  // Additive, so the result does not depend on the order of lights.
  ctx.globalCompositeOperation = 'lighter';
  for (const light of lighting.lights) {
    ctx.fillStyle = createLightGradient(ctx, light, size, exposure);
    ctx.fillRect(0, 0, width, height);
  }
  ctx.restore();
}

function createLightGradient(ctx: Canvas2DContext, light: Light, size: Canvas2DSize, exposure: number) {
  const { x, y, radius } = placeLight(light, size);
  const color = kelvinToRgb(light.colorTemperatureK);
  const gradient = ctx.createRadialGradient(x, y, 0, x, y, radius);
  for (const [offset, level] of getLightFalloff(light.kind)) {
    // Floor, so rounding never lifts the sum of several lights past the highest level.
    gradient.addColorStop(offset, rgbToCssScaled(color, level * light.intensity * exposure, Math.floor));
  }
  return gradient;
}

function placeLight(light: Light, size: Canvas2DSize): { x: number; y: number; radius: number } {
  const x = light.x * size.width;
  const y = light.y * size.height;
  const radius =
    light.kind === 'ambient'
      ? Math.max(distanceToFarthestCorner(x, y, size), light.radius * Math.min(size.width, size.height))
      : light.radius * Math.min(size.width, size.height);
  return { x, y, radius };
}

// The brightest channel (0..1 of full colour, before exposure) the lights add up to anywhere.
function measureLightPeak(lights: readonly Light[], size: Canvas2DSize): number {
  if (lights.length === 0) return 0;
  const placed = lights.map((light) => ({ light, ...placeLight(light, size), color: kelvinToRgb(light.colorTemperatureK) }));
  const step = Math.min(size.width, size.height) / PEAK_SAMPLES_PER_SHORT_SIDE;
  const points: Array<[number, number]> = placed.map(({ x, y }) => [x, y]);
  for (let y = 0; y <= size.height; y += step) for (let x = 0; x <= size.width; x += step) points.push([x, y]);
  let peak = 0;
  for (const [px, py] of points) {
    const sum = [0, 0, 0];
    for (const { light, x, y, radius, color } of placed) {
      const level = falloffLevelAt(light.kind, Math.hypot(px - x, py - y) / radius) * light.intensity;
      for (let channel = 0; channel < 3; channel += 1) sum[channel]! += (color[channel]! / 255) * level;
    }
    peak = Math.max(peak, ...sum);
  }
  return peak;
}

// Linear between stops, as a canvas gradient interpolates; 0 past the last stop.
function falloffLevelAt(kind: LightKind, offset: number): number {
  const stops = FALLOFF_BY_KIND[kind];
  if (offset >= 1) return stops.at(-1)![1];
  for (let index = 1; index < stops.length; index += 1) {
    const [end, endLevel] = stops[index]!;
    if (offset <= end) {
      const [start, startLevel] = stops[index - 1]!;
      return startLevel + ((offset - start) / (end - start)) * (endLevel - startLevel);
    }
  }
  return stops.at(-1)![1];
}

function distanceToFarthestCorner(x: number, y: number, size: Canvas2DSize): number {
  return Math.hypot(Math.max(x, size.width - x), Math.max(y, size.height - y));
}

// Opaque colours (black at the rim adds nothing under 'lighter').
function rgbToCssScaled(color: RgbColor, factor: number, round: (value: number) => number = Math.round): string {
  const channel = (value: number) => round(Math.min(255, Math.max(0, value * factor)));
  return `rgb(${channel(color[0])}, ${channel(color[1])}, ${channel(color[2])})`;
}
