export {
  CANVAS_ASPECT_PRESETS,
  checkCanvasSize,
  findCanvasAspectPreset,
  setCanvasAspect,
  setCanvasSize,
  sizeCanvasForAspect,
  type CanvasAspectPresetId,
} from './canvas-commands.js';
export { runEditorAction, type EditorAction } from './editor-action.js';
export { applyCommand, COMMAND_LABELS, type EditorCommand, type EditorCommandType } from './editor-command.js';
export {
  beginGesture,
  cancelGesture,
  canRedo,
  canUndo,
  endGesture,
  getRedoLabel,
  getUndoLabel,
  redo,
  undo,
} from './editor-history.js';
export {
  createEditorState,
  DEFAULT_EDITOR_OPTIONS,
  DEFAULT_HISTORY_LIMIT,
  EDITOR_LAYERS,
  STACKED_LAYERS,
  findElementLayer,
  findLightIndex,
  isElementSelectable,
  listElementIds,
  toTemplateSpec,
  type CreateEditorStateOptions,
  type EditorDocument,
  type EditorHistory,
  type EditorLayer,
  type EditorOptions,
  type EditorState,
  type EditorView,
  type HistoryEntry,
  type LayerState,
  type OpenGesture,
  type StackedLayer,
} from './editor-state.js';
export { parseElementId, toJointElementId, toLightElementId, type ElementId, type ParsedElementId } from './element-id.js';
export type { Point, Size } from './geometry.js';
export {
  EDITOR_SHORTCUTS,
  formatShortcut,
  resolveShortcut,
  toShortcutKeys,
  type EditorShortcut,
  type ShortcutGroup,
  type ShortcutKeyEvent,
} from './keyboard-shortcuts.js';
export { LIGHT_DEFAULTS, type LightSettings } from './light-commands.js';
export { listHiddenJoints } from './pose-commands.js';
export { LIMB_CHAIN_FOLLOWERS, MIRRORED_KEYPOINT_INDEX } from './pose-model.js';
export {
  findPosePreset,
  fitPresetKeypoints,
  POSE_PRESET_CANVAS,
  POSE_PRESETS,
  STANDING_FRONT_PRESET,
  type PosePreset,
} from './pose-presets.js';
export {
  FACE_PASS_DENOISE_RANGE,
  LIKENESS_RANGE,
  SAMPLER_CFG_RANGE,
  SAMPLER_DENOISE_RANGE,
  SAMPLER_STEPS_RANGE,
  STYLE_LORA_WEIGHT_RANGE,
} from './prompt-settings-commands.js';
export { REFERENCE_DEFAULT_OPACITY } from './reference-commands.js';
export { findSnapTolerance, GUIDE_POSITIONS, snapBox, snapPoint } from './snapping.js';
export {
  LIGHT_COLOR_TEMPERATURE_RANGE,
  LIGHT_INTENSITY_RANGE,
  LIGHT_RADIUS_RANGE,
  REFERENCE_SCALE_RANGE,
  type NumberRange,
} from './spec-limits.js';
export { FRAME_HANDLES, SUBJECT_FRAME_MIN_SIDE, type FrameHandle } from './subject-frame-commands.js';
export {
  canvasToScreen,
  clampZoom,
  FIT_PADDING_PX,
  findNextZoomStep,
  findPreviousZoomStep,
  fitCanvasToViewport,
  MAX_ZOOM,
  MIN_ZOOM,
  screenToCanvas,
  screenToNormalised,
  ZOOM_STEPS,
  zoomAboutPoint,
} from './viewport.js';
