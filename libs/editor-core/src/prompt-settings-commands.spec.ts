import { describe, expect, it } from '@jest/globals';
import { LIKENESS_MAX, MAX_STYLE_LORAS, PROMPT_MAX_LENGTH, computeSpecHash } from '@atelier/template-spec';
import { canRedo, redo, undo, beginGesture, endGesture } from './editor-history.js';
import { applyCommand } from './editor-command.js';
import { toTemplateSpec } from './editor-state.js';
import { applyCommands, makeEditorState } from './testing/make-editor-state.js';

const LORA_A = '11111111-1111-4111-8111-111111111111';
const LORA_B = '22222222-2222-4222-8222-222222222222';
const loraIds = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

describe('prompt commands', () => {
  it('sets the positive and negative prompt as one undo step each', () => {
    const start = makeEditorState();
    const state = applyCommands(start, { type: 'setPrompt', text: 'portrait of {subject}' }, { type: 'setNegativePrompt', text: 'blurry' });
    expect(state.document.spec.prompt).toEqual({ positive: 'portrait of {subject}', negative: 'blurry' });
    expect(undo(undo(state)).document.spec.prompt).toEqual(start.document.spec.prompt);
  });

  it('keeps unknown slots so a designer can type through them, and cuts at PROMPT_MAX_LENGTH', () => {
    expect(applyCommands(makeEditorState(), { type: 'setPrompt', text: 'a {hair}' }).document.spec.prompt.positive).toBe('a {hair}');
    const long = applyCommands(makeEditorState(), { type: 'setPrompt', text: 'x'.repeat(PROMPT_MAX_LENGTH + 5) });
    expect(long.document.spec.prompt.positive).toHaveLength(PROMPT_MAX_LENGTH);
  });

  it('records typing inside a gesture as one undo step, and the same text as none', () => {
    const start = makeEditorState();
    let state = beginGesture(start, 'Edit prompt');
    for (const text of ['a', 'a p', 'a po', 'a portrait']) state = applyCommand(state, { type: 'setPrompt', text });
    state = endGesture(state);
    expect(state.history.undoStack).toHaveLength(1);
    expect(undo(state).document.spec.prompt.positive).toBe(start.document.spec.prompt.positive);
    expect(canRedo(undo(state))).toBe(true);
    expect(redo(undo(state)).document.spec.prompt.positive).toBe('a portrait');
    const same = applyCommand(start, { type: 'setPrompt', text: start.document.spec.prompt.positive });
    expect(same).toBe(start);
  });
});

describe('style LoRA commands', () => {
  it('adds a LoRA at its weight clamped to its own range, once', () => {
    const state = applyCommands(
      makeEditorState(),
      { type: 'addStyleLora', loraId: LORA_A, weight: 0.8 },
      { type: 'addStyleLora', loraId: LORA_B, weight: 3, range: { min: 0, max: 1.5 } },
      { type: 'addStyleLora', loraId: LORA_A, weight: 0.2 },
    );
    expect(state.document.spec.styleLoras).toEqual([
      { loraId: LORA_A, weight: 0.8 },
      { loraId: LORA_B, weight: 1.5 },
    ]);
    expect(Object.keys(state.document.spec.styleLoras[0]!)).toEqual(['loraId', 'weight']);
  });

  it('adds nothing past MAX_STYLE_LORAS', () => {
    const ids = loraIds(MAX_STYLE_LORAS + 1);
    const state = applyCommands(makeEditorState(), ...ids.map((loraId) => ({ type: 'addStyleLora' as const, loraId, weight: 1 })));
    expect(state.document.spec.styleLoras.map((entry) => entry.loraId)).toEqual(ids.slice(0, MAX_STYLE_LORAS));
  });

  it('sets a weight within the range and removes a LoRA; undo brings it back', () => {
    const added = applyCommands(makeEditorState(), { type: 'addStyleLora', loraId: LORA_A, weight: 1 }, { type: 'addStyleLora', loraId: LORA_B, weight: 1 });
    const weighted = applyCommands(added, { type: 'setStyleLoraWeight', loraId: LORA_B, weight: -2, range: { min: -1, max: 2 } });
    expect(weighted.document.spec.styleLoras[1]).toEqual({ loraId: LORA_B, weight: -1 });
    expect(applyCommands(weighted, { type: 'setStyleLoraWeight', loraId: LORA_B, weight: 500 }).document.spec.styleLoras[1]!.weight).toBe(100);
    const removed = applyCommands(weighted, { type: 'removeStyleLora', loraId: LORA_A });
    expect(removed.document.spec.styleLoras).toEqual([{ loraId: LORA_B, weight: -1 }]);
    expect(undo(removed).document.spec.styleLoras).toEqual(weighted.document.spec.styleLoras);
    expect(applyCommands(removed, { type: 'removeStyleLora', loraId: LORA_A })).toBe(removed);
    expect(applyCommands(removed, { type: 'setStyleLoraWeight', loraId: LORA_A, weight: 1 })).toBe(removed);
  });
});

describe('setLikeness', () => {
  const likenessOf = (state: ReturnType<typeof makeEditorState>) => state.document.spec.subject.likeness;

  it('clamps each value to 0..LIKENESS_MAX', () => {
    const state = applyCommands(makeEditorState(), { type: 'setLikeness', likeness: { max: 9 } }, { type: 'setLikeness', likeness: { default: -1 } });
    expect(likenessOf(state)).toEqual({ default: 0, max: LIKENESS_MAX });
  });

  it('keeps default <= max: a higher default raises the maximum, a lower maximum lowers the default', () => {
    const start = makeEditorState({ subject: { ...makeEditorState().document.spec.subject, likeness: { default: 0.9, max: 1.2 } } });
    expect(likenessOf(applyCommands(start, { type: 'setLikeness', likeness: { default: 1.4 } }))).toEqual({ default: 1.4, max: 1.4 });
    expect(likenessOf(applyCommands(start, { type: 'setLikeness', likeness: { max: 0.5 } }))).toEqual({ default: 0.5, max: 0.5 });
    expect(likenessOf(applyCommands(start, { type: 'setLikeness', likeness: { default: 1.3, max: 1 } }))).toEqual({ default: 1, max: 1 });
    expect(applyCommands(start, { type: 'setLikeness', likeness: { default: 0.9 } })).toBe(start);
  });
});

describe('setFacePass', () => {
  const withoutFacePass = () => {
    const { facePass: _facePass, ...subject } = makeEditorState().document.spec.subject;
    return makeEditorState({ subject });
  };

  it('turns the face pass off and on and sets its denoise within 0.1..0.6, one undo step each', () => {
    const start = makeEditorState();
    expect(start.document.spec.subject.facePass).toEqual({ enabled: true, denoise: 0.35 });
    const off = applyCommands(start, { type: 'setFacePass', facePass: { enabled: false } });
    expect(off.document.spec.subject.facePass).toEqual({ enabled: false, denoise: 0.35 });
    const strong = applyCommands(off, { type: 'setFacePass', facePass: { enabled: true, denoise: 0.9 } });
    expect(strong.document.spec.subject.facePass).toEqual({ enabled: true, denoise: 0.6 });
    expect(applyCommands(strong, { type: 'setFacePass', facePass: { denoise: 0 } }).document.spec.subject.facePass!.denoise).toBe(0.1);
    expect(undo(strong).document.spec.subject.facePass).toEqual(off.document.spec.subject.facePass);
    expect(applyCommands(strong, { type: 'setFacePass', facePass: { enabled: true } })).toBe(strong);
  });

  it('leaves a spec saved before the face pass without one until the designer changes it', () => {
    const saved = withoutFacePass();
    expect(applyCommands(saved, { type: 'setFacePass', facePass: { enabled: false } })).toBe(saved);
    const on = applyCommands(saved, { type: 'setFacePass', facePass: { enabled: true } });
    expect(toTemplateSpec(on).subject.facePass).toEqual({ enabled: true, denoise: 0.35 });
    expect('facePass' in toTemplateSpec(undo(on)).subject).toBe(false);
  });
});

describe('setIdentityMode', () => {
  it('switches to InstantID and back to the identity LoRA, leaving the spec (and its hash) as it was; one undo step each', () => {
    const start = makeEditorState();
    expect('identity' in start.document.spec.subject).toBe(false);
    const instantId = applyCommands(start, { type: 'setIdentityMode', mode: 'instantid' });
    expect(instantId.document.spec.subject.identity).toEqual({ mode: 'instantid' });
    expect(applyCommands(instantId, { type: 'setIdentityMode', mode: 'instantid' })).toBe(instantId);
    const back = applyCommands(instantId, { type: 'setIdentityMode', mode: 'lora' });
    expect(back.document.spec.subject).toEqual(start.document.spec.subject);
    expect(computeSpecHash(toTemplateSpec(back))).toBe(computeSpecHash(toTemplateSpec(start)));
    expect(undo(instantId).document.spec.subject).toEqual(start.document.spec.subject);
    expect(applyCommands(start, { type: 'setIdentityMode', mode: 'lora' })).toBe(start);
    expect(applyCommands(start, { type: 'setIdentityMode', mode: 'faceswap' as never })).toBe(start);
  });
});

describe('setSampler', () => {
  it('rounds and clamps numbers to the schema and ignores unknown names', () => {
    const state = applyCommands(makeEditorState(), {
      type: 'setSampler',
      settings: { steps: 200.4, cfg: -3, denoise: 1.7, sampler: 'euler', scheduler: 'bogus' as never },
    });
    expect(state.document.spec.sampler).toEqual({ steps: 150, cfg: 0, sampler: 'euler', scheduler: 'karras', denoise: 1 });
    expect(Object.keys(state.document.spec.sampler)).toEqual(['steps', 'cfg', 'sampler', 'scheduler', 'denoise']);
    expect(toTemplateSpec(undo(state)).sampler).toEqual(makeEditorState().document.spec.sampler);
  });

  it('changes nothing when the settings are the same', () => {
    const start = makeEditorState();
    expect(applyCommands(start, { type: 'setSampler', settings: { ...start.document.spec.sampler } })).toBe(start);
  });
});
