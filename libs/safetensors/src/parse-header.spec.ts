import { describe, expect, it } from '@jest/globals';
import { encodeSafetensors } from './encode.js';
import { parseSafetensorsHeader, readSafetensorsHeaderLength } from './parse-header.js';

// A file with exactly this header text (no padding) and `dataBytes` zero bytes of tensor data.
function fileWithHeader(header: string | object, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  return fileWithHeaderBytes(json, dataBytes);
}

function fileWithHeaderBytes(json: Uint8Array, dataBytes = 0): Uint8Array {
  const file = new Uint8Array(8 + json.length + dataBytes);
  new DataView(file.buffer).setBigUint64(0, BigInt(json.length), true);
  file.set(json, 8);
  return file;
}

function reasonFor(bytes: Uint8Array, opts?: Parameters<typeof parseSafetensorsHeader>[1]): string {
  const result = parseSafetensorsHeader(bytes, opts);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.reason;
}

const f32x2 = (begin: number) => ({ dtype: 'F32', shape: [2], data_offsets: [begin, begin + 8] });

describe('parseSafetensorsHeader', () => {
  it('reads metadata, tensors in data order, and the header and data sizes', () => {
    const bytes = fileWithHeader({ __metadata__: { format: 'pt' }, b: f32x2(8), a: f32x2(0) }, 16);
    const result = parseSafetensorsHeader(bytes);
    expect(result).toEqual({
      ok: true,
      header: {
        metadata: { format: 'pt' },
        tensors: [
          { name: 'a', dtype: 'F32', shape: [2], begin: 0, end: 8 },
          { name: 'b', dtype: 'F32', shape: [2], begin: 8, end: 16 },
        ],
        dataBytes: 16,
        headerBytes: bytes.length - 8 - 16,
      },
    });
  });

  it('accepts a file with no tensors and no metadata', () => {
    expect(parseSafetensorsHeader(fileWithHeader('{}'))).toMatchObject({ ok: true, header: { metadata: {}, tensors: [] } });
  });

  it('accepts scalars, zero-sized tensors and trailing space padding', () => {
    const header = JSON.stringify({
      alpha: { dtype: 'F16', shape: [], data_offsets: [0, 2] },
      empty: { dtype: 'F32', shape: [0, 4], data_offsets: [2, 2] },
    });
    expect(parseSafetensorsHeader(fileWithHeader(`${header}      `, 2)).ok).toBe(true);
  });

  it('keeps a "__proto__" metadata key as plain data', () => {
    const result = parseSafetensorsHeader(fileWithHeader('{"__metadata__":{"__proto__":"x"}}'));
    expect(result.ok && Object.getPrototypeOf(result.header.metadata)).toBe(Object.prototype);
    expect(result.ok && Object.hasOwn(result.header.metadata, '__proto__')).toBe(true);
  });

  it('reads only a prefix when told the whole file size', () => {
    const file = encodeSafetensors({ tensors: [{ name: 'w', dtype: 'F32', shape: [64] }] });
    const headerLength = readSafetensorsHeaderLength(file.subarray(0, 8));
    if (!headerLength.ok) throw new Error(headerLength.reason);
    const prefix = file.subarray(0, 8 + headerLength.headerBytes);
    expect(parseSafetensorsHeader(prefix, { fileBytes: file.length })).toMatchObject({ ok: true, header: { dataBytes: 256 } });
    expect(reasonFor(prefix, { fileBytes: file.length - 1 })).toBe(
      'file is truncated: header promises 256 bytes of tensor data, found 255',
    );
    expect(reasonFor(file.subarray(0, 20), { fileBytes: file.length })).toMatch(/^only 20 bytes were read/);
  });

  describe('refuses a broken file and says why', () => {
    const cases: Array<[string, () => Uint8Array, string | RegExp]> = [
      ['shorter than 8 bytes', () => new Uint8Array(5), 'file is shorter than its 8-byte header length (5 bytes)'],
      ['an empty header', () => fileWithHeader(''), 'header is empty'],
      [
        'a header length past the end of the file',
        () => fileWithHeader('{}').subarray(0, 9),
        'file is shorter than its header: header length says 2 bytes, only 1 follow',
      ],
      [
        'a header length over the limit',
        () => {
          const bytes = new Uint8Array(16);
          new DataView(bytes.buffer).setBigUint64(0, 2n ** 63n, true);
          return bytes;
        },
        'header length is 9223372036854775808 bytes, more than the 100000000 allowed',
      ],
      ['a header that is not UTF-8', () => fileWithHeaderBytes(new Uint8Array([0x7b, 0xff, 0x7d])), 'header is not valid UTF-8'],
      ['a header that is not JSON', () => fileWithHeader('{"a": '), 'header is not valid JSON'],
      ['a header that does not start with {', () => fileWithHeader(' {}'), /does not start with '\{'/],
      ['a header that is a list', () => fileWithHeader('[1]'), /does not start with '\{'/],
      ['metadata that is not strings', () => fileWithHeader({ __metadata__: { epochs: 3 } }), '__metadata__ entry "epochs" is a number, not a string'],
      ['metadata that is a list', () => fileWithHeader({ __metadata__: ['x'] }), '__metadata__ is not an object of strings'],
      ['a tensor entry that is not an object', () => fileWithHeader({ w: 3 }), 'tensor w: entry is a number, not an object'],
      ['a missing dtype', () => fileWithHeader({ w: { shape: [1], data_offsets: [0, 4] } }, 4), 'tensor w: dtype is missing'],
      ['an unknown dtype', () => fileWithHeader({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16), 'tensor w: unknown dtype "F128"'],
      ['a missing shape', () => fileWithHeader({ w: { dtype: 'F32', data_offsets: [0, 4] } }, 4), 'tensor w: shape is missing'],
      [
        'a negative dimension',
        () => fileWithHeader({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4),
        'tensor w: shape must be a list of non-negative integers',
      ],
      [
        'offsets that are not a pair',
        () => fileWithHeader({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4),
        'tensor w: data_offsets must be two non-negative integers [begin, end]',
      ],
      [
        'an end before its begin',
        () => fileWithHeader({ w: { dtype: 'U8', shape: [0], data_offsets: [4, 0] } }, 4),
        'tensor w: data_offsets end (0) is before begin (4)',
      ],
      [
        'offsets that disagree with dtype and shape',
        () => fileWithHeader({ w: { dtype: 'F16', shape: [4, 320], data_offsets: [0, 2000] } }, 2000),
        'tensor w: data_offsets span 2000 bytes but F16 [4, 320] needs 2560',
      ],
      [
        'a sub-byte tensor that ends mid-byte',
        () => fileWithHeader({ w: { dtype: 'F4', shape: [3], data_offsets: [0, 2] } }, 2),
        /^tensor w: shape \[3\] of F4 is not a whole/,
      ],
      [
        'overlapping tensors',
        () => fileWithHeader({ 'lora_down.weight': f32x2(0), 'lora_up.weight': { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12),
        'tensor lora_up.weight: data_offsets overlap',
      ],
      ['a gap between tensors', () => fileWithHeader({ a: f32x2(0), b: f32x2(12) }, 20), 'tensor b: data_offsets leave a gap of 4 bytes before it'],
      ['a first tensor that does not start at 0', () => fileWithHeader({ a: f32x2(8) }, 16), 'tensor a: data_offsets leave a gap of 8 bytes before it'],
      [
        'tensor data cut short',
        () => fileWithHeader({ a: { dtype: 'U8', shape: [12345], data_offsets: [0, 12345] } }, 100),
        'file is truncated: header promises 12345 bytes of tensor data, found 100',
      ],
      [
        'bytes after the last tensor',
        () => fileWithHeader({ a: f32x2(0) }, 10),
        'file has 2 unexplained bytes after its tensor data (header covers 8 of 10)',
      ],
    ];

    it.each(cases)('%s', (_label, makeBytes, reason) => {
      expect(reasonFor(makeBytes())).toMatch(reason);
    });
  });

  it('honours a smaller maxHeaderBytes', () => {
    expect(reasonFor(fileWithHeader('{"__metadata__":{"a":"b"}}'), { maxHeaderBytes: 10 })).toBe(
      'header length is 26 bytes, more than the 10 allowed',
    );
  });

  it('reads a header inside a larger buffer (non-zero byteOffset)', () => {
    const file = encodeSafetensors({ tensors: [{ name: 'w', dtype: 'F16', shape: [3] }] });
    const backing = new Uint8Array(file.length + 5);
    backing.set(file, 5);
    expect(parseSafetensorsHeader(backing.subarray(5)).ok).toBe(true);
  });
});

describe('readSafetensorsHeaderLength', () => {
  it('reads the little-endian length from the first 8 bytes', () => {
    expect(readSafetensorsHeaderLength(new Uint8Array([0x10, 0x01, 0, 0, 0, 0, 0, 0]))).toEqual({ ok: true, headerBytes: 272 });
  });

  it('refuses fewer than 8 bytes', () => {
    expect(readSafetensorsHeaderLength(new Uint8Array(3))).toEqual({
      ok: false,
      reason: 'file is shorter than its 8-byte header length (3 bytes)',
    });
  });
});
