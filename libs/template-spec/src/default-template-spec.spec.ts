import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from './default-template-spec.js';
import { validateTemplateSpec } from './validate-template-spec.js';

describe('makeDefaultTemplateSpec', () => {
  it('makes a valid SDXL portrait at 832x1216 by default', () => {
    const spec = makeDefaultTemplateSpec();
    expect(validateTemplateSpec(spec).ok).toBe(true);
    expect(spec.baseModel).toBe('sdxl');
    expect(spec.canvas).toEqual({ width: 832, height: 1216 });
  });

  it('makes a valid SD 1.5 portrait at 512x768', () => {
    const spec = makeDefaultTemplateSpec('sd15');
    expect(validateTemplateSpec(spec).ok).toBe(true);
    expect(spec.canvas).toEqual({ width: 512, height: 768 });
  });

  it('sets all 18 keypoints of an upright figure', () => {
    const keypoints = makeDefaultTemplateSpec().pose?.keypoints ?? [];
    expect(keypoints).toHaveLength(18);
    expect(keypoints.every((point) => point !== null)).toBe(true);
    const y = (index: number) => keypoints[index]?.[1] ?? Number.NaN;
    const x = (index: number) => keypoints[index]?.[0] ?? Number.NaN;
    // Head above neck above hips above knees above ankles; subject's right is image left.
    expect(y(0)).toBeLessThan(y(1));
    expect(y(1)).toBeLessThan(y(8));
    expect(y(8)).toBeLessThan(y(9));
    expect(y(9)).toBeLessThan(y(10));
    expect(x(2)).toBeLessThan(x(5));
    expect(x(14)).toBeLessThan(x(15));
  });

  it('starts with a key and a fill light, the agreed likeness and sampler', () => {
    const spec = makeDefaultTemplateSpec();
    expect(spec.lighting.lights.map((light) => light.kind)).toEqual(['key', 'fill']);
    expect(spec.subject.likeness).toEqual({ default: 0.9, max: 1.2 });
    expect(spec.sampler).toEqual({ steps: 30, cfg: 5, sampler: 'dpmpp_2m', scheduler: 'karras', denoise: 1 });
    expect(spec.styleLoras).toEqual([]);
    expect(spec.reference).toBeNull();
  });

  it('turns the face pass on for new portraits, at a low denoise', () => {
    for (const baseModel of ['sdxl', 'sd15'] as const) {
      expect(makeDefaultTemplateSpec(baseModel).subject.facePass).toEqual({ enabled: true, denoise: 0.35 });
    }
  });

  it('returns a fresh object each time so callers can mutate it', () => {
    const first = makeDefaultTemplateSpec();
    first.lighting.lights.pop();
    first.pose?.keypoints.fill(null);
    expect(makeDefaultTemplateSpec().lighting.lights).toHaveLength(2);
    expect(makeDefaultTemplateSpec().pose?.keypoints[0]).not.toBeNull();
  });
});
