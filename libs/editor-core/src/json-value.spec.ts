import { describe, expect, it } from '@jest/globals';
import { cloneJson, isJsonEqual } from './json-value.js';

describe('cloneJson', () => {
  it('copies deeply and keeps every key in its order', () => {
    const value = { b: 1, a: { d: [1, { f: 2, e: null }], c: 'x' } };
    const copy = cloneJson(value);
    expect(copy).toEqual(value);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    expect(copy.a).not.toBe(value.a);
    expect(copy.a.d[1]).not.toBe(value.a.d[1]);
  });
});

describe('isJsonEqual', () => {
  it('ignores key order but not values', () => {
    expect(isJsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(isJsonEqual({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('tells arrays, objects, null and missing keys apart', () => {
    expect(isJsonEqual([1], { 0: 1 })).toBe(false);
    expect(isJsonEqual(null, {})).toBe(false);
    expect(isJsonEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(isJsonEqual([1, 2], [1, 2, 3])).toBe(false);
  });
});
