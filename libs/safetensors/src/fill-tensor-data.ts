import type { SafetensorsDtype } from './dtype.js';

/** seed + tensor name -> a reproducible PRNG (mulberry32) returning floats in [0, 1). */
export function createSeededRandom(seed: number, name: string): () => number {
  let state = (seed ^ hashString(name)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Floats get small finite weights (|x| < 0.01) so a demo file loads into a real pipeline without NaNs;
// other dtypes get raw random bytes.
/** dtype + byte length + seed + name -> deterministic pseudo-random tensor data. */
export function fillPseudoRandomTensorData(
  dtype: SafetensorsDtype,
  byteLength: number,
  seed: number,
  name: string,
): Uint8Array {
  const random = createSeededRandom(seed, name);
  const bytes = new Uint8Array(byteLength);
  const view = new DataView(bytes.buffer);
  const smallWeight = () => (random() * 2 - 1) * 0.01;
  if (dtype === 'F32') {
    for (let i = 0; i + 4 <= byteLength; i += 4) view.setFloat32(i, smallWeight(), true);
  } else if (dtype === 'F64') {
    for (let i = 0; i + 8 <= byteLength; i += 8) view.setFloat64(i, smallWeight(), true);
  } else if (dtype === 'F16') {
    for (let i = 0; i + 2 <= byteLength; i += 2) view.setUint16(i, toFloat16Bits(smallWeight()), true);
  } else if (dtype === 'BF16') {
    for (let i = 0; i + 2 <= byteLength; i += 2) view.setUint16(i, toBFloat16Bits(smallWeight()), true);
  } else {
    for (let i = 0; i < byteLength; i++) bytes[i] = Math.floor(random() * 256);
  }
  return bytes;
}

/** number -> IEEE 754 half-precision bits (round to nearest even). */
export function toFloat16Bits(value: number): number {
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, value);
  const x = f32.getUint32(0);
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const half = full >>> shift;
    const remainder = full & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (remainder > midpoint || (remainder === midpoint && half & 1) ? 1 : 0));
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent.
  return sign | (half + (remainder > 0x1000 || (remainder === 0x1000 && half & 1) ? 1 : 0));
}

function toBFloat16Bits(value: number): number {
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, value);
  const x = f32.getUint32(0);
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function hashString(text: string): number {
  // FNV-1a over UTF-16 code units: stable across platforms, enough to spread seeds per tensor.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
