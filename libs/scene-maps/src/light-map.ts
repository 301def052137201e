// The light map: where light falls and in what colour, fed to img2img / a lighting ControlNet.
import type { Light, LightKind, Lighting, RgbColor } from '@atelier/template-spec';
import type { Canvas2DContext, Canvas2DSize } from './canvas-2d-context.js';
import { kelvinToRgb } from './kelvin-to-rgb.js';

/** Grey level (0..1) of the unlit scene, so shadows keep some detail. */
export const LIGHT_MAP_BASE_LEVEL = 0.06;

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

/** Light kind -> its gradient stops: brightness per offset along the radius. */
export function getLightFalloff(kind: LightKind): readonly FalloffStop[] {
  return FALLOFF_BY_KIND[kind];
}

/**
 * Lights -> a luminance map over the whole size: a dark base, then one radial gradient per light
 * (radius relative to the shorter side, coloured by its temperature), added with 'lighter'.
 * `lighting.strength` is not baked in: it is the weight the map is applied with.
 */
export function drawLightMap(ctx: Canvas2DContext, lighting: Pick<Lighting, 'lights'>, size: Canvas2DSize): void {
  const { width, height } = size;
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  ctx.fillStyle = rgbToCssScaled([255, 255, 255], LIGHT_MAP_BASE_LEVEL);
  ctx.fillRect(0, 0, width, height);

  // Additive, so the result does not depend on the order of lights.
  ctx.globalCompositeOperation = 'lighter';
  for (const light of lighting.lights) {
    ctx.fillStyle = createLightGradient(ctx, light, size);
    ctx.fillRect(0, 0, width, height);
  }
  ctx.restore();
}

function createLightGradient(ctx: Canvas2DContext, light: Light, size: Canvas2DSize) {
  const x = light.x * size.width;
  const y = light.y * size.height;
  const radius =
    light.kind === 'ambient'
      ? Math.max(distanceToFarthestCorner(x, y, size), light.radius * Math.min(size.width, size.height))
      : light.radius * Math.min(size.width, size.height);
  const color = kelvinToRgb(light.colorTemperatureK);
  const gradient = ctx.createRadialGradient(x, y, 0, x, y, radius);
  for (const [offset, level] of getLightFalloff(light.kind)) {
    gradient.addColorStop(offset, rgbToCssScaled(color, level * light.intensity));
  }
  return gradient;
}

function distanceToFarthestCorner(x: number, y: number, size: Canvas2DSize): number {
  return Math.hypot(Math.max(x, size.width - x), Math.max(y, size.height - y));
}

// Opaque colours (black at the rim adds nothing under 'lighter'); intensity above 1 saturates to white-ish.
function rgbToCssScaled(color: RgbColor, factor: number): string {
  const channel = (value: number) => Math.round(Math.min(255, Math.max(0, value * factor)));
  return `rgb(${channel(color[0])}, ${channel(color[1])}, ${channel(color[2])})`;
}
