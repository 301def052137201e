import { describe, expect, it } from '@jest/globals';
import { runEditorAction } from './editor-action.js';
import { resolveShortcut } from './keyboard-shortcuts.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';
import { screenToCanvas } from './viewport.js';

const VIEWPORT = { width: 1200, height: 800 };

describe('runEditorAction', () => {
  it('runs a shortcut end to end: select, nudge with shift+arrow, undo, redo', () => {
    const selected = applyCommands(makeEditorState(), { type: 'select', ids: ['light:key'] });
    const nudge = resolveShortcut({ key: 'ArrowRight', mod: false, shift: true, alt: false })!.action;
    const nudged = runEditorAction(selected, nudge, VIEWPORT);
    expect(nudged.document.spec.lighting.lights[0]!.x).toBeCloseTo(0.28 + 10 / 832, 12);
    const undone = runEditorAction(nudged, { type: 'undo' }, VIEWPORT);
    expect(undone.document).toBe(selected.document);
    expect(runEditorAction(undone, { type: 'redo' }, VIEWPORT).document).toBe(nudged.document);
  });

  it('zooms in and out about the viewport centre', () => {
    const state = makeEditorState();
    const centre = { x: 600, y: 400 };
    const zoomedIn = runEditorAction(state, { type: 'zoomIn' }, VIEWPORT);
    expect(zoomedIn.view.zoom).toBe(1.5);
    expect(screenToCanvas(zoomedIn.view, centre)).toEqual(screenToCanvas(state.view, centre));
    expect(runEditorAction(state, { type: 'zoomOut' }, VIEWPORT).view.zoom).toBe(0.75);
  });

  it('fits the canvas and goes back to 100 %', () => {
    const fitted = runEditorAction(makeEditorState(), { type: 'zoomToFit' }, VIEWPORT);
    expect(fitted.view.zoom).toBeCloseTo((800 - 64) / 1216, 12);
    expect(runEditorAction(fitted, { type: 'zoomToActualSize' }, VIEWPORT).view.zoom).toBe(1);
  });
});
