import { describe, expect, it } from '@jest/globals';
import type { SubjectFrame } from '@atelier/template-spec';
import type { EditorState } from './editor-state.js';
import { applyCommands, makeEditorState, makeSpec } from './testing/make-editor-state.js';

const FRAME: SubjectFrame = { x: 0.2, y: 0.1, w: 0.5, h: 0.6 };
const withFrame = (options = {}) =>
  makeEditorState({ subject: { ...makeSpec().subject, frame: FRAME } }, options);
const frameOf = (state: EditorState) => state.document.spec.subject.frame;

describe('moveSubjectFrame', () => {
  it('moves the frame by its top-left corner', () => {
    expect(frameOf(applyCommands(withFrame(), { type: 'moveSubjectFrame', topLeft: { x: 0.3, y: 0.05 } }))).toEqual({
      ...FRAME,
      x: 0.3,
      y: 0.05,
    });
  });

  it('keeps the whole frame inside the canvas', () => {
    const moved = frameOf(applyCommands(withFrame(), { type: 'moveSubjectFrame', topLeft: { x: 0.9, y: -0.4 } }));
    expect(moved.x).toBeCloseTo(0.5);
    expect(moved.y).toBe(0);
  });

  it('snaps an edge or its centre to a guide when snapping is on', () => {
    const snapping = withFrame({ isSnappingEnabled: true });
    // Right edge at 0.335 + 0.5 = 0.835: nothing near. Left edge 0.335 is near the third at 0.333.
    expect(frameOf(applyCommands(snapping, { type: 'moveSubjectFrame', topLeft: { x: 0.335, y: 0.1 } })).x).toBeCloseTo(1 / 3, 10);
    // Centre at 0.248 + 0.25 = 0.498 is near the centre line.
    expect(frameOf(applyCommands(snapping, { type: 'moveSubjectFrame', topLeft: { x: 0.248, y: 0.1 } })).x).toBeCloseTo(0.25, 10);
  });
});

describe('resizeSubjectFrame', () => {
  it('moves only the dragged edges', () => {
    const se = frameOf(applyCommands(withFrame(), { type: 'resizeSubjectFrame', handle: 'se', point: { x: 0.9, y: 0.8 } }));
    expect(se.x).toBe(0.2);
    expect(se.y).toBe(0.1);
    expect(se.w).toBeCloseTo(0.7);
    expect(se.h).toBeCloseTo(0.7);
    const w = frameOf(applyCommands(withFrame(), { type: 'resizeSubjectFrame', handle: 'w', point: { x: 0.1, y: 0.95 } }));
    expect(w).toMatchObject({ x: 0.1, y: 0.1, h: 0.6 });
    expect(w.x + w.w).toBeCloseTo(0.7);
  });

  it('never flips the frame or shrinks it below the minimum side', () => {
    const squashed = frameOf(applyCommands(withFrame(), { type: 'resizeSubjectFrame', handle: 'nw', point: { x: 0.95, y: 0.95 } }));
    expect(squashed.w).toBeCloseTo(0.02);
    expect(squashed.h).toBeCloseTo(0.02);
    expect(squashed.x + squashed.w).toBeCloseTo(0.7);
    expect(squashed.y + squashed.h).toBeCloseTo(0.7);
  });

  it('stops at the canvas edges', () => {
    const grown = frameOf(applyCommands(withFrame(), { type: 'resizeSubjectFrame', handle: 'ne', point: { x: 1.5, y: -0.5 } }));
    expect(grown.y).toBe(0);
    expect(grown.x + grown.w).toBe(1);
  });
});

describe('setSubjectFrame', () => {
  it('clamps the size, then moves the frame inside the canvas, keeping key order', () => {
    const frame = frameOf(applyCommands(withFrame(), { type: 'setSubjectFrame', frame: { x: 0.8, y: 0.5, w: 0.5, h: 0 } }));
    expect(frame).toEqual({ x: 0.5, y: 0.5, w: 0.5, h: 0.02 });
    expect(Object.keys(frame)).toEqual(['x', 'y', 'w', 'h']);
  });

  it('does nothing while the subject frame layer is locked', () => {
    const locked = applyCommands(withFrame(), { type: 'setLayerLock', layer: 'subjectFrame', isLocked: true });
    expect(applyCommands(locked, { type: 'setSubjectFrame', frame: { x: 0, y: 0, w: 1, h: 1 } }).document).toBe(locked.document);
  });
});
