import { crc32, deflateSync } from 'node:zlib';
import { makeDemoLoraSafetensors, type DemoLoraOptions } from '@atelier/safetensors';
import sharp from 'sharp';

// Fixture files generated at test time, so the repo holds no binaries and each test states only the size it needs.

interface ImageSize {
  width?: number;
  height?: number;
}

// Noise rather than a flat colour: real-looking entropy, so cutting a file short removes real image data.
function noiseImage({ width = 64, height = 48 }: ImageSize) {
  return sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  });
}

export function makePngBytes(size: ImageSize = {}): Promise<Buffer> {
  return noiseImage(size).png().toBuffer();
}

export function makeJpegBytes(size: ImageSize = {}): Promise<Buffer> {
  return noiseImage(size).jpeg({ quality: 80 }).toBuffer();
}

export function makeWebpBytes(size: ImageSize = {}): Promise<Buffer> {
  return noiseImage(size).webp().toBuffer();
}

export function makeGifBytes(size: ImageSize = {}): Promise<Buffer> {
  return noiseImage(size).gif().toBuffer();
}

// A complete, valid 1-bit greyscale PNG that declares width x height (default 100 megapixels) in ~12 KB:
// it decodes to 100 MB+ of pixels, which is exactly what the pixel limit must refuse before decoding.
export function makePixelBombPng({ width = 10_000, height = 10_000 }: ImageSize = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale; compression, filter and interlace stay 0
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + packed pixels
  const pixels = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
}

// Keeps the first `length` bytes (like truncate(2)); a negative length drops that many from the end.
export function truncate(bytes: Uint8Array, length: number): Buffer {
  return Buffer.from(bytes.subarray(0, length));
}

// A minimal one-page PDF with a correct cross-reference table, written by hand.
export function makePdfBytes({ text = 'I consent.' }: { text?: string } = {}): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[\\()]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export function makeLoraBytes(options: Partial<DemoLoraOptions> = {}): Buffer {
  const bytes = makeDemoLoraSafetensors({ name: 'Test LoRA', baseModel: 'sd15', ...options });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Bytes + file name + content type -> the `declared` argument of inspectAssetContent, honest by default. */
export function declaredFor(bytes: Uint8Array, fileName: string, contentType: string) {
  return { fileName, contentType, byteSize: bytes.length };
}
