import { parseSafetensorsHeader, readSafetensorsHeaderLength } from '@atelier/safetensors';
import sharp, { type Sharp } from 'sharp';
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';

// Content checks run when an upload completes: is the file what it says it is, and safe to process?
// Refusals are for the designer or admin who uploaded it, said by reason (@atelier/messages) so the
// studio can translate them; `detail` carries the technical cause for logs.

export type AssetKind = 'REFERENCE_IMAGE' | 'LORA' | 'CONSENT_DOCUMENT' | 'SUBJECT_PHOTO' | 'IDENTITY_LORA' | 'IDENTITY_PHOTO';

// No registered media type exists for safetensors; this is the name we store and compare against.
export const SAFETENSORS_CONTENT_TYPE = 'application/x-safetensors';
const GENERIC_CONTENT_TYPE = 'application/octet-stream';

const MB = 1024 * 1024;

// The word for each kind in its own sentences: asset.noSuch.referenceImage, asset.uploadForbidden.lora, ...
export type AssetKindWord = 'referenceImage' | 'lora' | 'subjectPhoto' | 'consentDocument' | 'identityLora' | 'identityPhoto';

export interface AssetKindRule {
  word: AssetKindWord;
  // Said to people ("Only PNG, JPEG, WebP files are accepted here."): names, not words, so any language can use them.
  formats: readonly string[];
  maxBytes: number;
  // Images only: width x height, checked from the header before any decoding.
  maxPixels?: number;
  // Canonical types the file's bytes must turn out to be.
  allowedContentTypes: readonly string[];
  // Lower-case, with the dot.
  allowedExtensions: readonly string[];
  // Browsers send application/octet-stream (or nothing) for unfamiliar extensions such as .safetensors.
  acceptsGenericDeclaredType: boolean;
}

// PNG, JPEG or WebP pictures up to 20 MB and 40 megapixels.
const IMAGE_RULE: Omit<AssetKindRule, 'word'> = {
  formats: ['PNG', 'JPEG', 'WebP'],
  maxBytes: 20 * MB,
  maxPixels: 40_000_000,
  allowedContentTypes: ['image/png', 'image/jpeg', 'image/webp'],
  allowedExtensions: ['.png', '.jpg', '.jpeg', '.webp'],
  acceptsGenericDeclaredType: false,
};

// .safetensors files up to 2 GB, checked from their header.
const LORA_RULE: Omit<AssetKindRule, 'word'> = {
  formats: ['.safetensors'],
  maxBytes: 2 * 1024 * MB,
  allowedContentTypes: [SAFETENSORS_CONTENT_TYPE],
  allowedExtensions: ['.safetensors'],
  acceptsGenericDeclaredType: true,
};

export const ASSET_KIND_RULES: Readonly<Record<AssetKind, AssetKindRule>> = {
  REFERENCE_IMAGE: { ...IMAGE_RULE, word: 'referenceImage' },
  LORA: { ...LORA_RULE, word: 'lora' },
  // A consented photo of a preview face (identity data: admins only, deleted with the face).
  SUBJECT_PHOTO: { ...IMAGE_RULE, word: 'subjectPhoto' },
  // A consumer app's end user: checked as a preview face's identity LoRA and photo are.
  IDENTITY_LORA: { ...LORA_RULE, word: 'identityLora' },
  IDENTITY_PHOTO: { ...IMAGE_RULE, word: 'identityPhoto' },
  CONSENT_DOCUMENT: {
    word: 'consentDocument',
    formats: ['PDF', 'PNG', 'JPEG'],
    maxBytes: 20 * MB,
    maxPixels: 40_000_000,
    allowedContentTypes: ['application/pdf', 'image/png', 'image/jpeg'],
    allowedExtensions: ['.pdf', '.png', '.jpg', '.jpeg'],
    acceptsGenericDeclaredType: false,
  },
};

export type AssetInspectionFailureCode = 'WRONG_TYPE' | 'TOO_LARGE' | 'SIZE_MISMATCH' | 'PIXEL_LIMIT' | 'CORRUPT';

export type AssetInspectionResult =
  | { ok: true; contentType: string; width?: number; height?: number; metadata?: Record<string, unknown> }
  | { ok: false; code: AssetInspectionFailureCode; refusal: AssetRefusal; message: string; detail?: string };

/** Why a file is refused: a reason of @atelier/messages, its params, and its English. */
export interface AssetRefusal {
  reason: ApiMessageKey;
  params: MessageParams;
  message: string;
}

export interface DeclaredUpload {
  contentType: string;
  fileName: string;
  byteSize: number;
}

// What people call each format, so a refusal can name what they actually sent (in any language).
const FORMAT_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/heic': 'HEIC',
  'image/avif': 'AVIF',
  'image/tiff': 'TIFF',
  'image/bmp': 'BMP',
  'application/pdf': 'PDF',
  'application/zip': 'ZIP (Word/Office)',
  [SAFETENSORS_CONTENT_TYPE]: '.safetensors',
};

const formatName = (contentType: string) => FORMAT_NAMES[contentType] ?? contentType;

/** The kind's accepted formats and extensions, as refusals name them. */
export function acceptedFormats(kind: AssetKind): { formats: string; extensions: string } {
  const rule = ASSET_KIND_RULES[kind];
  return { formats: rule.formats.join(', '), extensions: rule.allowedExtensions.join(', ') };
}

/** A refusal said by reason: the English is that reason's sentence. */
export function assetRefusal(reason: ApiMessageKey, params: MessageParams = {}): AssetRefusal {
  return { reason, params, message: apiMessage(reason, params) };
}

const CONTENT_TYPE_ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-pdf': 'application/pdf',
  'application/safetensors': SAFETENSORS_CONTENT_TYPE,
  'binary/octet-stream': GENERIC_CONTENT_TYPE,
  '': GENERIC_CONTENT_TYPE,
};

/** Declared Content-Type header -> its canonical lower-case form ("image/jpg; x=y" -> "image/jpeg", "" -> octet-stream). */
export function normalizeContentType(declared: string): string {
  const bare = declared.split(';')[0]!.trim().toLowerCase();
  return CONTENT_TYPE_ALIASES[bare] ?? bare;
}

/** Kind + declared content type -> whether requestUpload should accept it. */
export function isDeclaredContentTypeAllowed(kind: AssetKind, declared: string): boolean {
  const rule = ASSET_KIND_RULES[kind];
  const type = normalizeContentType(declared);
  return rule.allowedContentTypes.includes(type) || (rule.acceptsGenericDeclaredType && type === GENERIC_CONTENT_TYPE);
}

/** Kind + file name -> whether its extension is one the kind accepts. */
export function isFileNameAllowed(kind: AssetKind, fileName: string): boolean {
  return ASSET_KIND_RULES[kind].allowedExtensions.includes(extensionOf(fileName));
}

/** First bytes of a file (16 are enough) -> its content type from magic bytes, or null when unrecognised. */
export function sniffContentType(head: Uint8Array): string | null {
  const startsWith = (signature: readonly number[], at = 0) => signature.every((byte, i) => head[at + i] === byte);
  const ascii = (text: string, at = 0) => startsWith([...text].map((c) => c.charCodeAt(0)), at);

  // safetensors has no magic number: a plausible little-endian header length (<= 100 MB, so bytes 4-7
  // are zero), then the JSON's '{'. Checked first because 'BM', 'II*' or 'PK' could be the low bytes
  // of such a length, while every format below has non-zero bytes 4-7.
  if (head.length >= 9 && head[8] === 0x7b && readSafetensorsHeaderLength(head.subarray(0, 8)).ok) {
    return SAFETENSORS_CONTENT_TYPE;
  }
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'image/webp';
  if (ascii('GIF87a') || ascii('GIF89a')) return 'image/gif';
  if (ascii('%PDF-')) return 'application/pdf';
  if (ascii('ftyp', 4)) {
    if (ascii('avif', 8) || ascii('avis', 8)) return 'image/avif';
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'mif1', 'msf1'].some((brand) => ascii(brand, 8))) return 'image/heic';
  }
  if (ascii('II*\0') || ascii('MM\0*')) return 'image/tiff';
  if (ascii('BM') && head.length >= 14) return 'image/bmp';
  if (startsWith([0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  return null;
}

/**
 * Kind + uploaded bytes + what the client declared -> the verified content type and facts, or why it
 * is refused. For LoRAs `bytes` may be just the file's start (8 bytes + header) with `totalBytes`
 * the stored size, so multi-gigabyte files are checked without loading them.
 */
export async function inspectAssetContent(
  kind: AssetKind,
  bytes: Buffer,
  declared: DeclaredUpload,
  opts: {
    totalBytes?: number;
    /**
     * Images: the decode of every pixel that catches broken image data, given the image (pixel
     * limit and failOn already set); a caller that needs a decode anyway (a thumbnail) does it here,
     * so the pixels are decoded once. Its failure refuses the file as the default decode's would.
     */
    decode?: (image: Sharp) => Promise<unknown>;
  } = {},
): Promise<AssetInspectionResult> {
  const rule = ASSET_KIND_RULES[kind];
  const totalBytes = opts.totalBytes ?? bytes.length;
  const isPrefix = totalBytes !== bytes.length;

  const accepted = acceptedFormats(kind);
  if (totalBytes > rule.maxBytes) {
    return refuse('TOO_LARGE', 'asset.tooLarge', { size: formatBytes(totalBytes), max: formatBytes(rule.maxBytes) });
  }
  if (totalBytes !== declared.byteSize) {
    return refuse('SIZE_MISMATCH', 'asset.sizeMismatch', { received: formatBytes(totalBytes), expected: formatBytes(declared.byteSize) }, `received ${totalBytes} bytes, declared ${declared.byteSize}`);
  }
  if (totalBytes === 0) return refuse('CORRUPT', 'asset.empty');

  const sniffed = sniffContentType(bytes.subarray(0, 16));
  if (sniffed === null) return refuse('WRONG_TYPE', 'asset.formatUnrecognised', { formats: accepted.formats });
  if (!rule.allowedContentTypes.includes(sniffed)) {
    return refuse('WRONG_TYPE', 'asset.formatNotAccepted', { format: formatName(sniffed), formats: accepted.formats });
  }
  const declaredType = normalizeContentType(declared.contentType);
  const isGenericAllowed = rule.acceptsGenericDeclaredType && declaredType === GENERIC_CONTENT_TYPE;
  if (declaredType !== sniffed && !isGenericAllowed) {
    return refuse('WRONG_TYPE', 'asset.formatMislabelled', { declared: formatName(declaredType), actual: formatName(sniffed) }, `declared ${declared.contentType}, sniffed ${sniffed}`);
  }

  // Checked after the contents, so a GIF named .gif hears that GIFs are refused, not that its name is.
  if (!isFileNameAllowed(kind, declared.fileName)) {
    const extension = extensionOf(declared.fileName);
    return extension ? refuse('WRONG_TYPE', 'asset.extensionMismatch', { extension, ...accepted }) : refuse('WRONG_TYPE', 'asset.extensionMissing', accepted);
  }

  if (sniffed === SAFETENSORS_CONTENT_TYPE) return inspectLora(bytes, totalBytes);
  if (isPrefix) throw new Error(`inspectAssetContent: only LoRA files may be inspected from a prefix (got ${sniffed})`);
  if (sniffed === 'application/pdf') return inspectPdf(bytes);
  return inspectImage(bytes, sniffed, rule.maxPixels ?? Number.MAX_SAFE_INTEGER, opts.decode);
}

const JPEG_END_OF_IMAGE = Buffer.from([0xff, 0xd9]);
const JPEG_START_OF_SCAN = Buffer.from([0xff, 0xda]);

// A small thumbnail nobody keeps: what decodes every pixel when the caller has no use for them.
const decodeToNothing = (image: Sharp) => image.resize(64, 64, { fit: 'inside' }).raw().toBuffer();

async function inspectImage(bytes: Buffer, contentType: string, maxPixels: number, decode: (image: Sharp) => Promise<unknown> = decodeToNothing): Promise<AssetInspectionResult> {
  const damaged = 'asset.imageDamaged';

  // metadata() reads only the header, so a pixel bomb is measured here without being decoded.
  let width: number;
  let height: number;
  let metadata: Record<string, unknown>;
  try {
    const header = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
    width = header.autoOrient?.width ?? header.width;
    height = header.autoOrient?.height ?? header.height;
    metadata = { format: header.format, channels: header.channels, hasAlpha: header.hasAlpha, space: header.space };
  } catch (error) {
    return refuse('CORRUPT', damaged, {}, describeError(error));
  }
  if (!(width > 0 && height > 0)) return refuse('CORRUPT', damaged, {}, 'header has no dimensions');
  if (width * height > maxPixels) {
    return refuse('PIXEL_LIMIT', 'asset.imageTooManyPixels', { width, height, megapixels: megapixels(width * height), maxMegapixels: megapixels(maxPixels) });
  }

  // libjpeg only warns when the end-of-image marker is missing, and whether libvips then fails
  // depends on the last bytes; so check it ourselves. Entropy-coded data never contains FF D9.
  if (contentType === 'image/jpeg' && bytes.lastIndexOf(JPEG_END_OF_IMAGE) < bytes.lastIndexOf(JPEG_START_OF_SCAN)) {
    return refuse('CORRUPT', damaged, {}, 'no JPEG end-of-image marker after the last scan');
  }

  // Decode every pixel (into a small thumbnail, or the caller's) so truncated or broken image data is caught now, not in a preview job.
  // limitInputPixels repeats the check above in case the decoder sees different dimensions.
  try {
    await decode(sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels }));
  } catch (error) {
    const detail = describeError(error);
    if (/pixel limit/i.test(detail)) {
      return refuse('PIXEL_LIMIT', 'asset.imageOverPixelLimit', { maxMegapixels: megapixels(maxPixels) }, detail);
    }
    return refuse('CORRUPT', damaged, {}, detail);
  }
  return { ok: true, contentType, width, height, metadata };
}

function inspectLora(bytes: Buffer, totalBytes: number): AssetInspectionResult {
  const parsed = parseSafetensorsHeader(bytes, { fileBytes: totalBytes });
  if (!parsed.ok) {
    // The parser's reason is technical English: it goes to the log, not into the sentence.
    return refuse('CORRUPT', 'asset.loraDamaged', {}, parsed.reason);
  }
  const { metadata, tensors, dataBytes } = parsed.header;
  if (tensors.length === 0) return refuse('CORRUPT', 'asset.loraEmpty');
  // kohya, diffusers/PEFT and LyCORIS all name their tensors like this; a full checkpoint does not.
  if (!tensors.some((tensor) => /lora|hada_|lokr_|oft_/i.test(tensor.name))) {
    return refuse('WRONG_TYPE', 'asset.loraNotLora', {}, `${tensors.length} tensors, none named like a LoRA (first: ${tensors[0]!.name})`);
  }
  return {
    ok: true,
    contentType: SAFETENSORS_CONTENT_TYPE,
    metadata: {
      tensorCount: tensors.length,
      dataBytes,
      baseModelVersion: metadata['ss_base_model_version'] ?? metadata['modelspec.architecture'],
      networkModule: metadata['ss_network_module'],
      networkDim: metadata['ss_network_dim'],
      title: metadata['modelspec.title'] ?? metadata['ss_output_name'],
      safetensorsMetadata: metadata,
    },
  };
}

function inspectPdf(bytes: Buffer): AssetInspectionResult {
  const damaged = 'asset.pdfDamaged';
  const version = /^%PDF-(\d+\.\d+)/.exec(bytes.subarray(0, 16).toString('latin1'))?.[1];
  if (!version) return refuse('CORRUPT', damaged, {}, 'no %PDF-x.y version line');
  // Readers look for the end-of-file marker in the last 1024 bytes; a cut-off upload has none.
  if (!bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF', 0, 'latin1')) {
    return refuse('CORRUPT', damaged, {}, 'no %%EOF in the last 1024 bytes');
  }
  return { ok: true, contentType: 'application/pdf', metadata: { pdfVersion: version } };
}

function refuse(code: AssetInspectionFailureCode, reason: ApiMessageKey, params: MessageParams = {}, detail?: string): AssetInspectionResult {
  const refusal = assetRefusal(reason, params);
  // `message` (the refusal's English) is what the worker API says about a preview output it refuses.
  return detail === undefined ? { ok: false, code, refusal, message: refusal.message } : { ok: false, code, refusal, message: refusal.message, detail };
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot).toLowerCase() : '';
}

/** A size as refusals say it: "512 B", "1.5 KB", "20 MB", "2 GB" (units every language reads). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Number((bytes / (1024 * MB)).toFixed(2))} GB`;
}

function megapixels(pixels: number): number {
  return Number((pixels / 1_000_000).toFixed(1));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
