import type { SafetensorsDtype } from './dtype.js';

export interface SafetensorsTensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  // Offsets into the data buffer, which starts at byte 8 + headerBytes of the file.
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  // Ordered by data offset, which is also file order.
  tensors: SafetensorsTensorInfo[];
  // Length of the tensor data buffer that follows the header.
  dataBytes: number;
  // Length of the JSON header (the u64 at the start of the file), without those 8 bytes.
  headerBytes: number;
}

export type SafetensorsParseResult = { ok: true; header: SafetensorsHeader } | { ok: false; reason: string };

export type SafetensorsHeaderLengthResult = { ok: true; headerBytes: number } | { ok: false; reason: string };
