// EditorState: the spec being edited plus what only the editor needs (selection, layers, view, history).
import { OPENPOSE_KEYPOINT_COUNT, type Keypoint, type Light, type TemplateSpec } from '@atelier/template-spec';
import { parseElementId, toJointElementId, toLightElementId, type ElementId } from './element-id.js';
import { cloneJson } from './json-value.js';

export const EDITOR_LAYERS = ['reference', 'subjectFrame', 'pose', 'lights', 'guides'] as const;
export type EditorLayer = (typeof EDITOR_LAYERS)[number];
/** The layers a designer can restack, bottom to top by default; the reference photo stays below and the guides above them. */
export const STACKED_LAYERS = ['subjectFrame', 'lights', 'pose'] as const;
export type StackedLayer = (typeof STACKED_LAYERS)[number];

export interface LayerState {
  readonly isVisible: boolean;
  readonly isLocked: boolean;
}

/** screen px = canvas px * zoom + pan. */
export interface EditorView {
  readonly zoom: number;
  readonly panX: number;
  readonly panY: number;
}

export interface EditorOptions {
  readonly isSnappingEnabled: boolean;
  readonly isLimbChainDraggingEnabled: boolean;
  /** How close (in screen px) a dragged point must come to a guide to snap to it. */
  readonly snapThresholdPx: number;
}

/** The undoable part of the state: the spec and the editor data that must travel with it. */
export interface EditorDocument {
  readonly spec: TemplateSpec;
  /** One editor id per light, in spec order: the light's own id, or an editor-only one when it has none. */
  readonly lightIds: readonly string[];
  /** By keypoint index: where a hidden (null) joint last was, so showing it puts it back; null otherwise. */
  readonly hiddenJointPositions: readonly Keypoint[];
}

/** A gesture in progress: what the document and selection were when it began. */
export interface OpenGesture {
  readonly label: string;
  readonly before: EditorDocument;
  readonly selectionBefore: readonly ElementId[];
}

/** One undo step: the document and selection on both sides of it. */
export interface HistoryEntry extends OpenGesture {
  readonly after: EditorDocument;
  readonly selectionAfter: readonly ElementId[];
}

export interface EditorHistory {
  readonly undoStack: readonly HistoryEntry[];
  readonly redoStack: readonly HistoryEntry[];
  readonly gesture: OpenGesture | null;
  /** Most undo steps kept; older ones are dropped. */
  readonly limit: number;
}

export interface EditorState {
  readonly document: EditorDocument;
  /** Selected elements, in the order they were selected, without repeats. */
  readonly selection: readonly ElementId[];
  readonly layers: Readonly<Record<EditorLayer, LayerState>>;
  /** The stacked layers, bottom to top: what is drawn (and picked) above what. */
  readonly layerOrder: readonly StackedLayer[];
  readonly view: EditorView;
  readonly options: EditorOptions;
  readonly history: EditorHistory;
}

export const DEFAULT_HISTORY_LIMIT = 200;

export const DEFAULT_EDITOR_OPTIONS: EditorOptions = {
  isSnappingEnabled: true,
  isLimbChainDraggingEnabled: true,
  snapThresholdPx: 8,
};

export interface CreateEditorStateOptions {
  historyLimit?: number;
  options?: Partial<EditorOptions>;
}

/** A (valid) spec -> a fresh editor state around a copy of it: nothing selected, every layer shown and unlocked. */
export function createEditorState(spec: TemplateSpec, settings: CreateEditorStateOptions = {}): EditorState {
  const copy = cloneJson(spec);
  const visibleLayer: LayerState = { isVisible: true, isLocked: false };
  return {
    document: {
      spec: copy,
      lightIds: assignLightIds(copy.lighting.lights),
      hiddenJointPositions: Array.from({ length: OPENPOSE_KEYPOINT_COUNT }, () => null),
    },
    selection: [],
    layers: Object.fromEntries(EDITOR_LAYERS.map((layer) => [layer, visibleLayer])) as Record<EditorLayer, LayerState>,
    layerOrder: [...STACKED_LAYERS],
    view: { zoom: 1, panX: 0, panY: 0 },
    options: { ...DEFAULT_EDITOR_OPTIONS, ...settings.options },
    history: { undoStack: [], redoStack: [], gesture: null, limit: settings.historyLimit ?? DEFAULT_HISTORY_LIMIT },
  };
}

/** An editor state -> a copy of the spec it edits (the same data, key order included, as went in plus the edits). */
export function toTemplateSpec(state: EditorState): TemplateSpec {
  return cloneJson(state.document.spec);
}

// Lights without an id (or repeating one) get an editor-only id, so every light can be selected.
function assignLightIds(lights: readonly Light[]): string[] {
  const taken = new Set(lights.flatMap((light) => (light.id === undefined ? [] : [light.id])));
  const assigned = new Set<string>();
  return lights.map((light) => {
    const id = light.id !== undefined && !assigned.has(light.id) ? light.id : makeUniqueId('unnamed', taken, true);
    taken.add(id);
    assigned.add(id);
    return id;
  });
}

/** A base name and the ids in use -> the base itself when free (unless numbered), else base-2, base-3, ... */
export function makeUniqueId(base: string, taken: ReadonlySet<string>, isAlwaysNumbered = false): string {
  if (!isAlwaysNumbered && !taken.has(base)) return base;
  for (let n = isAlwaysNumbered ? 1 : 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A light's editor id -> its index in spec.lighting.lights, or -1. */
export function findLightIndex(document: EditorDocument, lightId: string): number {
  return document.lightIds.indexOf(lightId);
}

/** Every element the document has now: reference (if placed), subject frame, present joints, lights. */
export function listElementIds(document: EditorDocument): ElementId[] {
  const { spec } = document;
  const joints = (spec.pose?.keypoints ?? []).flatMap((point, index) => (point === null ? [] : [toJointElementId(index)]));
  return [
    ...(spec.reference === null ? [] : ['reference' as const]),
    'subjectFrame',
    ...joints,
    ...document.lightIds.map(toLightElementId),
  ];
}

/** An element id -> the layer it is drawn on, or null when it names nothing. */
export function findElementLayer(id: string): EditorLayer | null {
  const parsed = parseElementId(id);
  if (parsed === null) return null;
  const layers = { reference: 'reference', subjectFrame: 'subjectFrame', joint: 'pose', light: 'lights' } as const;
  return layers[parsed.kind];
}

/** Whether an element exists and sits on a layer that is shown and unlocked. */
export function isElementSelectable(state: EditorState, id: string): id is ElementId {
  return isOnOpenLayer(state, id) && listElementIds(state.document).includes(id as ElementId);
}

/** A state -> the same state with the selection cut down to elements that are still selectable. */
export function pruneSelection(state: EditorState): EditorState {
  const existing = new Set(listElementIds(state.document));
  const selection = state.selection.filter((id) => existing.has(id) && isOnOpenLayer(state, id));
  return selection.length === state.selection.length ? state : { ...state, selection };
}

function isOnOpenLayer(state: EditorState, id: string): boolean {
  const layer = findElementLayer(id);
  return layer !== null && state.layers[layer].isVisible && !state.layers[layer].isLocked;
}

/** Replaces the document through `update`, unless `layer` is locked; the selection follows. */
export function updateDocument(
  state: EditorState,
  layer: EditorLayer | null,
  update: (document: EditorDocument) => EditorDocument,
): EditorState {
  if (layer !== null && state.layers[layer].isLocked) return state;
  const document = update(state.document);
  return document === state.document ? state : pruneSelection({ ...state, document });
}

/** Replaces the spec through `update`, unless `layer` is locked. */
export function updateSpec(
  state: EditorState,
  layer: EditorLayer | null,
  update: (spec: TemplateSpec) => TemplateSpec,
): EditorState {
  return updateDocument(state, layer, (document) => {
    const spec = update(document.spec);
    return spec === document.spec ? document : { ...document, spec };
  });
}
