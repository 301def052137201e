// Every change the editor can make, as data, and the one pure function that applies it.
import type { FacePass, IdentityMode, LightKind, Likeness, SamplerSettings, SubjectFrame } from '@atelier/template-spec';
import { setCanvasAspect, setCanvasSize, type CanvasAspectPresetId } from './canvas-commands.js';
import { recordCommand } from './editor-history.js';
import type { EditorLayer, EditorOptions, EditorState, EditorView } from './editor-state.js';
import type { Point } from './geometry.js';
import { moveLayer, setEditorOptions, setLayerLock, setLayerVisibility } from './layer-commands.js';
import {
  addLight,
  moveLight,
  setLightColorTemperature,
  setLightIntensity,
  setLightRadius,
} from './light-commands.js';
import {
  applyPosePreset,
  hideJoint,
  mirrorPose,
  moveJoint,
  rotatePose,
  scalePose,
  showJoint,
} from './pose-commands.js';
import {
  addStyleLora,
  removeStyleLora,
  setFacePass,
  setIdentityMode,
  setLikeness,
  setPromptText,
  setSampler,
  setStyleLoraWeight,
} from './prompt-settings-commands.js';
import { moveReference, placeReference, removeReference, scaleReference, setReferenceOpacity } from './reference-commands.js';
import {
  addToSelection,
  clearSelection,
  deleteSelection,
  duplicateSelection,
  moveSelection,
  nudgeSelection,
  selectAll,
  selectElements,
  toggleSelection,
} from './selection-commands.js';
import { moveSubjectFrame, resizeSubjectFrame, setSubjectFrame, type FrameHandle } from './subject-frame-commands.js';
import type { NumberRange } from './spec-limits.js';
import { setView } from './viewport.js';

/** Points are normalised to the canvas unless the field says px. */
export type EditorCommand =
  | { type: 'select'; ids: readonly string[] }
  | { type: 'addToSelection'; ids: readonly string[] }
  | { type: 'toggleSelection'; id: string }
  | { type: 'clearSelection' }
  | { type: 'selectAll' }
  | { type: 'setLayerVisibility'; layer: EditorLayer; isVisible: boolean }
  | { type: 'setLayerLock'; layer: EditorLayer; isLocked: boolean }
  | { type: 'moveLayer'; layer: EditorLayer; direction: 'up' | 'down' }
  | { type: 'setOptions'; options: Partial<EditorOptions> }
  | { type: 'setView'; view: EditorView }
  | { type: 'setCanvasAspect'; presetId: CanvasAspectPresetId }
  | { type: 'setCanvasSize'; width: number; height: number }
  | { type: 'placeReference'; assetId: string }
  | { type: 'moveReference'; point: Point }
  | { type: 'scaleReference'; scale: number }
  | { type: 'setReferenceOpacity'; opacity: number }
  | { type: 'removeReference' }
  | { type: 'moveSubjectFrame'; topLeft: Point }
  | { type: 'resizeSubjectFrame'; handle: FrameHandle; point: Point }
  | { type: 'setSubjectFrame'; frame: SubjectFrame }
  | { type: 'moveJoint'; index: number; point: Point }
  | { type: 'hideJoint'; index: number }
  | { type: 'showJoint'; index: number }
  | { type: 'scalePose'; factor: number }
  | { type: 'rotatePose'; degrees: number }
  | { type: 'mirrorPose' }
  | { type: 'applyPosePreset'; presetId: string }
  | { type: 'addLight'; kind: LightKind; point?: Point }
  | { type: 'moveLight'; lightId: string; point: Point }
  | { type: 'setLightRadius'; lightId: string; radius: number }
  | { type: 'setLightIntensity'; lightId: string; intensity: number }
  | { type: 'setLightColorTemperature'; lightId: string; kelvin: number }
  | { type: 'deleteSelection' }
  | { type: 'duplicateSelection' }
  | { type: 'moveSelection'; delta: Point }
  | { type: 'nudgeSelection'; deltaPx: Point }
  | { type: 'setPrompt'; text: string }
  | { type: 'setNegativePrompt'; text: string }
  /** `range` is the LoRA's own min..max weight from the catalog. */
  | { type: 'addStyleLora'; loraId: string; weight: number; range?: NumberRange }
  | { type: 'removeStyleLora'; loraId: string }
  | { type: 'setStyleLoraWeight'; loraId: string; weight: number; range?: NumberRange }
  | { type: 'setLikeness'; likeness: Partial<Likeness> }
  | { type: 'setFacePass'; facePass: Partial<FacePass> }
  | { type: 'setIdentityMode'; mode: IdentityMode }
  | { type: 'setSampler'; settings: Partial<SamplerSettings> };

export type EditorCommandType = EditorCommand['type'];

/** What the undo menu says for a step made by one command outside a gesture ("Undo Move joint"). */
export const COMMAND_LABELS: Readonly<Record<EditorCommandType, string>> = {
  select: 'Select',
  addToSelection: 'Select',
  toggleSelection: 'Select',
  clearSelection: 'Select none',
  selectAll: 'Select all',
  setLayerVisibility: 'Show or hide layer',
  setLayerLock: 'Lock or unlock layer',
  moveLayer: 'Reorder layers',
  setOptions: 'Change editor options',
  setView: 'Zoom or pan',
  setCanvasAspect: 'Change canvas aspect',
  setCanvasSize: 'Resize canvas',
  placeReference: 'Place reference image',
  moveReference: 'Move reference image',
  scaleReference: 'Scale reference image',
  setReferenceOpacity: 'Change reference opacity',
  removeReference: 'Remove reference image',
  moveSubjectFrame: 'Move subject frame',
  resizeSubjectFrame: 'Resize subject frame',
  setSubjectFrame: 'Change subject frame',
  moveJoint: 'Move joint',
  hideJoint: 'Hide joint',
  showJoint: 'Show joint',
  scalePose: 'Scale pose',
  rotatePose: 'Rotate pose',
  mirrorPose: 'Mirror pose',
  applyPosePreset: 'Apply pose preset',
  addLight: 'Add light',
  moveLight: 'Move light',
  setLightRadius: 'Change light radius',
  setLightIntensity: 'Change light intensity',
  setLightColorTemperature: 'Change light colour',
  deleteSelection: 'Delete',
  duplicateSelection: 'Duplicate',
  moveSelection: 'Move',
  nudgeSelection: 'Nudge',
  setPrompt: 'Edit prompt',
  setNegativePrompt: 'Edit negative prompt',
  addStyleLora: 'Add style LoRA',
  removeStyleLora: 'Remove style LoRA',
  setStyleLoraWeight: 'Change LoRA weight',
  setLikeness: 'Change likeness',
  setFacePass: 'Change face pass',
  setIdentityMode: 'Change identity mode',
  setSampler: 'Change sampler settings',
};

/**
 * A state and a command -> the next state (the input is never mutated; a command that changes nothing returns
 * it as is). Spec changes become an undo step, or part of the open gesture; selection, layers, options and view
 * never do.
 */
export function applyCommand(state: EditorState, command: EditorCommand): EditorState {
  return recordCommand(state, runCommand(state, command), COMMAND_LABELS[command.type]);
}

function runCommand(state: EditorState, command: EditorCommand): EditorState {
  switch (command.type) {
    case 'select':
      return selectElements(state, command.ids);
    case 'addToSelection':
      return addToSelection(state, command.ids);
    case 'toggleSelection':
      return toggleSelection(state, command.id);
    case 'clearSelection':
      return clearSelection(state);
    case 'selectAll':
      return selectAll(state);
    case 'setLayerVisibility':
      return setLayerVisibility(state, command.layer, command.isVisible);
    case 'setLayerLock':
      return setLayerLock(state, command.layer, command.isLocked);
    case 'moveLayer':
      return moveLayer(state, command.layer, command.direction);
    case 'setOptions':
      return setEditorOptions(state, command.options);
    case 'setView':
      return setView(state, command.view);
    case 'setCanvasAspect':
      return setCanvasAspect(state, command.presetId);
    case 'setCanvasSize':
      return setCanvasSize(state, { width: command.width, height: command.height });
    case 'placeReference':
      return placeReference(state, command.assetId);
    case 'moveReference':
      return moveReference(state, command.point);
    case 'scaleReference':
      return scaleReference(state, command.scale);
    case 'setReferenceOpacity':
      return setReferenceOpacity(state, command.opacity);
    case 'removeReference':
      return removeReference(state);
    case 'moveSubjectFrame':
      return moveSubjectFrame(state, command.topLeft);
    case 'resizeSubjectFrame':
      return resizeSubjectFrame(state, command.handle, command.point);
    case 'setSubjectFrame':
      return setSubjectFrame(state, command.frame);
    case 'moveJoint':
      return moveJoint(state, command.index, command.point);
    case 'hideJoint':
      return hideJoint(state, command.index);
    case 'showJoint':
      return showJoint(state, command.index);
    case 'scalePose':
      return scalePose(state, command.factor);
    case 'rotatePose':
      return rotatePose(state, command.degrees);
    case 'mirrorPose':
      return mirrorPose(state);
    case 'applyPosePreset':
      return applyPosePreset(state, command.presetId);
    case 'addLight':
      return addLight(state, command.kind, command.point);
    case 'moveLight':
      return moveLight(state, command.lightId, command.point);
    case 'setLightRadius':
      return setLightRadius(state, command.lightId, command.radius);
    case 'setLightIntensity':
      return setLightIntensity(state, command.lightId, command.intensity);
    case 'setLightColorTemperature':
      return setLightColorTemperature(state, command.lightId, command.kelvin);
    case 'deleteSelection':
      return deleteSelection(state);
    case 'duplicateSelection':
      return duplicateSelection(state);
    case 'moveSelection':
      return moveSelection(state, command.delta);
    case 'nudgeSelection':
      return nudgeSelection(state, command.deltaPx);
    case 'setPrompt':
      return setPromptText(state, 'positive', command.text);
    case 'setNegativePrompt':
      return setPromptText(state, 'negative', command.text);
    case 'addStyleLora':
      return addStyleLora(state, command.loraId, command.weight, command.range);
    case 'removeStyleLora':
      return removeStyleLora(state, command.loraId);
    case 'setStyleLoraWeight':
      return setStyleLoraWeight(state, command.loraId, command.weight, command.range);
    case 'setLikeness':
      return setLikeness(state, command.likeness);
    case 'setFacePass':
      return setFacePass(state, command.facePass);
    case 'setIdentityMode':
      return setIdentityMode(state, command.mode);
    case 'setSampler':
      return setSampler(state, command.settings);
  }
}
