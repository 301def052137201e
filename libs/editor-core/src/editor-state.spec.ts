import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec, type Light } from '@atelier/template-spec';
import {
  createEditorState,
  findElementLayer,
  isElementSelectable,
  listElementIds,
  toTemplateSpec,
  DEFAULT_EDITOR_OPTIONS,
} from './editor-state.js';
import { setLayerLock, setLayerVisibility } from './layer-commands.js';
import { ASSET_ID, makeSpec } from './testing/make-editor-state.js';

const light = (id: string | undefined, kind: Light['kind'] = 'fill'): Light => ({
  ...(id === undefined ? {} : { id }),
  kind,
  x: 0.5,
  y: 0.5,
  radius: 0.3,
  intensity: 1,
  colorTemperatureK: 5600,
});

describe('createEditorState and toTemplateSpec', () => {
  it('give back the default spec exactly, key order included', () => {
    const spec = makeDefaultTemplateSpec();
    const roundTripped = toTemplateSpec(createEditorState(spec));
    expect(JSON.stringify(roundTripped)).toBe(JSON.stringify(spec));
  });

  it('keep an unusual key order as it came', () => {
    const { sampler, ...rest } = makeDefaultTemplateSpec();
    const reordered = { sampler, ...rest, canvas: { height: 1216, width: 832 } };
    expect(JSON.stringify(toTemplateSpec(createEditorState(reordered)))).toBe(JSON.stringify(reordered));
  });

  it('copy the spec in and out, so neither side can change the other', () => {
    const spec = makeDefaultTemplateSpec();
    const state = createEditorState(spec);
    spec.canvas.width = 1024;
    const out = toTemplateSpec(state);
    out.subject.frame.x = 0.9;
    expect(state.document.spec.canvas.width).toBe(832);
    expect(toTemplateSpec(state).subject.frame.x).toBe(0.2);
  });

  it('starts with nothing selected, every layer shown and unlocked, zoom 1 and no history', () => {
    const state = createEditorState(makeDefaultTemplateSpec());
    expect(state.selection).toEqual([]);
    expect(Object.values(state.layers).every((layer) => layer.isVisible && !layer.isLocked)).toBe(true);
    expect(Object.keys(state.layers)).toEqual(['reference', 'subjectFrame', 'pose', 'lights', 'guides']);
    expect(state.view).toEqual({ zoom: 1, panX: 0, panY: 0 });
    expect(state.options).toEqual(DEFAULT_EDITOR_OPTIONS);
    expect(state.history).toMatchObject({ undoStack: [], redoStack: [], gesture: null, limit: 200 });
    expect(state.document.hiddenJointPositions).toEqual(Array(18).fill(null));
  });
});

describe('light editor ids', () => {
  it('are the spec ids when lights have them', () => {
    expect(createEditorState(makeSpec()).document.lightIds).toEqual(['key', 'fill']);
  });

  it('are editor-only for lights without an id, which stay without one in the spec', () => {
    const spec = makeSpec({ lighting: { lights: [light(undefined), light('rim'), light(undefined)], strength: 0.5 } });
    const state = createEditorState(spec);
    expect(state.document.lightIds).toEqual(['unnamed-1', 'rim', 'unnamed-2']);
    expect(toTemplateSpec(state).lighting.lights[0]).not.toHaveProperty('id');
  });

  it('never collide with a real id', () => {
    const spec = makeSpec({ lighting: { lights: [light(undefined), light('unnamed-1')], strength: 0.5 } });
    expect(createEditorState(spec).document.lightIds).toEqual(['unnamed-2', 'unnamed-1']);
  });
});

describe('elements', () => {
  it('lists the reference only when placed, present joints and every light', () => {
    const keypoints = makeSpec().pose!.keypoints.map((point, index) => (index === 0 ? point : null));
    const withoutReference = createEditorState(makeSpec({ pose: { keypoints, strength: 1 } }));
    expect(listElementIds(withoutReference.document)).toEqual(['subjectFrame', 'joint:0', 'light:key', 'light:fill']);
    const reference = { assetId: ASSET_ID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 };
    const withReference = createEditorState(makeSpec({ pose: null, reference }));
    expect(listElementIds(withReference.document)).toEqual(['reference', 'subjectFrame', 'light:key', 'light:fill']);
  });

  it('maps each element to its layer', () => {
    expect(['reference', 'subjectFrame', 'joint:4', 'light:key', 'nope'].map(findElementLayer)).toEqual([
      'reference',
      'subjectFrame',
      'pose',
      'lights',
      null,
    ]);
  });

  it('can be selected only when it exists on a shown, unlocked layer', () => {
    const state = createEditorState(makeSpec());
    expect(isElementSelectable(state, 'joint:4')).toBe(true);
    expect(isElementSelectable(state, 'light:nope')).toBe(false);
    expect(isElementSelectable(state, 'reference')).toBe(false);
    expect(isElementSelectable(setLayerVisibility(state, 'pose', false), 'joint:4')).toBe(false);
    expect(isElementSelectable(setLayerLock(state, 'lights', true), 'light:key')).toBe(false);
  });
});
