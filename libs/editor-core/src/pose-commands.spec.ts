import { describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import type { Keypoint } from '@atelier/template-spec';
import type { EditorState } from './editor-state.js';
import { undo } from './editor-history.js';
import { listHiddenJoints } from './pose-commands.js';
import { findPosePreset, fitPresetKeypoints, STANDING_FRONT_PRESET } from './pose-presets.js';
import { applyCommands, makeEditorState, makeSpec, readJoint } from './testing/make-editor-state.js';

const [NOSE, NECK, R_SHOULDER, R_ELBOW, R_WRIST, L_SHOULDER, L_ELBOW, L_WRIST, R_HIP, R_KNEE, R_ANKLE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const keypointsOf = (state: EditorState) => state.document.spec.pose!.keypoints;
const chainOff = { isLimbChainDraggingEnabled: false };

function expectMovedBy(before: EditorState, after: EditorState, indices: number[], dx: number, dy: number) {
  keypointsOf(before).forEach((point, index) => {
    const moved = keypointsOf(after)[index]!;
    if (!indices.includes(index)) return expectLabelled(moved, `joint ${index} stays`).toEqual(point);
    expectLabelled(moved[0], `joint ${index} x`).toBeCloseTo(point![0] + dx, 10);
    expectLabelled(moved[1], `joint ${index} y`).toBeCloseTo(point![1] + dy, 10);
  });
}

describe('moveJoint', () => {
  it('moves only that joint when limb-chain dragging is off', () => {
    const state = makeEditorState({}, chainOff);
    const moved = applyCommands(state, { type: 'moveJoint', index: R_ELBOW, point: { x: 0.3, y: 0.4 } });
    expect(readJoint(moved, R_ELBOW)).toEqual([0.3, 0.4]);
    expectMovedBy(state, moved, [R_ELBOW], -0.03, 0.01);
  });

  it('drags the wrist with the elbow, and the whole arm with the shoulder', () => {
    const state = makeEditorState();
    const [ex, ey] = readJoint(state, R_ELBOW);
    const elbow = applyCommands(state, { type: 'moveJoint', index: R_ELBOW, point: { x: ex + 0.05, y: ey - 0.02 } });
    expectMovedBy(state, elbow, [R_ELBOW, R_WRIST], 0.05, -0.02);
    const [sx, sy] = readJoint(state, L_SHOULDER);
    const shoulder = applyCommands(state, { type: 'moveJoint', index: L_SHOULDER, point: { x: sx, y: sy + 0.03 } });
    expectMovedBy(state, shoulder, [L_SHOULDER, L_ELBOW, L_WRIST], 0, 0.03);
  });

  it('drags knee and ankle with the hip', () => {
    const state = makeEditorState();
    const [hx, hy] = readJoint(state, R_HIP);
    const moved = applyCommands(state, { type: 'moveJoint', index: R_HIP, point: { x: hx - 0.02, y: hy } });
    expectMovedBy(state, moved, [R_HIP, R_KNEE, R_ANKLE], -0.02, 0);
  });

  it('leans the upper body with the neck and keeps the hips planted', () => {
    const state = makeEditorState();
    const [nx, ny] = readJoint(state, NECK);
    const moved = applyCommands(state, { type: 'moveJoint', index: NECK, point: { x: nx + 0.04, y: ny } });
    expectMovedBy(state, moved, [NOSE, NECK, 2, 3, 4, 5, 6, 7, 14, 15, 16, 17], 0.04, 0);
  });

  it('moves a chain rigidly: it stops when a follower reaches the canvas edge', () => {
    const state = makeEditorState();
    const [, wristY] = readJoint(state, R_WRIST);
    const [ex, ey] = readJoint(state, R_ELBOW);
    const moved = applyCommands(state, { type: 'moveJoint', index: R_ELBOW, point: { x: ex, y: ey + 0.9 } });
    expect(readJoint(moved, R_WRIST)[1]).toBe(1);
    expect(readJoint(moved, R_ELBOW)[1]).toBeCloseTo(ey + (1 - wristY), 10);
  });

  it('clamps a lone joint to the canvas', () => {
    const moved = applyCommands(makeEditorState({}, chainOff), { type: 'moveJoint', index: NOSE, point: { x: -0.5, y: 2 } });
    expect(readJoint(moved, NOSE)).toEqual([0, 1]);
  });

  it('snaps the dragged joint exactly onto a guide when snapping is on', () => {
    const state = makeEditorState({}, { isSnappingEnabled: true });
    const moved = applyCommands(state, { type: 'moveJoint', index: R_WRIST, point: { x: 0.335, y: 0.6 } });
    expect(readJoint(moved, R_WRIST)).toEqual([1 / 3, 0.6]);
  });

  it('leaves hidden followers hidden', () => {
    const state = applyCommands(makeEditorState(), { type: 'hideJoint', index: R_WRIST });
    const moved = applyCommands(state, { type: 'moveJoint', index: R_ELBOW, point: { x: 0.2, y: 0.4 } });
    expect(keypointsOf(moved)[R_WRIST]).toBeNull();
  });

  it('does nothing to a hidden joint, without a pose, or with the pose layer locked', () => {
    const hidden = applyCommands(makeEditorState(), { type: 'hideJoint', index: NOSE });
    expect(applyCommands(hidden, { type: 'moveJoint', index: NOSE, point: { x: 0.1, y: 0.1 } }).document).toBe(hidden.document);
    const noPose = makeEditorState({ pose: null });
    expect(applyCommands(noPose, { type: 'moveJoint', index: NOSE, point: { x: 0.1, y: 0.1 } })).toBe(noPose);
    const locked = applyCommands(makeEditorState(), { type: 'setLayerLock', layer: 'pose', isLocked: true });
    expect(applyCommands(locked, { type: 'moveJoint', index: NOSE, point: { x: 0.1, y: 0.1 } })).toBe(locked);
  });
});

describe('hideJoint and showJoint', () => {
  it('hide a joint as null in the spec, and show it again where it was', () => {
    const state = makeEditorState();
    const hidden = applyCommands(state, { type: 'hideJoint', index: L_WRIST });
    expect(keypointsOf(hidden)[L_WRIST]).toBeNull();
    expect(listHiddenJoints(hidden)).toEqual([L_WRIST]);
    const shown = applyCommands(hidden, { type: 'showJoint', index: L_WRIST });
    expect(keypointsOf(shown)).toEqual(keypointsOf(state));
    expect(shown.document.hiddenJointPositions[L_WRIST]).toBeNull();
  });

  it('show a joint that was never placed where the standing preset puts it', () => {
    const keypoints: Keypoint[] = makeSpec().pose!.keypoints.map((point, index) => (index === NOSE ? null : point));
    const shown = applyCommands(makeEditorState({ pose: { keypoints, strength: 1 } }), { type: 'showJoint', index: NOSE });
    const expected = fitPresetKeypoints(STANDING_FRONT_PRESET.keypoints, makeSpec().canvas)[NOSE];
    expect(readJoint(shown, NOSE)).toEqual(expected);
  });

  it('drop a hidden joint from the selection', () => {
    const selected = applyCommands(makeEditorState(), { type: 'select', ids: ['joint:4', 'light:key'] });
    expect(applyCommands(selected, { type: 'hideJoint', index: 4 }).selection).toEqual(['light:key']);
  });

  it('undo together with the remembered position', () => {
    const hidden = applyCommands(makeEditorState(), { type: 'hideJoint', index: 4 });
    expect(undo(hidden).document.hiddenJointPositions[4]).toBeNull();
  });

  it('ignore joints that are already hidden or shown, and indices outside 0..17', () => {
    const state = makeEditorState();
    expect(applyCommands(state, { type: 'showJoint', index: 3 })).toBe(state);
    expect(applyCommands(state, { type: 'hideJoint', index: 18 })).toBe(state);
    expect(applyCommands(state, { type: 'showJoint', index: -1 })).toBe(state);
  });
});

function centreOf(state: EditorState): [number, number] {
  const present = keypointsOf(state).filter((point): point is [number, number] => point !== null);
  const xs = present.map((point) => point[0]);
  const ys = present.map((point) => point[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

describe('scalePose, rotatePose and mirrorPose', () => {
  it('scale about the centre of the skeleton', () => {
    const state = makeEditorState();
    const scaled = applyCommands(state, { type: 'scalePose', factor: 0.5 });
    const [cx, cy] = centreOf(state);
    expect(centreOf(scaled)[0]).toBeCloseTo(cx, 10);
    expect(centreOf(scaled)[1]).toBeCloseTo(cy, 10);
    const [nx, ny] = readJoint(state, NOSE);
    expect(readJoint(scaled, NOSE)[0]).toBeCloseTo(cx + (nx - cx) * 0.5, 10);
    expect(readJoint(scaled, NOSE)[1]).toBeCloseTo(cy + (ny - cy) * 0.5, 10);
  });

  it('stop growing the skeleton when it fills the canvas', () => {
    const scaled = applyCommands(makeEditorState(), { type: 'scalePose', factor: 5 });
    const present = keypointsOf(scaled).filter((point) => point !== null);
    const ys = present.map((point) => point![1]);
    expect(Math.min(...ys)).toBeCloseTo(0, 10);
    expect(Math.max(...ys)).toBeCloseTo(1, 10);
    expect(present.every((point) => point![0] >= 0 && point![0] <= 1)).toBe(true);
  });

  it('ignore a scale factor that is zero, negative or not a number', () => {
    const state = makeEditorState();
    for (const factor of [0, -2, Number.NaN, 1]) expect(applyCommands(state, { type: 'scalePose', factor })).toBe(state);
  });

  it('rotate in canvas px, clockwise on screen, keeping limb lengths on a non-square canvas', () => {
    const state = makeEditorState();
    const rotated = applyCommands(state, { type: 'rotatePose', degrees: 90 });
    const { width, height } = state.document.spec.canvas;
    const length = (s: EditorState, a: number, b: number) =>
      Math.hypot((readJoint(s, a)[0] - readJoint(s, b)[0]) * width, (readJoint(s, a)[1] - readJoint(s, b)[1]) * height);
    expect(length(rotated, R_SHOULDER, R_ELBOW)).toBeCloseTo(length(state, R_SHOULDER, R_ELBOW), 6);
    // A quarter turn clockwise puts the head (above the centre) to the right of it.
    expect(readJoint(rotated, NOSE)[0]).toBeGreaterThan(readJoint(rotated, R_ANKLE)[0]);
    expect(applyCommands(state, { type: 'rotatePose', degrees: 360 })).toBe(state);
  });

  it('mirror left-right and swap the sides, so the mirrored hand-on-hip has its left hand on the hip', () => {
    const handOnHip = applyCommands(makeEditorState(), { type: 'applyPosePreset', presetId: 'hand-on-hip' });
    const mirrored = applyCommands(handOnHip, { type: 'mirrorPose' });
    const [cx] = centreOf(handOnHip);
    const rightWrist = readJoint(handOnHip, R_WRIST);
    expect(readJoint(mirrored, L_WRIST)[0]).toBeCloseTo(2 * cx - rightWrist[0], 10);
    expect(readJoint(mirrored, L_WRIST)[1]).toBe(rightWrist[1]);
    // The subject still faces the camera: their right shoulder stays on image left.
    expect(readJoint(mirrored, R_SHOULDER)[0]).toBeLessThan(readJoint(mirrored, L_SHOULDER)[0]);
    const twice = applyCommands(mirrored, { type: 'mirrorPose' });
    keypointsOf(twice).forEach((point, index) => expect(point![0]).toBeCloseTo(readJoint(handOnHip, index)[0], 10));
  });

  it('carry hidden joints along, so showing one after a mirror puts it on the mirrored side', () => {
    const state = makeEditorState();
    const hidden = applyCommands(state, { type: 'hideJoint', index: R_WRIST });
    const [cx] = centreOf(hidden);
    const mirrored = applyCommands(hidden, { type: 'mirrorPose' });
    expect(keypointsOf(mirrored)[L_WRIST]).toBeNull();
    const shown = applyCommands(mirrored, { type: 'showJoint', index: L_WRIST });
    expect(readJoint(shown, L_WRIST)[0]).toBeCloseTo(2 * cx - readJoint(state, R_WRIST)[0], 10);
    expect(readJoint(shown, L_WRIST)[1]).toBe(readJoint(state, R_WRIST)[1]);
  });
});

describe('applyPosePreset', () => {
  it('replaces the keypoints with the preset fitted to the canvas and keeps the strength', () => {
    const state = makeEditorState({ pose: { ...makeSpec().pose!, strength: 0.6 } });
    const seated = applyCommands(state, { type: 'applyPosePreset', presetId: 'seated' });
    expect(seated.document.spec.pose).toEqual({
      keypoints: fitPresetKeypoints(findPosePreset('seated')!.keypoints, state.document.spec.canvas),
      strength: 0.6,
    });
  });

  it('creates a pose at strength 1 when there was none', () => {
    const state = applyCommands(makeEditorState({ pose: null }), { type: 'applyPosePreset', presetId: 'half-body-portrait' });
    expect(state.document.spec.pose?.strength).toBe(1);
    expect(listHiddenJoints(state)).toEqual([9, 10, 12, 13]);
  });

  it('ignores an unknown preset', () => {
    const state = makeEditorState();
    expect(applyCommands(state, { type: 'applyPosePreset', presetId: 'moonwalk' })).toBe(state);
  });
});
