// The light map is the init image img2img starts from: drawn by the worker exactly as uploaded to ComfyUI,
// it must be a sensibly exposed picture (issue 14: a near-black one darkened every render).
import sharp from 'sharp';
import { describe, expect, it } from '@jest/globals';
import { compileToComfyGraph, COMFY_NODE_IDS, computeSamplerDenoise } from '@atelier/comfy-compile';
import { makeCompileJob } from '../../../../../libs/comfy-compile/src/testing/make-compile-job.js';
import { LIGHT_MAP_BASE_LEVEL, LIGHT_MAP_MAX_LEVEL } from '@atelier/scene-maps';
import { makeDefaultTemplateSpec, MAX_LIGHTS, type Light, type TemplateSpec } from '@atelier/template-spec';
import { drawConditioningImages } from '@atelier/scene-map-png';

interface LuminanceRange {
  min: number;
  mean: number;
  max: number;
  /** The brightest single channel anywhere (a warm light can clip red before luminance shows it). */
  maxChannel: number;
}

// Rec. 709 luma of the 8-bit PNG the worker uploads, 0..1.
async function measureInitImage(spec: TemplateSpec): Promise<LuminanceRange> {
  const job = makeCompileJob(spec);
  const graph = compileToComfyGraph(spec, job);
  // The image the graph VAE-encodes is the one the worker draws under that name.
  const initName = graph[COMFY_NODE_IDS.lightImage]?.inputs.image;
  expect(graph[COMFY_NODE_IDS.lightLatent]?.inputs.pixels).toEqual([COMFY_NODE_IDS.lightImage, 0]);
  const [[name, png]] = drawConditioningImages(spec, { lightMap: job.inputImages.lightMap }) as [[string, Buffer]];
  expect(name).toBe(initName);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([spec.canvas.width, spec.canvas.height]);
  let min = 1;
  let max = 0;
  let sum = 0;
  let maxChannel = 0;
  for (let index = 0; index < data.length; index += 3) {
    const [r, g, b] = [data[index]! / 255, data[index + 1]! / 255, data[index + 2]! / 255];
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    min = Math.min(min, luma);
    max = Math.max(max, luma);
    maxChannel = Math.max(maxChannel, r, g, b);
    sum += luma;
  }
  return { min, mean: sum / (data.length / 3), max, maxChannel };
}

function withLights(lights: Array<Partial<Light>>, strength = 1): TemplateSpec {
  const spec = makeDefaultTemplateSpec();
  spec.lighting = {
    strength,
    lights: lights.map((light, index) => ({ id: `l${index}`, kind: 'key', x: 0.5, y: 0.3, radius: 0.5, intensity: 1, colorTemperatureK: 5600, ...light })),
  };
  return spec;
}

// Skia's gradients dither by a level or two.
const TOLERANCE = 3 / 255;

describe('the light map as the init image', () => {
  it('for the default template: mid-grey where unlit, brighter under the key light, nothing clipped', async () => {
    const spec = makeDefaultTemplateSpec();
    expect(computeSamplerDenoise(spec)).toBe(0.75);
    const range = await measureInitImage(spec);
    expect(range.min).toBeGreaterThanOrEqual(LIGHT_MAP_BASE_LEVEL - TOLERANCE);
    expect(range.mean).toBeGreaterThan(0.45);
    expect(range.mean).toBeLessThan(0.65);
    expect(range.max).toBeGreaterThan(0.75);
    expect(range.maxChannel).toBeLessThanOrEqual(LIGHT_MAP_MAX_LEVEL + TOLERANCE);
  });

  it('for a dark extreme (one dim, small rim light in a corner): about the mid-grey base, never dark', async () => {
    const range = await measureInitImage(withLights([{ kind: 'rim', x: 0.95, y: 0.05, radius: 0.05, intensity: 0.05, colorTemperatureK: 2000 }]));
    expect(range.min).toBeGreaterThanOrEqual(LIGHT_MAP_BASE_LEVEL - TOLERANCE);
    expect(range.mean).toBeGreaterThanOrEqual(LIGHT_MAP_BASE_LEVEL - TOLERANCE);
    expect(range.max).toBeLessThan(LIGHT_MAP_BASE_LEVEL + 0.05);
  });

  it('for a bright extreme (every light at intensity 2, stacked, with a broad ambient): lit, but no channel clips', async () => {
    const lights: Array<Partial<Light>> = Array.from({ length: MAX_LIGHTS - 1 }, (_, index) => ({
      kind: index % 2 ? 'fill' : 'key',
      x: 0.45 + index * 0.02,
      radius: 0.8,
      intensity: 2,
      colorTemperatureK: index % 2 ? 2000 : 10000,
    }));
    lights.push({ kind: 'ambient', intensity: 2, radius: 1 });
    const range = await measureInitImage(withLights(lights));
    expect(range.min).toBeGreaterThanOrEqual(LIGHT_MAP_BASE_LEVEL - TOLERANCE);
    expect(range.mean).toBeLessThan(0.8);
    expect(range.max).toBeGreaterThan(0.75);
    expect(range.maxChannel).toBeLessThanOrEqual(LIGHT_MAP_MAX_LEVEL + TOLERANCE);
  });
});
