import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { CanonicalJsonError, canonicalJson } from './canonical-json.js';
import { shuffleKeysDeep } from './testing/template-spec.arbitrary.js';

// JSON has no -0; canonicalJson writes it as 0, so compare against the value with -0 folded to 0.
function foldNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(foldNegativeZero);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, foldNegativeZero(child)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
  });

  it('writes -0 as 0', () => {
    expect(canonicalJson({ x: -0, list: [-0] })).toBe('{"list":[0],"x":0}');
  });

  it('sorts keys by UTF-16 code units, not locale', () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"é":3}');
  });

  it('sorts integer-like keys as text, although JS enumerates them first', () => {
    expect(canonicalJson({ a: 1, 10: 2, 9: 3, '': 4 })).toBe('{"":4,"10":2,"9":3,"a":1}');
  });

  it('leaves out undefined object properties, as an optional field that is absent', () => {
    expect(canonicalJson({ id: undefined, kind: 'key' })).toBe(canonicalJson({ kind: 'key' }));
  });

  it.each([
    ['NaN', { x: Number.NaN }, /non-finite number NaN at \$\.x/],
    ['Infinity in an array', { lights: [1, Infinity] }, /non-finite number Infinity at \$\.lights\[1\]/],
    ['undefined in an array', [1, undefined], /undefined \(or a hole\) in an array at \$\[1\]/],
    ['a hole in an array', [1, , 3], /undefined \(or a hole\) in an array at \$\[1\]/],
    ['a function', { f: () => 1 }, /type function at \$\.f/],
    ['a bigint', { n: 1n }, /type bigint at \$\.n/],
    ['a Date', { at: new Date(0) }, /Date object/],
    ['a class instance', { at: new (class Light { kind = 'key'; })() }, /Light object/],
    ['a Map', { at: new Map() }, /Map object/],
  ])('rejects %s with the path to it', (_case, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('accepts plain objects from another realm, as structuredClone returns them inside a test VM', () => {
    const foreign = runInNewContext('({ b: [1, { d: 2 }], a: Object.create(null) })') as unknown;
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(canonicalJson(foreign)).toBe('{"a":{},"b":[1,{"d":2}]}');
    expect(() => canonicalJson(runInNewContext('({ at: new Date(0) })'))).toThrow(/Date object/);
  });

  it('rejects a circular reference instead of overflowing the stack', () => {
    const looped: Record<string, unknown> = { a: 1 };
    looped['self'] = looped;
    expect(() => canonicalJson(looped)).toThrow(/circular reference at \$\.self/);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('round-trips any JSON value through JSON.parse to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(foldNegativeZero(value));
        // Canonical text is a fixed point: encoding the parsed value gives the same text.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('gives the same text whatever order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        expect(canonicalJson(shuffleKeysDeep(value, seed))).toBe(canonicalJson(value));
      }),
    );
  });
});
