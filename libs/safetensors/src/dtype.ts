// Element sizes in bits, as the reference implementation (huggingface/safetensors) defines them.
// Sub-byte float types exist there too; a tensor of them must still fill whole bytes.
export const SAFETENSORS_DTYPE_BITS = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  I64: 64,
  U64: 64,
  F64: 64,
} as const;

export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPE_BITS;

/** string -> true when it names a dtype this library knows. */
export function isSafetensorsDtype(value: string): value is SafetensorsDtype {
  return Object.hasOwn(SAFETENSORS_DTYPE_BITS, value);
}

/** dtype + shape -> byte length of the tensor's data, or null when it is not a whole, safe number of bytes. */
export function computeTensorByteLength(dtype: SafetensorsDtype, shape: readonly number[]): number | null {
  let bits = BigInt(SAFETENSORS_DTYPE_BITS[dtype]);
  for (const dim of shape) bits *= BigInt(dim);
  if (bits % 8n !== 0n) return null;
  const bytes = bits / 8n;
  return bytes <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(bytes) : null;
}
