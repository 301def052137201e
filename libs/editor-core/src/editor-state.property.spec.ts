import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { validateTemplateSpec } from '@atelier/template-spec';
import { createEditorState, toTemplateSpec } from './editor-state.js';
import { editorSpecArbitrary, PROPERTY_OPTIONS, reverseKeysDeep } from './testing/editor-spec.arbitrary.js';
import { findEditorStateProblems } from './testing/find-editor-state-problems.js';

describe('TemplateSpec <-> EditorState', () => {
  it('only meets valid specs in these tests', () => {
    fc.assert(
      fc.property(editorSpecArbitrary, (spec) => {
        expect(validateTemplateSpec(spec).ok).toBe(true);
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('gives back exactly the spec it was made from, key order included', () => {
    fc.assert(
      fc.property(editorSpecArbitrary, fc.boolean(), (generated, isReversed) => {
        const spec = isReversed ? reverseKeysDeep(generated) : generated;
        const roundTripped = toTemplateSpec(createEditorState(spec));
        expect(roundTripped).toEqual(spec);
        expect(JSON.stringify(roundTripped)).toBe(JSON.stringify(spec));
      }),
      PROPERTY_OPTIONS,
    );
  });

  it('starts every spec in a sound state', () => {
    fc.assert(
      fc.property(editorSpecArbitrary, (spec) => {
        expect(findEditorStateProblems(createEditorState(spec))).toEqual([]);
      }),
      PROPERTY_OPTIONS,
    );
  });
});
