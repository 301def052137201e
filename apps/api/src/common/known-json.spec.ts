import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringifyWithKnownJson, withKnownJson } from './known-json.js';

describe('stringifyWithKnownJson', () => {
  it('writes what JSON.stringify writes, for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }), (value) => {
        expect(stringifyWithKnownJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a known value from its remembered text, and the bytes stay the same', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue().filter((v): v is object => typeof v === 'object' && v !== null)), fc.jsonValue(), (parts, other) => {
        const answer = { data: { items: parts.map((p) => ({ spec: withKnownJson(JSON.parse(JSON.stringify(p)) as object), other })) } };
        expect(stringifyWithKnownJson(answer)).toBe(JSON.stringify(answer));
      }),
    );
  });

  it('uses the remembered text instead of walking the value again', () => {
    const spec = withKnownJson({ prompt: { positive: 'a portrait' }, steps: [20, 30] });
    const walked = objectsWalkedBy(() => stringifyWithKnownJson({ spec }));
    expect(walked).not.toContain(spec);
  });

  it('freezes a known value, so no one can change it under its text', () => {
    const spec = withKnownJson({ prompt: { positive: 'a portrait' } });
    expect(Object.isFrozen(spec.prompt)).toBe(true);
    expect(() => {
      (spec.prompt as { positive: string }).positive = 'changed';
    }).toThrow(TypeError);
    expect(stringifyWithKnownJson(spec)).toBe('{"prompt":{"positive":"a portrait"}}');
  });

  it('follows toJSON and leaves out what JSON.stringify leaves out', () => {
    const value = { at: new Date(0), skip: undefined, fn: () => 1, list: [undefined, () => 1, NaN, -0], custom: { toJSON: (key: string) => `key ${key}` } };
    expect(stringifyWithKnownJson(value)).toBe(JSON.stringify(value));
    expect(() => stringifyWithKnownJson({ n: 1n })).toThrow(TypeError);
  });
});

// The objects whose keys were listed while `run` ran.
function objectsWalkedBy(run: () => unknown): object[] {
  const keys = Object.keys;
  const listed: object[] = [];
  Object.keys = (o: object) => {
    listed.push(o);
    return keys(o);
  };
  try {
    run();
  } finally {
    Object.keys = keys;
  }
  return listed;
}
