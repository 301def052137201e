import { createEditorState, type EditorState } from '@atelier/editor-core';
import type { TemplateSpec } from '@atelier/template-spec';
import { useCallback, useRef, useState } from 'react';

/**
 * The editor's state, updated synchronously through a ref so rapid drag moves chain on the latest
 * state; `onDocumentChange` hears every change of the undoable document (never selection or view).
 */
export function useEditorState(initialSpec: TemplateSpec, onDocumentChange: (next: EditorState) => void) {
  const stateRef = useRef<EditorState | null>(null);
  if (!stateRef.current) stateRef.current = createEditorState(initialSpec);
  const [state, setState] = useState<EditorState>(stateRef.current);
  const onChangeRef = useRef(onDocumentChange);
  onChangeRef.current = onDocumentChange;

  const update = useCallback((change: (current: EditorState) => EditorState): EditorState => {
    const current = stateRef.current!;
    const next = change(current);
    if (next === current) return current;
    stateRef.current = next;
    setState(next);
    if (next.document !== current.document) onChangeRef.current(next);
    return next;
  }, []);

  /** Replaces the document (their version after a conflict) without telling autosave; keeps the view. */
  const reset = useCallback((spec: TemplateSpec) => {
    const view = stateRef.current!.view;
    const next = { ...createEditorState(spec), view };
    stateRef.current = next;
    setState(next);
  }, []);

  const read = useCallback(() => stateRef.current!, []);
  return { state, update, reset, read };
}
