import type { Light } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { kelvinToRgb } from './kelvin-to-rgb.js';
import {
  LIGHT_MAP_BASE_LEVEL,
  LIGHT_MAP_LIGHT_GAIN,
  LIGHT_MAP_MAX_LEVEL,
  computeLightMapExposure,
  drawLightMap,
} from './light-map.js';
import { RecordingCanvasContext } from './testing/recording-canvas-context.js';

const makeLight = (overrides: Partial<Light> = {}): Light => ({
  kind: 'key',
  x: 0.25,
  y: 0.5,
  radius: 0.5,
  intensity: 1,
  colorTemperatureK: 6500,
  ...overrides,
});

function drawToRecording(lights: Light[], size = { width: 800, height: 1200 }) {
  const ctx = new RecordingCanvasContext();
  drawLightMap(ctx, { lights }, size);
  return ctx;
}

const parseRgb = (css: string) => css.match(/\d+/g)!.map(Number);

describe('drawLightMap', () => {
  it('starts from a mid-grey, opaque base over the whole image, so img2img does not start from the dark', () => {
    const ctx = drawToRecording([]);
    const [base] = ctx.callsOf('fillRect');
    expect(base?.args).toEqual([0, 0, 800, 1200]);
    expect(base?.globalCompositeOperation).toBe('source-over');
    const level = Math.round(255 * LIGHT_MAP_BASE_LEVEL);
    expect(base?.fillStyle).toBe(`rgb(${level}, ${level}, ${level})`);
    expect(level).toBeGreaterThan(96);
    expect(level).toBeLessThan(160);
  });

  it('adds one radial gradient per light with "lighter"', () => {
    const lights = [makeLight(), makeLight({ kind: 'fill', x: 0.8 }), makeLight({ kind: 'rim', y: 0.1 })];
    const ctx = drawToRecording(lights);
    expect(ctx.gradients).toHaveLength(3);
    const lightFills = ctx.callsOf('fillRect').slice(1);
    expect(lightFills).toHaveLength(3);
    lightFills.forEach((call, index) => {
      expect(call.globalCompositeOperation).toBe('lighter');
      expect(call.fillStyle).toBe(ctx.gradients[index]);
    });
  });

  it('centres each gradient on its light, with the radius relative to the shorter side', () => {
    const ctx = drawToRecording([makeLight({ x: 0.25, y: 0.5, radius: 0.5 })]);
    expect(ctx.gradients[0]?.circles).toEqual([200, 600, 0, 200, 600, 400]);
  });

  it('colours a light by its temperature, scaled by intensity and the gain, fading to black at its radius', () => {
    const ctx = drawToRecording([makeLight({ colorTemperatureK: 2000, intensity: 0.5 })]);
    const stops = ctx.gradients[0]!.stops;
    const [r, g, b] = kelvinToRgb(2000);
    expect(parseRgb(stops[0]!.color)).toEqual([r, g, b].map((channel) => Math.floor(channel * 0.5 * LIGHT_MAP_LIGHT_GAIN)));
    expect(stops.at(-1)).toEqual({ offset: 1, color: 'rgb(0, 0, 0)' });
  });

  it('draws rim and back lights softer than a key light of the same intensity', () => {
    const ctx = drawToRecording([makeLight({ kind: 'key' }), makeLight({ kind: 'rim' }), makeLight({ kind: 'back' })]);
    const [key, rim, back] = ctx.gradients.map((gradient) => parseRgb(gradient.stops[0]!.color)[0]!);
    expect(rim).toBeLessThan(key!);
    expect(back).toBeLessThan(key!);
  });

  it('lets an ambient light raise the base everywhere, reaching past every corner', () => {
    const ctx = drawToRecording([makeLight({ kind: 'ambient', x: 0, y: 0, radius: 0.1 })]);
    const gradient = ctx.gradients[0]!;
    expect(gradient.circles[5]).toBeGreaterThanOrEqual(Math.hypot(800, 1200));
    expect(parseRgb(gradient.stops.at(-1)!.color).every((channel) => channel > 0)).toBe(true);
  });

  it('draws the same calls for the same lights and leaves the context state as it was', () => {
    const lights = [makeLight(), makeLight({ kind: 'ambient', intensity: 0.3, colorTemperatureK: 3200 })];
    const first = drawToRecording(lights);
    const second = drawToRecording(lights);
    expect(second.calls).toEqual(first.calls);
    expect(second.gradients.map((gradient) => gradient.stops)).toEqual(first.gradients.map((gradient) => gradient.stops));
    expect(first.globalCompositeOperation).toBe('source-over');
  });

  it('lets a lone white key light of intensity 1 peak exactly at the highest level', () => {
    const ctx = drawToRecording([makeLight({ colorTemperatureK: 6600 })]);
    const centre = parseRgb(ctx.gradients[0]!.stops[0]!.color);
    const base = Math.round(255 * LIGHT_MAP_BASE_LEVEL);
    expect(Math.max(...centre) + base).toBeLessThanOrEqual(Math.round(255 * LIGHT_MAP_MAX_LEVEL));
    expect(Math.max(...centre) + base).toBeGreaterThanOrEqual(Math.round(255 * LIGHT_MAP_MAX_LEVEL) - 2);
  });

  it('lowers the exposure when overlapping or very bright lights would pass the highest level', () => {
    const size = { width: 800, height: 1200 };
    const one = computeLightMapExposure([makeLight()], size);
    const stacked = computeLightMapExposure([makeLight({ intensity: 2 }), makeLight({ kind: 'fill', intensity: 2 }), makeLight({ kind: 'ambient', intensity: 2 })], size);
    const far = computeLightMapExposure([makeLight({ x: 0.1, y: 0.1, radius: 0.2 }), makeLight({ x: 0.9, y: 0.9, radius: 0.2 })], size);
    expect(one).toBeCloseTo(LIGHT_MAP_LIGHT_GAIN);
    expect(stacked).toBeLessThan(one / 4);
    // Lights that never meet keep the full gain.
    expect(far).toBeCloseTo(LIGHT_MAP_LIGHT_GAIN);
    expect(computeLightMapExposure([], size)).toBe(LIGHT_MAP_LIGHT_GAIN);
  });
});
