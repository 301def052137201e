// Test factory: an editor state around the default spec, with only what a test cares about changed; not exported.
import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { applyCommand, type EditorCommand } from '../editor-command.js';
import { createEditorState, type CreateEditorStateOptions, type EditorOptions, type EditorState } from '../editor-state.js';

export const ASSET_ID = '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4';

/** The default SDXL spec (832 x 1216) with overrides. */
export function makeSpec(overrides: Partial<TemplateSpec> = {}): TemplateSpec {
  return { ...makeDefaultTemplateSpec(overrides.baseModel ?? 'sdxl'), ...overrides };
}

/** An editor state around makeSpec(overrides); snapping is off unless a test turns it on, so positions are exact. */
export function makeEditorState(
  overrides: Partial<TemplateSpec> = {},
  options: Partial<EditorOptions> = {},
  settings: Omit<CreateEditorStateOptions, 'options'> = {},
): EditorState {
  return createEditorState(makeSpec(overrides), { ...settings, options: { isSnappingEnabled: false, ...options } });
}

/** Applies commands in order. */
export function applyCommands(state: EditorState, ...commands: EditorCommand[]): EditorState {
  return commands.reduce(applyCommand, state);
}

/** A state -> its spec's keypoint at an index (throws when hidden, so tests read plainly). */
export function readJoint(state: EditorState, index: number): [number, number] {
  const point = state.document.spec.pose?.keypoints[index];
  if (!point) throw new Error(`joint ${index} is hidden or there is no pose`);
  return point;
}
