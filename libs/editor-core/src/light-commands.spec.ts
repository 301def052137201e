import { describe, expect, it } from '@jest/globals';
import { LIGHT_KINDS, MAX_LIGHTS, type Light } from '@atelier/template-spec';
import type { EditorState } from './editor-state.js';
import { LIGHT_DEFAULTS } from './light-commands.js';
import { applyCommands, makeEditorState, makeSpec } from './testing/make-editor-state.js';

const lightsOf = (state: EditorState) => state.document.spec.lighting.lights;
const lightNamed = (state: EditorState, id: string) => lightsOf(state)[state.document.lightIds.indexOf(id)];

describe('addLight', () => {
  it.each(LIGHT_KINDS.map((kind) => [kind]))('adds a %s light with its defaults and selects it', (kind) => {
    const state = applyCommands(makeEditorState({ lighting: { lights: [], strength: 0.5 } }), { type: 'addLight', kind });
    expect(lightsOf(state)).toEqual([{ id: kind, kind, ...LIGHT_DEFAULTS[kind] }]);
    expect(state.selection).toEqual([`light:${kind}`]);
  });

  it('gives a new light an id no other light has, with keys in schema order', () => {
    const state = applyCommands(makeEditorState(), { type: 'addLight', kind: 'key' }, { type: 'addLight', kind: 'key' });
    expect(state.document.lightIds).toEqual(['key', 'fill', 'key-2', 'key-3']);
    expect(Object.keys(lightsOf(state)[2]!)).toEqual(['id', 'kind', 'x', 'y', 'radius', 'intensity', 'colorTemperatureK']);
  });

  it('drops the light where asked, inside the canvas', () => {
    const state = applyCommands(makeEditorState(), { type: 'addLight', kind: 'rim', point: { x: 1.4, y: 0.3 } });
    expect(lightNamed(state, 'rim')).toMatchObject({ x: 1, y: 0.3 });
  });

  it('adds nothing past MAX_LIGHTS or while the lights layer is locked', () => {
    let full = makeEditorState();
    for (let count = 2; count < MAX_LIGHTS; count += 1) full = applyCommands(full, { type: 'addLight', kind: 'fill' });
    expect(lightsOf(full)).toHaveLength(MAX_LIGHTS);
    expect(applyCommands(full, { type: 'addLight', kind: 'fill' })).toBe(full);
    const locked = applyCommands(makeEditorState(), { type: 'setLayerLock', layer: 'lights', isLocked: true });
    expect(applyCommands(locked, { type: 'addLight', kind: 'key' })).toBe(locked);
  });
});

describe('moving and setting a light', () => {
  it('moves a light and keeps it on the canvas', () => {
    const state = applyCommands(makeEditorState(), { type: 'moveLight', lightId: 'fill', point: { x: 0.1, y: -3 } });
    expect(lightNamed(state, 'fill')).toMatchObject({ x: 0.1, y: 0 });
    expect(lightNamed(state, 'key')).toEqual(makeSpec().lighting.lights[0]);
  });

  it('clamps radius to 0.01..1, intensity to 0..2 and colour temperature to whole kelvin in 2000..10000', () => {
    const set = (command: Parameters<typeof applyCommands>[1]) => lightNamed(applyCommands(makeEditorState(), command), 'key');
    expect(set({ type: 'setLightRadius', lightId: 'key', radius: 0 })?.radius).toBe(0.01);
    expect(set({ type: 'setLightRadius', lightId: 'key', radius: 3 })?.radius).toBe(1);
    expect(set({ type: 'setLightIntensity', lightId: 'key', intensity: 2.5 })?.intensity).toBe(2);
    expect(set({ type: 'setLightIntensity', lightId: 'key', intensity: 0.75 })?.intensity).toBe(0.75);
    expect(set({ type: 'setLightColorTemperature', lightId: 'key', kelvin: 1500 })?.colorTemperatureK).toBe(2000);
    expect(set({ type: 'setLightColorTemperature', lightId: 'key', kelvin: 3200.6 })?.colorTemperatureK).toBe(3201);
    expect(set({ type: 'setLightColorTemperature', lightId: 'key', kelvin: 12_000 })?.colorTemperatureK).toBe(10_000);
  });

  it('edits a light without an id through its editor id and leaves it without one', () => {
    const anonymous: Light = { kind: 'ambient', x: 0.5, y: 0.5, radius: 1, intensity: 0.2, colorTemperatureK: 5000 };
    const state = makeEditorState({ lighting: { lights: [anonymous], strength: 0.5 } });
    const edited = applyCommands(state, { type: 'setLightIntensity', lightId: 'unnamed-1', intensity: 0.4 });
    expect(lightsOf(edited)).toEqual([{ ...anonymous, intensity: 0.4 }]);
  });

  it('ignores a light id that does not exist', () => {
    const state = makeEditorState();
    expect(applyCommands(state, { type: 'moveLight', lightId: 'rim', point: { x: 0.2, y: 0.2 } })).toBe(state);
  });
});
