import { computeTensorByteLength, type SafetensorsDtype } from './dtype.js';
import { fillPseudoRandomTensorData } from './fill-tensor-data.js';

export interface SafetensorsTensorInput {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  // Omitted: deterministic pseudo-random data derived from `seed` and the tensor name.
  data?: Uint8Array;
}

export interface EncodeSafetensorsInput {
  metadata?: Record<string, string>;
  tensors: SafetensorsTensorInput[];
  seed?: number;
}

/** Metadata + tensors -> the bytes of a valid .safetensors file (tensors stored in the given order). */
export function encodeSafetensors(input: EncodeSafetensorsInput): Uint8Array {
  const seed = input.seed ?? 0;
  const header: Record<string, unknown> = {};
  if (input.metadata && Object.keys(input.metadata).length > 0) {
    defineEntry(header, '__metadata__', { ...input.metadata });
  }

  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of input.tensors) {
    if (tensor.name === '__metadata__') throw new Error('a tensor cannot be named __metadata__');
    if (Object.hasOwn(header, tensor.name)) throw new Error(`tensor ${tensor.name} appears twice`);
    if (!tensor.shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
      throw new Error(`tensor ${tensor.name}: shape must be non-negative integers`);
    }
    const byteLength = computeTensorByteLength(tensor.dtype, tensor.shape);
    if (byteLength === null) throw new Error(`tensor ${tensor.name}: shape is not a whole number of bytes`);
    const data = tensor.data ?? fillPseudoRandomTensorData(tensor.dtype, byteLength, seed, tensor.name);
    if (data.length !== byteLength) {
      throw new Error(`tensor ${tensor.name}: data is ${data.length} bytes, ${tensor.dtype} [${tensor.shape.join(', ')}] needs ${byteLength}`);
    }
    defineEntry(header, tensor.name, { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + byteLength] });
    chunks.push(data);
    offset += byteLength;
  }

  // Like the reference writer: pad the JSON with spaces so tensor data starts 8-byte aligned.
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + headerBytes + offset);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerBytes), true);
  file.set(json, 8);
  file.fill(0x20, 8 + json.length, 8 + headerBytes);
  let cursor = 8 + headerBytes;
  for (const chunk of chunks) {
    file.set(chunk, cursor);
    cursor += chunk.length;
  }
  return file;
}

// Plain assignment would turn a "__proto__" name into a prototype change instead of a key.
function defineEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
