// fast-check arbitraries for random editing sessions: commands, gestures, undo and redo; not exported.
import { LIGHT_KINDS, SAMPLER_NAMES, SCHEDULER_NAMES } from '@atelier/template-spec';
import fc from 'fast-check';
import { CANVAS_ASPECT_PRESETS } from '../canvas-commands.js';
import type { EditorCommand } from '../editor-command.js';
import { EDITOR_LAYERS } from '../editor-state.js';
import { POSE_PRESETS } from '../pose-presets.js';
import { FRAME_HANDLES } from '../subject-frame-commands.js';
import type { EditorState } from '../editor-state.js';
import { LIGHT_ID_POOL } from './editor-spec.arbitrary.js';

export type EditorStep =
  | { type: 'command'; command: EditorCommand }
  | { type: 'beginGesture'; label: string }
  | { type: 'endGesture' }
  | { type: 'cancelGesture' }
  | { type: 'undo' }
  | { type: 'redo' };

// Mostly on the canvas, sometimes far off it, sometimes not a number at all: commands must clamp them all.
const coordinate = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -0.2, max: 1.2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1 / 3, 0.5, 2 / 3, 1) },
  { weight: 1, arbitrary: fc.double() },
);
const point = fc.record({ x: coordinate, y: coordinate });
const anyNumber = (min: number, max: number) =>
  fc.oneof({ weight: 9, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: fc.double() });

/** '#n' in a light id stands for the state's n-th light (modulo their count); resolveLightRefs swaps it in. */
const lightId = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 5 }).map((n) => `#${n}`) },
  { weight: 1, arbitrary: fc.constantFrom(...LIGHT_ID_POOL, 'missing') },
);
const jointIndex = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 17 }) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 20 }) });
const elementId = fc.oneof(
  fc.constantFrom('reference', 'subjectFrame', 'nonsense'),
  jointIndex.map((index) => `joint:${index}`),
  lightId.map((id) => `light:${id}`),
);

// Prompts the validator accepts (the commands keep unknown slots; typing through them is the panel's business).
const promptText = fc.constantFrom('portrait of {subject}', '{age} year old {gender}, film grain', 'studio light', 'x'.repeat(4100));
const styleLoraId = fc.constantFrom(
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
  '55555555-5555-4555-8555-555555555555',
);
const weightRange = fc
  .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }))
  .map(([min, span]) => ({ min, max: min + span }));

export const editorCommandArbitrary: fc.Arbitrary<EditorCommand> = fc.oneof(
  fc.record({ type: fc.constant('select'), ids: fc.array(elementId, { maxLength: 4 }) }),
  fc.record({ type: fc.constant('addToSelection'), ids: fc.array(elementId, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('toggleSelection'), id: elementId }),
  fc.constant({ type: 'clearSelection' as const }),
  fc.constant({ type: 'selectAll' as const }),
  fc.record({ type: fc.constant('setLayerVisibility'), layer: fc.constantFrom(...EDITOR_LAYERS), isVisible: fc.boolean() }),
  fc.record({ type: fc.constant('setLayerLock'), layer: fc.constantFrom(...EDITOR_LAYERS), isLocked: fc.boolean() }),
  fc.record({
    type: fc.constant('setOptions'),
    options: fc.record({ isSnappingEnabled: fc.boolean(), isLimbChainDraggingEnabled: fc.boolean() }, { requiredKeys: [] }),
  }),
  fc.record({ type: fc.constant('setView'), view: fc.record({ zoom: anyNumber(0.01, 10), panX: anyNumber(-500, 500), panY: anyNumber(-500, 500) }) }),
  fc.record({ type: fc.constant('setCanvasAspect'), presetId: fc.constantFrom(...CANVAS_ASPECT_PRESETS.map((preset) => preset.id)) }),
  fc.record({
    type: fc.constant('setCanvasSize'),
    width: fc.oneof(fc.integer({ min: 50, max: 280 }).map((n) => n * 8), fc.integer({ min: 400, max: 2200 })),
    height: fc.integer({ min: 60, max: 280 }).map((n) => n * 8),
  }),
  fc.record({ type: fc.constant('placeReference'), assetId: fc.oneof(fc.uuid({ version: 4 }), fc.constant('not-a-uuid')) }),
  fc.record({ type: fc.constant('moveReference'), point }),
  fc.record({ type: fc.constant('scaleReference'), scale: anyNumber(-1, 12) }),
  fc.record({ type: fc.constant('setReferenceOpacity'), opacity: anyNumber(-0.5, 1.5) }),
  fc.record({ type: fc.constant('removeReference') }),
  fc.record({ type: fc.constant('moveSubjectFrame'), topLeft: point }),
  fc.record({ type: fc.constant('resizeSubjectFrame'), handle: fc.constantFrom(...FRAME_HANDLES), point }),
  fc.record({ type: fc.constant('setSubjectFrame'), frame: fc.record({ x: coordinate, y: coordinate, w: coordinate, h: coordinate }) }),
  fc.record({ type: fc.constant('moveJoint'), index: jointIndex, point }),
  fc.record({ type: fc.constant('hideJoint'), index: jointIndex }),
  fc.record({ type: fc.constant('showJoint'), index: jointIndex }),
  fc.record({ type: fc.constant('scalePose'), factor: anyNumber(-0.5, 4) }),
  fc.record({ type: fc.constant('rotatePose'), degrees: anyNumber(-360, 360) }),
  fc.constant({ type: 'mirrorPose' as const }),
  fc.record({ type: fc.constant('applyPosePreset'), presetId: fc.constantFrom(...POSE_PRESETS.map((preset) => preset.id), 'no-such-preset') }),
  fc.record({ type: fc.constant('addLight'), kind: fc.constantFrom(...LIGHT_KINDS), point: fc.option(point, { nil: undefined }) }),
  fc.record({ type: fc.constant('moveLight'), lightId, point }),
  fc.record({ type: fc.constant('setLightRadius'), lightId, radius: anyNumber(-0.5, 1.5) }),
  fc.record({ type: fc.constant('setLightIntensity'), lightId, intensity: anyNumber(-1, 3) }),
  fc.record({ type: fc.constant('setLightColorTemperature'), lightId, kelvin: anyNumber(1000, 12_000) }),
  fc.constant({ type: 'deleteSelection' as const }),
  fc.constant({ type: 'duplicateSelection' as const }),
  fc.record({ type: fc.constant('moveSelection'), delta: fc.record({ x: anyNumber(-0.3, 0.3), y: anyNumber(-0.3, 0.3) }) }),
  fc.record({ type: fc.constant('nudgeSelection'), deltaPx: fc.record({ x: fc.constantFrom(-10, -1, 0, 1, 10), y: fc.constantFrom(-10, -1, 0, 1, 10) }) }),
  fc.record({ type: fc.constant('setPrompt'), text: promptText }),
  fc.record({ type: fc.constant('setNegativePrompt'), text: fc.oneof(promptText, fc.constant('')) }),
  fc.record({ type: fc.constant('addStyleLora'), loraId: styleLoraId, weight: anyNumber(-150, 150), range: fc.option(weightRange, { nil: undefined }) }),
  fc.record({ type: fc.constant('removeStyleLora'), loraId: styleLoraId }),
  fc.record({ type: fc.constant('setStyleLoraWeight'), loraId: styleLoraId, weight: anyNumber(-150, 150), range: fc.option(weightRange, { nil: undefined }) }),
  fc.record({ type: fc.constant('setLikeness'), likeness: fc.record({ default: anyNumber(-0.5, 2), max: anyNumber(-0.5, 2) }, { requiredKeys: [] }) }),
  fc.record({
    type: fc.constant('setSampler'),
    settings: fc.record(
      {
        steps: anyNumber(-10, 200),
        cfg: anyNumber(-5, 40),
        denoise: anyNumber(-0.5, 1.5),
        sampler: fc.constantFrom(...SAMPLER_NAMES, 'bogus' as never),
        scheduler: fc.constantFrom(...SCHEDULER_NAMES, 'bogus' as never),
      },
      { requiredKeys: [] },
    ),
  }),
);

/** One step of a session: mostly commands, with gestures opened and closed and some undo and redo. */
export const editorStepArbitrary: fc.Arbitrary<EditorStep> = fc.oneof(
  { weight: 12, arbitrary: editorCommandArbitrary.map((command) => ({ type: 'command' as const, command })) },
  { weight: 2, arbitrary: fc.constantFrom('Drag', 'Resize', 'Rotate').map((label) => ({ type: 'beginGesture' as const, label })) },
  { weight: 2, arbitrary: fc.constant({ type: 'endGesture' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'cancelGesture' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'redo' as const }) },
);

/** A command -> the same command with '#n' light refs replaced by the state's real light ids. */
export function resolveLightRefs(state: EditorState, command: EditorCommand): EditorCommand {
  const { lightIds } = state.document;
  const resolve = (id: string) => {
    const match = /^(light:)?#(\d+)$/.exec(id);
    if (match === null || lightIds.length === 0) return id;
    return `${match[1] ?? ''}${lightIds[Number(match[2]) % lightIds.length]}`;
  };
  if ('lightId' in command) return { ...command, lightId: resolve(command.lightId) };
  if ('ids' in command) return { ...command, ids: command.ids.map(resolve) };
  if (command.type === 'toggleSelection') return { ...command, id: resolve(command.id) };
  return command;
}
