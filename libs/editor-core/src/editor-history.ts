// Undo/redo by gesture: one pointer-down..pointer-up (or one command outside a gesture) is one step.
// Entries hold the document before and after, not inverses: documents share structure, so a snapshot costs only
// the objects a command replaced, and restoring one is exact by construction.
import { pruneSelection, type EditorState, type HistoryEntry } from './editor-state.js';
import { isJsonEqual } from './json-value.js';

/** Opens a gesture: the commands until endGesture undo as one step labelled `label` (one already open is ended first). */
export function beginGesture(state: EditorState, label: string): EditorState {
  const ended = endGesture(state);
  const gesture = { label, before: ended.document, selectionBefore: ended.selection };
  return { ...ended, history: { ...ended.history, gesture } };
}

/** Closes the open gesture, recording one step when it changed the document; no-op without one. */
export function endGesture(state: EditorState): EditorState {
  const { gesture } = state.history;
  if (gesture === null) return state;
  const closed = { ...state, history: { ...state.history, gesture: null } };
  return recordStep(closed, {
    label: gesture.label,
    before: gesture.before,
    after: state.document,
    selectionBefore: gesture.selectionBefore,
    selectionAfter: state.selection,
  });
}

/** Abandons the open gesture (Escape mid-drag): the document and selection go back to how it found them. */
export function cancelGesture(state: EditorState): EditorState {
  const { gesture } = state.history;
  if (gesture === null) return state;
  const history = { ...state.history, gesture: null };
  return pruneSelection({ ...state, document: gesture.before, selection: gesture.selectionBefore, history });
}

/**
 * The state before a command, the state after it and the command's label -> the state after, with the change
 * recorded as one step (outside a gesture) or left for endGesture (inside one).
 */
export function recordCommand(before: EditorState, after: EditorState, label: string): EditorState {
  if (after.document === before.document || before.history.gesture !== null) return after;
  return recordStep(after, {
    label,
    before: before.document,
    after: after.document,
    selectionBefore: before.selection,
    selectionAfter: after.selection,
  });
}

/** Steps back one entry (ending an open gesture first); selection goes back to what it was before that step. */
export function undo(state: EditorState): EditorState {
  return moveThroughHistory(state, 'undo');
}

/** Re-applies the last undone entry; selection goes to what it was after that step. */
export function redo(state: EditorState): EditorState {
  return moveThroughHistory(state, 'redo');
}

/** Whether undo would change anything (an open gesture that changed the document counts). */
export function canUndo(state: EditorState): boolean {
  return endGesture(state).history.undoStack.length > 0;
}

/** Whether redo would change anything. */
export function canRedo(state: EditorState): boolean {
  return endGesture(state).history.redoStack.length > 0;
}

/** The label of the step undo would revert ("Move joint"), or null. */
export function getUndoLabel(state: EditorState): string | null {
  return endGesture(state).history.undoStack.at(-1)?.label ?? null;
}

/** The label of the step redo would re-apply, or null. */
export function getRedoLabel(state: EditorState): string | null {
  return endGesture(state).history.redoStack.at(-1)?.label ?? null;
}

// Pushes a step unless it changed nothing (a drag that ends where it began); a new step clears redo.
function recordStep(state: EditorState, entry: HistoryEntry): EditorState {
  if (isJsonEqual(entry.before, entry.after)) return { ...state, document: entry.before };
  const { history } = state;
  const undoStack = [...history.undoStack, entry].slice(-Math.max(1, history.limit));
  return { ...state, history: { ...history, undoStack, redoStack: [] } };
}

// Moves the newest entry of one stack onto the other and restores the document and selection of that side.
function moveThroughHistory(state: EditorState, direction: 'undo' | 'redo'): EditorState {
  const ended = endGesture(state);
  const [from, to] = direction === 'undo' ? (['undoStack', 'redoStack'] as const) : (['redoStack', 'undoStack'] as const);
  const entry = ended.history[from].at(-1);
  if (entry === undefined) return ended;
  const history = { ...ended.history, [from]: ended.history[from].slice(0, -1), [to]: [...ended.history[to], entry] };
  const [document, selection] = direction === 'undo' ? [entry.before, entry.selectionBefore] : [entry.after, entry.selectionAfter];
  return pruneSelection({ ...ended, document, selection, history });
}
