// Test helper: everything wrong with an editor state, so a property test can print it; not exported.
import { OPENPOSE_KEYPOINT_COUNT, validateTemplateSpec } from '@atelier/template-spec';
import { isElementSelectable, toTemplateSpec, type EditorState } from '../editor-state.js';
import { MAX_ZOOM, MIN_ZOOM } from '../viewport.js';

/** A state -> its problems: spec validation issues plus broken editor invariants; [] when sound. */
export function findEditorStateProblems(state: EditorState): string[] {
  const validation = validateTemplateSpec(toTemplateSpec(state));
  const problems = validation.ok ? [] : validation.issues.map((issue) => `spec ${issue.path}: ${issue.message}`);
  const { spec, lightIds, hiddenJointPositions } = state.document;

  if (lightIds.length !== spec.lighting.lights.length) problems.push('lightIds and lights differ in length');
  if (new Set(lightIds).size !== lightIds.length) problems.push(`lightIds repeat: ${lightIds.join(', ')}`);
  spec.lighting.lights.forEach((light, index) => {
    if (light.id !== undefined && light.id !== lightIds[index]) problems.push(`light ${index} is "${light.id}" but its editor id is "${lightIds[index]}"`);
  });

  if (hiddenJointPositions.length !== OPENPOSE_KEYPOINT_COUNT) problems.push('hiddenJointPositions is not 18 long');
  hiddenJointPositions.forEach((position, index) => {
    if (position !== null && spec.pose?.keypoints[index] !== null) problems.push(`joint ${index} is remembered but not hidden`);
  });

  if (new Set(state.selection).size !== state.selection.length) problems.push('selection repeats an id');
  for (const id of state.selection) {
    if (!isElementSelectable(state, id)) problems.push(`selection holds ${id}, which cannot be selected`);
  }
  if (!(state.view.zoom >= MIN_ZOOM && state.view.zoom <= MAX_ZOOM)) problems.push(`zoom ${state.view.zoom} is out of range`);
  return problems;
}

/** Freezes a value and everything it reaches, so any mutation in a test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
