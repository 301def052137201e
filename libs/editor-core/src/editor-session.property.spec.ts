import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { applyCommand } from './editor-command.js';
import { beginGesture, cancelGesture, canRedo, canUndo, endGesture, redo, undo } from './editor-history.js';
import { createEditorState, toTemplateSpec, type EditorDocument, type EditorState } from './editor-state.js';
import { isJsonEqual } from './json-value.js';
import { editorSpecArbitrary, PROPERTY_OPTIONS } from './testing/editor-spec.arbitrary.js';
import { editorStepArbitrary, resolveLightRefs, type EditorStep } from './testing/editor-step.arbitrary.js';
import { deepFreeze, findEditorStateProblems } from './testing/find-editor-state-problems.js';

function runStep(state: EditorState, step: EditorStep): EditorState {
  switch (step.type) {
    case 'command':
      return applyCommand(state, resolveLightRefs(state, step.command));
    case 'beginGesture':
      return beginGesture(state, step.label);
    case 'endGesture':
      return endGesture(state);
    case 'cancelGesture':
      return cancelGesture(state);
    case 'undo':
      return undo(state);
    case 'redo':
      return redo(state);
  }
}

// The model: a timeline of documents and a cursor. A change outside a gesture, or a gesture that closes changed,
// cuts the timeline after the cursor and appends; undo and redo move the cursor (closing an open gesture first).
class HistoryModel {
  private timeline: EditorDocument[];
  private cursor = 0;
  isGestureOpen = false;

  constructor(initial: EditorDocument) {
    this.timeline = [initial];
  }

  get current(): EditorDocument {
    return this.timeline[this.cursor]!;
  }

  get canUndo(): boolean {
    return this.cursor > 0;
  }

  get canRedo(): boolean {
    return this.cursor < this.timeline.length - 1;
  }

  follow(step: EditorStep, before: EditorState, after: EditorState): void {
    const closesGesture = ['beginGesture', 'endGesture', 'undo', 'redo'].includes(step.type);
    if (closesGesture && this.isGestureOpen) this.push(before.document);
    if (closesGesture || step.type === 'cancelGesture') this.isGestureOpen = step.type === 'beginGesture';
    if (step.type === 'undo') this.cursor = Math.max(0, this.cursor - 1);
    if (step.type === 'redo') this.cursor = Math.min(this.timeline.length - 1, this.cursor + 1);
    if (step.type === 'command' && !this.isGestureOpen) this.push(after.document);
  }

  private push(document: EditorDocument): void {
    if (isJsonEqual(document, this.current)) return;
    this.timeline = [...this.timeline.slice(0, this.cursor + 1), document];
    this.cursor += 1;
  }
}

describe('a random editing session', () => {
  it('keeps the spec valid, never mutates a state, and undoes to the start and redoes to the end exactly', () => {
    fc.assert(
      fc.property(editorSpecArbitrary, fc.array(editorStepArbitrary, { minLength: 10, maxLength: 80 }), (spec, steps) => {
        const initial = createEditorState(spec, { historyLimit: 1000 });
        let state = deepFreeze(initial);
        const model = new HistoryModel(initial.document);

        for (const step of steps) {
          const next = runStep(state, step);
          const context = JSON.stringify(step);
          expectLabelled(findEditorStateProblems(next), context).toEqual([]);
          model.follow(step, state, next);
          if (!model.isGestureOpen) {
            expectLabelled(next.document, context).toEqual(model.current);
            expectLabelled([canUndo(next), canRedo(next)], context).toEqual([model.canUndo, model.canRedo]);
          }
          state = deepFreeze(next);
        }

        state = endGesture(state);
        const finalSpec = JSON.stringify(toTemplateSpec(state));
        let undone = 0;
        while (canUndo(state)) {
          state = undo(state);
          undone += 1;
          expect(findEditorStateProblems(state)).toEqual([]);
        }
        expect(JSON.stringify(toTemplateSpec(state))).toBe(JSON.stringify(spec));
        for (let step = 0; step < undone; step += 1) state = redo(state);
        expect(JSON.stringify(toTemplateSpec(state))).toBe(finalSpec);
      }),
      PROPERTY_OPTIONS,
    );
  });
});
