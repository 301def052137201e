import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { findFacePassRect, findFrameHandlePoint, findLightRadius, findLightRadiusHandle, isActivatableTarget, isTypingTarget, toNormalisedPoint, zoomViewByWheel } from './canvas-geometry';

const canvas = { width: 800, height: 1200 };

describe('canvas geometry', () => {
  it('normalises canvas px to the canvas size', () => {
    expect(toNormalisedPoint({ x: 400, y: 300 }, canvas)).toEqual({ x: 0.5, y: 0.25 });
  });

  it('puts the radius handle on the radius and reads the radius back from it', () => {
    const light = { x: 0.25, y: 0.5, radius: 0.3 };
    const handle = findLightRadiusHandle(light, canvas);
    expect(handle).toEqual({ x: 200 + 240, y: 600 });
    expect(findLightRadius({ x: 200, y: 600 }, handle, canvas)).toBeCloseTo(0.3);
    expect(findLightRadius({ x: 200, y: 600 }, { x: 200, y: 600 + 80 }, canvas)).toBeCloseTo(0.1);
  });

  it('places frame handles on corners and edge midpoints', () => {
    const frame = { x: 0.25, y: 0.25, w: 0.5, h: 0.5 };
    expect(findFrameHandlePoint(frame, 'nw', canvas)).toEqual({ x: 200, y: 300 });
    expect(findFrameHandlePoint(frame, 'se', canvas)).toEqual({ x: 600, y: 900 });
    expect(findFrameHandlePoint(frame, 'e', canvas)).toEqual({ x: 600, y: 600 });
    expect(findFrameHandlePoint(frame, 'n', canvas)).toEqual({ x: 400, y: 300 });
  });

  it('zooms in on wheel up and keeps the canvas point under the pointer still', () => {
    const view = { zoom: 0.5, panX: 10, panY: 20 };
    const pointer = { x: 300, y: 200 };
    const next = zoomViewByWheel(view, -100, pointer);
    expect(next.zoom).toBeGreaterThan(0.5);
    const before = { x: (pointer.x - view.panX) / view.zoom, y: (pointer.y - view.panY) / view.zoom };
    const after = { x: (pointer.x - next.panX) / next.zoom, y: (pointer.y - next.panY) / next.zoom };
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomViewByWheel(view, 100, pointer).zoom).toBeLessThan(0.5);
  });

  it('treats inputs as typing targets and the canvas as not', () => {
    const input = document.createElement('input');
    const div = document.createElement('div');
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(div)).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('leaves Space to a focused button, link or disclosure (it presses them), not to canvas panning', () => {
    const button = document.createElement('button');
    const icon = document.createElement('span');
    button.append(icon);
    const summary = document.createElement('summary');
    expect(isActivatableTarget(button)).toBe(true);
    expect(isActivatableTarget(icon)).toBe(true);
    expect(isActivatableTarget(summary)).toBe(true);
    expect(isActivatableTarget(document.createElement('div'))).toBe(false);
    expect(isActivatableTarget(null)).toBe(false);
  });

  it("outlines the face pass's crop around the pose's head while it is on, and nothing when it is off or absent", () => {
    const spec = makeDefaultTemplateSpec();
    const rect = findFacePassRect(spec)!;
    const [noseX, noseY] = spec.pose!.keypoints[0]!;
    expect(noseX * spec.canvas.width).toBeGreaterThan(rect.x);
    expect(noseX * spec.canvas.width).toBeLessThan(rect.x + rect.width);
    expect(noseY * spec.canvas.height).toBeGreaterThan(rect.y);
    expect(noseY * spec.canvas.height).toBeLessThan(rect.y + rect.height);
    expect(findFacePassRect({ ...spec, subject: { ...spec.subject, facePass: { enabled: false, denoise: 0.35 } } })).toBeNull();
    const { facePass: _facePass, ...subject } = spec.subject;
    expect(findFacePassRect({ ...spec, subject })).toBeNull();
  });
});
