import { computeTensorByteLength, isSafetensorsDtype } from './dtype.js';
import type {
  SafetensorsHeader,
  SafetensorsHeaderLengthResult,
  SafetensorsParseResult,
  SafetensorsTensorInfo,
} from './types.js';

// Same ceiling as the reference implementation: a bigger header is an attack, not a model.
export const DEFAULT_MAX_HEADER_BYTES = 100_000_000;

const METADATA_KEY = '__metadata__';

export interface ParseSafetensorsOptions {
  maxHeaderBytes?: number;
  // Size of the whole file when `bytes` holds only its beginning (e.g. an S3 range read of 8 + headerBytes).
  fileBytes?: number;
}

/** First 8 bytes of a file -> the JSON header length they declare, or why it cannot be right. */
export function readSafetensorsHeaderLength(
  first8: Uint8Array,
  opts: { maxHeaderBytes?: number } = {},
): SafetensorsHeaderLengthResult {
  const maxHeaderBytes = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  if (first8.length < 8) {
    return { ok: false, reason: `file is shorter than its 8-byte header length (${first8.length} bytes)` };
  }
  const declared = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(maxHeaderBytes)) {
    return { ok: false, reason: `header length is ${declared} bytes, more than the ${maxHeaderBytes} allowed` };
  }
  if (declared === 0n) return { ok: false, reason: 'header is empty' };
  return { ok: true, headerBytes: Number(declared) };
}

/** Bytes of a .safetensors file (or its first 8 + headerBytes, with opts.fileBytes) -> its checked header, or why it is broken. */
export function parseSafetensorsHeader(bytes: Uint8Array, opts: ParseSafetensorsOptions = {}): SafetensorsParseResult {
  const fileBytes = opts.fileBytes ?? bytes.length;
  if (fileBytes < bytes.length) {
    throw new RangeError(`fileBytes (${fileBytes}) is smaller than the ${bytes.length} bytes given`);
  }
  const length = readSafetensorsHeaderLength(bytes, opts);
  if (!length.ok) return length;
  const { headerBytes } = length;

  if (8 + headerBytes > fileBytes) {
    return {
      ok: false,
      reason: `file is shorter than its header: header length says ${headerBytes} bytes, only ${fileBytes - 8} follow`,
    };
  }
  if (8 + headerBytes > bytes.length) {
    return { ok: false, reason: `only ${bytes.length} bytes were read; the header needs ${8 + headerBytes}` };
  }

  const decoded = decodeHeaderJson(bytes.subarray(8, 8 + headerBytes));
  if (!decoded.ok) return decoded;

  const metadata = readMetadata(decoded.json[METADATA_KEY]);
  if (!metadata.ok) return metadata;

  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(decoded.json)) {
    if (name === METADATA_KEY) continue;
    const tensor = readTensorInfo(name, entry);
    if (!tensor.ok) return tensor;
    tensors.push(tensor.tensor);
  }

  const dataBytes = fileBytes - 8 - headerBytes;
  const layout = checkTensorLayout(tensors, dataBytes);
  if (!layout.ok) return layout;

  const header: SafetensorsHeader = { metadata: metadata.metadata, tensors: layout.tensors, dataBytes, headerBytes };
  return { ok: true, header };
}

type Failure = { ok: false; reason: string };

function decodeHeaderJson(headerBytes: Uint8Array): { ok: true; json: Record<string, unknown> } | Failure {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    return { ok: false, reason: 'header is not valid UTF-8' };
  }
  // The reference implementation insists on '{' first (no leading whitespace); trailing spaces are padding.
  if (!text.startsWith('{')) return { ok: false, reason: "header is not a JSON object (it does not start with '{')" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'header is not valid JSON' };
  }
  if (!isPlainRecord(json)) return { ok: false, reason: 'header is not a JSON object' };
  return { ok: true, json };
}

function readMetadata(value: unknown): { ok: true; metadata: Record<string, string> } | Failure {
  if (value === undefined) return { ok: true, metadata: {} };
  if (!isPlainRecord(value)) return { ok: false, reason: '__metadata__ is not an object of strings' };
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      return { ok: false, reason: `__metadata__ entry "${key}" is ${describeJson(entry)}, not a string` };
    }
  }
  // fromEntries defines own properties, so a "__proto__" key stays data and never becomes a prototype.
  return { ok: true, metadata: Object.fromEntries(Object.entries(value as Record<string, string>)) };
}

function readTensorInfo(name: string, entry: unknown): { ok: true; tensor: SafetensorsTensorInfo } | Failure {
  const fail = (problem: string): Failure => ({ ok: false, reason: `tensor ${name}: ${problem}` });
  if (!isPlainRecord(entry)) return fail(`entry is ${describeJson(entry)}, not an object`);

  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string') return fail('dtype is missing');
  if (!isSafetensorsDtype(dtype)) return fail(`unknown dtype "${dtype}"`);
  if (!Array.isArray(shape)) return fail('shape is missing');
  if (!shape.every(isNonNegativeSafeInteger)) return fail('shape must be a list of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeSafeInteger)) {
    return fail('data_offsets must be two non-negative integers [begin, end]');
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail(`data_offsets end (${end}) is before begin (${begin})`);

  const expected = computeTensorByteLength(dtype, shape);
  if (expected === null) return fail(`shape [${shape.join(', ')}] of ${dtype} is not a whole, representable number of bytes`);
  if (end - begin !== expected) {
    return fail(`data_offsets span ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${expected}`);
  }
  return { ok: true, tensor: { name, dtype, shape: [...shape], begin, end } };
}

// Tensors must tile the data buffer exactly: no gaps, no overlaps, nothing after the last one.
function checkTensorLayout(
  tensors: SafetensorsTensorInfo[],
  dataBytes: number,
): { ok: true; tensors: SafetensorsTensorInfo[] } | Failure {
  const ordered = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const tensor of ordered) {
    if (tensor.begin < cursor) return { ok: false, reason: `tensor ${tensor.name}: data_offsets overlap` };
    if (tensor.begin > cursor) {
      return { ok: false, reason: `tensor ${tensor.name}: data_offsets leave a gap of ${tensor.begin - cursor} bytes before it` };
    }
    cursor = tensor.end;
  }
  if (cursor > dataBytes) {
    return { ok: false, reason: `file is truncated: header promises ${cursor} bytes of tensor data, found ${dataBytes}` };
  }
  if (cursor < dataBytes) {
    return {
      ok: false,
      reason: `file has ${dataBytes - cursor} unexplained bytes after its tensor data (header covers ${cursor} of ${dataBytes})`,
    };
  }
  return { ok: true, tensors: ordered };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
