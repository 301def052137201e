import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { validateTemplateSpec } from '../validate-template-spec.js';
import { shuffleKeysDeep, templateSpecArbitrary } from './template-spec.arbitrary.js';

describe('templateSpecArbitrary', () => {
  it('only produces specs the schema accepts', () => {
    fc.assert(
      fc.property(templateSpecArbitrary, (spec) => {
        expect(validateTemplateSpec(spec)).toEqual({ ok: true, spec });
      }),
    );
  });
});

describe('shuffleKeysDeep', () => {
  it('keeps every value while reordering keys', () => {
    const value = { a: 1, b: { c: [1, { d: 2, e: 3 }], f: 'x' }, g: null };
    const shuffled = shuffleKeysDeep(value, 7);
    expect(shuffled).toEqual(value);
    expect(shuffled).not.toBe(value);
  });
});
