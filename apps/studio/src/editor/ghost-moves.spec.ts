import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { describe, expect, it } from '@jest/globals';
import { findGhostMoves, isArrowVisible } from './ghost-moves';

// 832 x 1216 canvas (sdxl default).
const older = (): TemplateSpec => makeDefaultTemplateSpec('sdxl');

describe('findGhostMoves', () => {
  it('finds nothing between equal specs', () => {
    expect(findGhostMoves(older(), older())).toEqual({ joints: [], lights: [] });
  });

  it('places a moved joint at its older position with an arrow target at the newer one, in canvas px', () => {
    const newer = older();
    newer.pose!.keypoints[4] = [0.25, 0.5]; // right wrist from [0.32, 0.53]
    const { joints, lights } = findGhostMoves(older(), newer);
    expect(lights).toEqual([]);
    expect(joints).toHaveLength(1);
    expect(joints[0]).toMatchObject({ index: 4, name: 'right wrist' });
    expect(joints[0]!.from.x).toBeCloseTo(0.32 * 832);
    expect(joints[0]!.from.y).toBeCloseTo(0.53 * 1216);
    expect(joints[0]!.to!.x).toBeCloseTo(0.25 * 832);
    expect(joints[0]!.to!.y).toBeCloseTo(0.5 * 1216);
  });

  it('combines a light moved on one axis with its unchanged other axis, and ignores non-positional changes', () => {
    const newer = older();
    newer.lighting.lights[0] = { ...newer.lighting.lights[0]!, x: 0.5 };
    newer.lighting.lights[1] = { ...newer.lighting.lights[1]!, intensity: 0.9 };
    const { lights } = findGhostMoves(older(), newer);
    expect(lights).toHaveLength(1);
    expect(lights[0]).toMatchObject({ index: 0, kind: 'key', colorTemperatureK: 5600 });
    expect(lights[0]!.from).toEqual({ x: 0.28 * 832, y: 0.2 * 1216 });
    expect(lights[0]!.to).toEqual({ x: 0.5 * 832, y: 0.2 * 1216 });
    expect(lights[0]!.radius).toBeCloseTo(0.45 * 832);
  });

  it('follows a light by id when the lights were reordered and moved', () => {
    const before = older();
    const newer = older();
    const [key, fill] = newer.lighting.lights;
    newer.lighting.lights = [{ ...fill!, y: 0.7 }, key!];
    const { lights } = findGhostMoves(before, newer);
    expect(lights).toEqual([expect.objectContaining({ index: 1, kind: 'fill', from: { x: 0.78 * 832, y: 0.3 * 1216 }, to: { x: 0.78 * 832, y: 0.7 * 1216 } })]);
  });

  it('keeps removed joints and lights as ghosts with nowhere to go', () => {
    const newer = older();
    newer.pose!.keypoints[0] = null;
    newer.lighting.lights = [newer.lighting.lights[0]!];
    const { joints, lights } = findGhostMoves(older(), newer);
    expect(joints).toEqual([{ index: 0, name: 'nose', from: { x: 0.5 * 832, y: 0.14 * 1216 }, to: null }]);
    expect(lights).toEqual([expect.objectContaining({ index: 1, kind: 'fill', to: null })]);
  });

  it('lays older positions onto the newer canvas when its size changed', () => {
    const newer = { ...older(), canvas: { width: 1024, height: 1024 } };
    newer.pose = { ...newer.pose!, keypoints: newer.pose!.keypoints.map((point, index) => (index === 1 ? [0.5, 0.3] : point)) };
    const { joints } = findGhostMoves(older(), newer);
    expect(joints[0]!.from).toEqual({ x: 512, y: 0.22 * 1024 });
  });
});

describe('isArrowVisible', () => {
  it('draws no arrow for a gap shorter than a few screen px, or when there is no target', () => {
    expect(isArrowVisible({ x: 0, y: 0 }, { x: 3, y: 0 })).toBe(false);
    expect(isArrowVisible({ x: 0, y: 0 }, { x: 30, y: 40 })).toBe(true);
    expect(isArrowVisible({ x: 0, y: 0 }, { x: 30, y: 0 }, 10)).toBe(false);
    expect(isArrowVisible({ x: 0, y: 0 }, null)).toBe(false);
  });
});
