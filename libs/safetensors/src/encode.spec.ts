import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import type { SafetensorsDtype } from './dtype.js';
import { encodeSafetensors } from './encode.js';
import { parseSafetensorsHeader } from './parse-header.js';

function parseOrThrow(bytes: Uint8Array) {
  const result = parseSafetensorsHeader(bytes);
  if (!result.ok) throw new Error(result.reason);
  return result.header;
}

describe('encodeSafetensors', () => {
  it('round-trips metadata, tensors and their data', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const bytes = encodeSafetensors({
      metadata: { format: 'pt' },
      tensors: [
        { name: 'a', dtype: 'F32', shape: [2], data },
        { name: 'b', dtype: 'F16', shape: [3, 2] },
      ],
    });
    const header = parseOrThrow(bytes);
    expect(header.metadata).toEqual({ format: 'pt' });
    expect(header.tensors).toEqual([
      { name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 },
      { name: 'b', dtype: 'F16', shape: [3, 2], begin: 8, end: 20 },
    ]);
    const dataStart = 8 + header.headerBytes;
    expect(bytes.subarray(dataStart, dataStart + 8)).toEqual(data);
  });

  it('pads the header with spaces so tensor data starts 8-byte aligned', () => {
    for (const name of ['w', 'wide', 'widest']) {
      const bytes = encodeSafetensors({ tensors: [{ name, dtype: 'F32', shape: [1] }] });
      const { headerBytes } = parseOrThrow(bytes);
      const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerBytes));
      expect(headerBytes % 8).toBe(0);
      expect(text.slice(text.lastIndexOf('}') + 1)).toMatch(/^ {0,7}$/);
    }
  });

  it('fills omitted data deterministically from the seed and small finite floats', () => {
    const make = (seed: number) => encodeSafetensors({ seed, tensors: [{ name: 'w', dtype: 'F32', shape: [16] }] });
    expect(make(7)).toEqual(make(7));
    expect(make(7)).not.toEqual(make(8));
    const bytes = make(7);
    const floats = new Float32Array(bytes.slice(bytes.length - 64).buffer);
    expect(floats.every((x) => Number.isFinite(x) && Math.abs(x) < 0.01)).toBe(true);
  });

  it('refuses data of the wrong length, duplicate names and a tensor called __metadata__', () => {
    expect(() => encodeSafetensors({ tensors: [{ name: 'w', dtype: 'F32', shape: [2], data: new Uint8Array(4) }] })).toThrow(
      'tensor w: data is 4 bytes, F32 [2] needs 8',
    );
    expect(() =>
      encodeSafetensors({ tensors: [{ name: 'w', dtype: 'F16', shape: [1] }, { name: 'w', dtype: 'F16', shape: [1] }] }),
    ).toThrow('tensor w appears twice');
    expect(() => encodeSafetensors({ tensors: [{ name: '__metadata__', dtype: 'F16', shape: [1] }] })).toThrow();
  });

  it('round-trips any tensors and metadata (property)', () => {
    const dtype = fc.constantFrom<SafetensorsDtype>('F16', 'F32', 'BF16', 'F64', 'I8', 'U8', 'I16', 'I32', 'I64', 'BOOL');
    const tensor = fc.record({
      name: fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name !== '__metadata__'),
      dtype,
      shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    });
    const input = fc.record({
      metadata: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
      tensors: fc.uniqueArray(tensor, { selector: (t) => t.name, maxLength: 6 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(input, ({ metadata, tensors, seed }) => {
        const header = parseOrThrow(encodeSafetensors({ metadata, tensors, seed }));
        const parsed = header.tensors.map(({ name, dtype, shape }) => ({ name, dtype, shape }));
        const byName = (list: typeof tensors) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        expect(byName(parsed)).toEqual(byName(tensors));
        // Tensors with data keep the input order (their data offsets follow it). Empty ones share an offset with
        // their neighbour, so the header (a JSON object, where "0" sorts before " ") cannot place them.
        const withData = (list: typeof tensors) => list.filter((t) => t.shape.every((size) => size > 0)).map((t) => t.name);
        expect(withData(parsed)).toEqual(withData(tensors));
        expect(header.metadata).toEqual(metadata);
      }),
    );
  });

  it('produces files whose any single-byte truncation is refused (property)', () => {
    const bytes = encodeSafetensors({ tensors: [{ name: 'w', dtype: 'F16', shape: [8] }] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (length) => {
        expect(parseSafetensorsHeader(bytes.subarray(0, length)).ok).toBe(false);
      }),
    );
  });
});
