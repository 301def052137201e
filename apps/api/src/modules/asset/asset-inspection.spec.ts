import { encodeSafetensors } from '@atelier/safetensors';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { apiMessage } from '@atelier/messages';
import {
  declaredFor,
  makeGifBytes,
  makeJpegBytes,
  makeLoraBytes,
  makePdfBytes,
  makePixelBombPng,
  makePngBytes,
  makeWebpBytes,
  truncate,
} from '../../../test/factories/asset-fixtures.js';
import {
  ASSET_KIND_RULES,
  SAFETENSORS_CONTENT_TYPE,
  inspectAssetContent,
  isDeclaredContentTypeAllowed,
  isFileNameAllowed,
  normalizeContentType,
  sniffContentType,
  type AssetInspectionResult,
} from './asset-inspection.js';

function expectRefused(result: AssetInspectionResult, code: string, message?: string | RegExp) {
  expect(result).toMatchObject({ ok: false, code });
  if (result.ok) return;
  // Said by reason, so the studio can translate it; the English is that reason's sentence.
  expect(result.refusal.message).toBe(apiMessage(result.refusal.reason, result.refusal.params));
  expect(result.message).toBe(result.refusal.message);
  if (message !== undefined) expect(result.message).toMatch(message);
}

let png: Buffer;
let jpeg: Buffer;
let webp: Buffer;
let gif: Buffer;
const pdf = makePdfBytes();
const lora = makeLoraBytes();

beforeAll(async () => {
  [png, jpeg, webp, gif] = await Promise.all([
    makePngBytes({ width: 120, height: 80 }),
    makeJpegBytes({ width: 120, height: 80 }),
    makeWebpBytes({ width: 120, height: 80 }),
    makeGifBytes({ width: 16, height: 16 }),
  ]);
});

describe('sniffContentType', () => {
  it('recognises each format from its first bytes', () => {
    expect(sniffContentType(png)).toBe('image/png');
    expect(sniffContentType(jpeg)).toBe('image/jpeg');
    expect(sniffContentType(webp)).toBe('image/webp');
    expect(sniffContentType(gif)).toBe('image/gif');
    expect(sniffContentType(pdf)).toBe('application/pdf');
    expect(sniffContentType(lora.subarray(0, 16))).toBe(SAFETENSORS_CONTENT_TYPE);
    expect(sniffContentType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0', 'latin1'))).toBe('image/heic');
    expect(sniffContentType(Buffer.from('PK\x03\x04\x14\0\x06\0', 'latin1'))).toBe('application/zip');
  });

  it('returns null for text, empty input and an implausible safetensors length', () => {
    expect(sniffContentType(Buffer.from('hello, world!'))).toBeNull();
    expect(sniffContentType(new Uint8Array(0))).toBeNull();
    const hugeHeader = Buffer.alloc(16);
    hugeHeader.writeBigUInt64LE(2n ** 40n);
    hugeHeader[8] = 0x7b;
    expect(sniffContentType(hugeHeader)).toBeNull();
  });

  it('prefers safetensors when its header length happens to start with "BM"', () => {
    const head = Buffer.alloc(16);
    head.write('BM', 0, 'latin1');
    head[8] = 0x7b;
    expect(sniffContentType(head)).toBe(SAFETENSORS_CONTENT_TYPE);
  });
});

describe('upload rules used at requestUpload time', () => {
  it('normalises declared content types', () => {
    expect(normalizeContentType('IMAGE/JPG; charset=binary')).toBe('image/jpeg');
    expect(normalizeContentType('')).toBe('application/octet-stream');
  });

  it('accepts a generic content type only for LoRA files', () => {
    expect(isDeclaredContentTypeAllowed('LORA', '')).toBe(true);
    expect(isDeclaredContentTypeAllowed('LORA', 'application/octet-stream')).toBe(true);
    expect(isDeclaredContentTypeAllowed('REFERENCE_IMAGE', 'application/octet-stream')).toBe(false);
    expect(isDeclaredContentTypeAllowed('REFERENCE_IMAGE', 'image/gif')).toBe(false);
    expect(isDeclaredContentTypeAllowed('CONSENT_DOCUMENT', 'application/pdf')).toBe(true);
  });

  it('checks extensions case-insensitively', () => {
    expect(isFileNameAllowed('REFERENCE_IMAGE', 'IMG_0042.JPG')).toBe(true);
    expect(isFileNameAllowed('LORA', 'style.ckpt')).toBe(false);
    expect(ASSET_KIND_RULES.LORA.maxBytes).toBe(2 * 1024 ** 3);
  });
});

describe('inspectAssetContent', () => {
  describe('accepts good files', () => {
    it('a PNG reference image, with its size', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', png, declaredFor(png, 'pose.png', 'image/png'));
      expect(result).toMatchObject({ ok: true, contentType: 'image/png', width: 120, height: 80, metadata: { format: 'png' } });
    });

    it('a JPEG declared with the image/jpg alias', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', jpeg, declaredFor(jpeg, 'IMG_0042.JPG', 'image/jpg'));
      expect(result).toMatchObject({ ok: true, contentType: 'image/jpeg', width: 120, height: 80 });
    });

    it('a WebP reference image', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', webp, declaredFor(webp, 'light.webp', 'image/webp'));
      expect(result).toMatchObject({ ok: true, contentType: 'image/webp' });
    });

    it('an image of exactly 40 megapixels', async () => {
      const bytes = makePixelBombPng({ width: 8000, height: 5000 });
      const result = await inspectAssetContent('REFERENCE_IMAGE', bytes, declaredFor(bytes, 'wide.png', 'image/png'));
      expect(result).toMatchObject({ ok: true, width: 8000, height: 5000 });
    });

    it.each(['application/octet-stream', '', SAFETENSORS_CONTENT_TYPE])(
      'a LoRA declared as "%s", with its kohya metadata',
      async (contentType) => {
        const result = await inspectAssetContent('LORA', lora, declaredFor(lora, 'soft-light.safetensors', contentType));
        expect(result).toMatchObject({
          ok: true,
          contentType: SAFETENSORS_CONTENT_TYPE,
          metadata: { baseModelVersion: 'sd_v1', networkModule: 'networks.lora', networkDim: '4', title: 'Test LoRA' },
        });
      },
    );

    it('an SDXL LoRA', async () => {
      const bytes = makeLoraBytes({ baseModel: 'sdxl', rank: 8 });
      const result = await inspectAssetContent('LORA', bytes, declaredFor(bytes, 'xl.safetensors', ''));
      expect(result).toMatchObject({ ok: true, metadata: { baseModelVersion: 'sdxl_base_v1-0', networkDim: '8' } });
    });

    it('a PDF consent document', async () => {
      const result = await inspectAssetContent('CONSENT_DOCUMENT', pdf, declaredFor(pdf, 'consent.pdf', 'application/pdf'));
      expect(result).toEqual({ ok: true, contentType: 'application/pdf', metadata: { pdfVersion: '1.4' } });
    });

    it('a photographed consent document (JPEG)', async () => {
      const result = await inspectAssetContent('CONSENT_DOCUMENT', jpeg, declaredFor(jpeg, 'consent.jpeg', 'image/jpeg'));
      expect(result).toMatchObject({ ok: true, contentType: 'image/jpeg' });
    });
  });

  describe('refuses the wrong kind of file', () => {
    it('a GIF reference image, naming the format', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', gif, declaredFor(gif, 'loop.gif', 'image/gif'));
      expectRefused(result, 'WRONG_TYPE', 'This file is in GIF format; only PNG, JPEG, WebP files are accepted here.');
      expect(result).toMatchObject({ refusal: { reason: 'asset.formatNotAccepted', params: { format: 'GIF', formats: 'PNG, JPEG, WebP' } } });
    });

    it('a PDF uploaded as a reference image', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', pdf, declaredFor(pdf, 'moodboard.pdf', 'application/pdf'));
      expectRefused(result, 'WRONG_TYPE', 'This file is in PDF format; only PNG, JPEG, WebP files are accepted here.');
    });

    it('a Word document uploaded as consent', async () => {
      const docx = Buffer.from('PK\x03\x04\x14\0\x06\0 rest of a docx', 'latin1');
      const result = await inspectAssetContent('CONSENT_DOCUMENT', docx, declaredFor(docx, 'consent.docx', 'application/zip'));
      expectRefused(result, 'WRONG_TYPE', 'This file is in ZIP (Word/Office) format; only PDF, PNG, JPEG files are accepted here.');
    });

    it('a PNG uploaded as a LoRA', async () => {
      const result = await inspectAssetContent('LORA', png, declaredFor(png, 'style.safetensors', 'application/octet-stream'));
      expectRefused(result, 'WRONG_TYPE', 'This file is in PNG format; only .safetensors files are accepted here.');
    });

    it('bytes in no format we recognise', async () => {
      const text = Buffer.from('just some text, not an image');
      const result = await inspectAssetContent('REFERENCE_IMAGE', text, declaredFor(text, 'notes.png', 'image/png'));
      expectRefused(result, 'WRONG_TYPE', /could not recognise this file's format/);
    });

    it('a JPEG declared as a PNG', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', jpeg, declaredFor(jpeg, 'pose.png', 'image/png'));
      expectRefused(result, 'WRONG_TYPE', 'This file is labelled as PNG but its contents are JPEG.');
      expect(result).toMatchObject({ refusal: { reason: 'asset.formatMislabelled', params: { declared: 'PNG', actual: 'JPEG' } } });
      expect(result).toMatchObject({ detail: 'declared image/png, sniffed image/jpeg' });
    });

    it('a PNG declared with a generic content type', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', png, declaredFor(png, 'pose.png', 'application/octet-stream'));
      expectRefused(result, 'WRONG_TYPE', /labelled as application\/octet-stream/);
    });

    it('a good file with a name the kind does not accept', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', png, declaredFor(png, 'pose.txt', 'image/png'));
      expectRefused(result, 'WRONG_TYPE', 'The file name ends in .txt; only PNG, JPEG, WebP files are accepted here (.png, .jpg, .jpeg, .webp).');
      const noExtension = await inspectAssetContent('LORA', lora, declaredFor(lora, 'style', ''));
      expectRefused(noExtension, 'WRONG_TYPE', /has no extension/);
    });

    it('a full checkpoint uploaded as a LoRA', async () => {
      const checkpoint = Buffer.from(
        encodeSafetensors({ tensors: [{ name: 'model.diffusion_model.input_blocks.0.0.weight', dtype: 'F16', shape: [8, 4] }] }),
      );
      const result = await inspectAssetContent('LORA', checkpoint, declaredFor(checkpoint, 'model.safetensors', ''));
      expectRefused(result, 'WRONG_TYPE', /holds no LoRA weights/);
    });
  });

  describe('refuses by size', () => {
    it('a file over the kind limit, before looking inside', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024 + 1);
      png.copy(big);
      const result = await inspectAssetContent('REFERENCE_IMAGE', big, declaredFor(big, 'huge.png', 'image/png'));
      expectRefused(result, 'TOO_LARGE', 'This file is 20 MB; the limit here is 20 MB.');
    });

    it('a file whose size differs from the declared one', async () => {
      const result = await inspectAssetContent('REFERENCE_IMAGE', png, { ...declaredFor(png, 'pose.png', 'image/png'), byteSize: png.length + 10 });
      expectRefused(result, 'SIZE_MISMATCH', /the upload did not finish/);
    });

    it('an empty file', async () => {
      const empty = Buffer.alloc(0);
      expectRefused(await inspectAssetContent('CONSENT_DOCUMENT', empty, declaredFor(empty, 'consent.pdf', 'application/pdf')), 'CORRUPT', 'This file is empty.');
    });
  });

  describe('refuses pixel bombs before decoding them', () => {
    it('a 12 KB PNG that declares 10000 × 10000 pixels', async () => {
      const bomb = makePixelBombPng();
      expect(bomb.length).toBeLessThan(20_000);
      const result = await inspectAssetContent('REFERENCE_IMAGE', bomb, declaredFor(bomb, 'bomb.png', 'image/png'));
      expectRefused(result, 'PIXEL_LIMIT', 'This image is 10000 × 10000 pixels (100 megapixels); the limit is 40 megapixels.');
      expect(result).toMatchObject({ refusal: { reason: 'asset.imageTooManyPixels', params: { width: 10000, height: 10000, megapixels: 100, maxMegapixels: 40 } } });
    });

    it('from the header alone: a bomb with broken pixel data is PIXEL_LIMIT, not CORRUPT', async () => {
      const headerOnly = truncate(makePixelBombPng(), 200);
      const result = await inspectAssetContent('REFERENCE_IMAGE', headerOnly, declaredFor(headerOnly, 'bomb.png', 'image/png'));
      expectRefused(result, 'PIXEL_LIMIT');
    });

    it('an image one row over 40 megapixels, as a consent document too', async () => {
      const bytes = makePixelBombPng({ width: 8000, height: 5001 });
      const result = await inspectAssetContent('CONSENT_DOCUMENT', bytes, declaredFor(bytes, 'scan.png', 'image/png'));
      expectRefused(result, 'PIXEL_LIMIT');
    });
  });

  describe('refuses damaged files', () => {
    it.each([
      ['PNG', () => png, 'image/png', 'pose.png'],
      ['JPEG', () => jpeg, 'image/jpeg', 'pose.jpg'],
      ['WebP', () => webp, 'image/webp', 'pose.webp'],
    ] as const)('a truncated %s, by decoding it', async (_format, original, contentType, fileName) => {
      const cut = truncate(original(), Math.floor(original().length * 0.8));
      const result = await inspectAssetContent('REFERENCE_IMAGE', cut, declaredFor(cut, fileName, contentType));
      expectRefused(result, 'CORRUPT', /damaged or incomplete/);
    });

    it('a JPEG missing only its end marker', async () => {
      const cut = truncate(jpeg, -2);
      const result = await inspectAssetContent('REFERENCE_IMAGE', cut, declaredFor(cut, 'pose.jpg', 'image/jpeg'));
      expectRefused(result, 'CORRUPT');
    });

    it('a truncated LoRA, with the parser reason for the log', async () => {
      const cut = truncate(lora, 50_000);
      const result = await inspectAssetContent('LORA', cut, declaredFor(cut, 'style.safetensors', ''));
      expectRefused(result, 'CORRUPT', 'This .safetensors file is damaged or incomplete. Please export it again and re-upload.');
      expect(result).toMatchObject({ detail: expect.stringMatching(/^file is truncated: header promises \d+ bytes of tensor data, found \d+$/) });
    });

    it('a LoRA whose header is not JSON', async () => {
      const broken = Buffer.from(lora);
      broken.write('{{{{', 8, 'latin1');
      const result = await inspectAssetContent('LORA', broken, declaredFor(broken, 'style.safetensors', ''));
      expectRefused(result, 'CORRUPT', /damaged or incomplete/);
      expect(result).toMatchObject({ detail: 'header is not valid JSON' });
    });

    it('a LoRA with overlapping tensors', async () => {
      const header = JSON.stringify({
        'lora_unet_x.lora_down.weight': { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
        'lora_unet_x.lora_up.weight': { dtype: 'F16', shape: [4], data_offsets: [4, 12] },
      });
      const bytes = Buffer.alloc(8 + header.length + 12);
      bytes.writeBigUInt64LE(BigInt(header.length));
      bytes.write(header, 8, 'latin1');
      const result = await inspectAssetContent('LORA', bytes, declaredFor(bytes, 'style.safetensors', ''));
      expectRefused(result, 'CORRUPT', /damaged or incomplete/);
      expect(result).toMatchObject({ detail: expect.stringMatching(/tensor lora_unet_x.lora_up.weight: data_offsets overlap/) });
    });

    it('a safetensors file with no tensors', async () => {
      const bytes = Buffer.from(encodeSafetensors({ metadata: { format: 'pt' }, tensors: [] }));
      const result = await inspectAssetContent('LORA', bytes, declaredFor(bytes, 'empty.safetensors', ''));
      expectRefused(result, 'CORRUPT', 'This .safetensors file contains no weights.');
    });

    it('a PDF cut off before its %%EOF', async () => {
      const cut = truncate(pdf, pdf.length - 40);
      const result = await inspectAssetContent('CONSENT_DOCUMENT', cut, declaredFor(cut, 'consent.pdf', 'application/pdf'));
      expectRefused(result, 'CORRUPT', /This PDF is damaged or incomplete/);
    });

    it('a PDF with no version in its header', async () => {
      const bytes = Buffer.from('%PDF-garbage\n%%EOF\n', 'latin1');
      const result = await inspectAssetContent('CONSENT_DOCUMENT', bytes, declaredFor(bytes, 'consent.pdf', 'application/pdf'));
      expectRefused(result, 'CORRUPT');
    });
  });
});

describe('inspectAssetContent on a LoRA prefix', () => {
  const headerEnd = (bytes: Buffer) => 8 + Number(bytes.readBigUInt64LE(0));

  it('checks a LoRA from its first 8 bytes + header and the stored size alone', async () => {
    const prefix = lora.subarray(0, headerEnd(lora));
    const result = await inspectAssetContent('LORA', prefix, { contentType: 'application/octet-stream', fileName: 'style.safetensors', byteSize: lora.length }, { totalBytes: lora.length });
    expect(result).toMatchObject({ ok: true, contentType: 'application/x-safetensors' });
  });

  it('refuses a prefix whose header promises more data than the stored size', async () => {
    const prefix = lora.subarray(0, headerEnd(lora));
    const result = await inspectAssetContent('LORA', prefix, { contentType: 'application/octet-stream', fileName: 'style.safetensors', byteSize: lora.length - 10 }, { totalBytes: lora.length - 10 });
    expect(result).toMatchObject({ ok: false, code: 'CORRUPT' });
  });

  it('never inspects an image from a prefix', async () => {
    const png = await makePngBytes({ width: 16, height: 16 });
    await expect(inspectAssetContent('REFERENCE_IMAGE', png.subarray(0, 32), { contentType: 'image/png', fileName: 'a.png', byteSize: png.length }, { totalBytes: png.length })).rejects.toThrow(/prefix/);
  });
});

describe("consumer apps' identities are checked as a preview face's identity LoRA and photo are", () => {
  beforeAll(async () => {
    png = await makePngBytes();
  });

  it('uses the LoRA rules for IDENTITY_LORA and the face photo rules for IDENTITY_PHOTO', () => {
    expect({ ...ASSET_KIND_RULES.IDENTITY_LORA, word: 'lora' }).toEqual(ASSET_KIND_RULES.LORA);
    expect({ ...ASSET_KIND_RULES.IDENTITY_PHOTO, word: 'subjectPhoto' }).toEqual(ASSET_KIND_RULES.SUBJECT_PHOTO);
  });

  it('accepts a real identity LoRA and face photo, and refuses one for the other', async () => {
    expect(await inspectAssetContent('IDENTITY_LORA', lora, declaredFor(lora, 'me.safetensors', 'application/octet-stream'))).toMatchObject({ ok: true, contentType: SAFETENSORS_CONTENT_TYPE });
    expect(await inspectAssetContent('IDENTITY_PHOTO', png, declaredFor(png, 'me.png', 'image/png'))).toMatchObject({ ok: true, contentType: 'image/png' });
    expectRefused(await inspectAssetContent('IDENTITY_PHOTO', lora, declaredFor(lora, 'me.png', 'image/png')), 'WRONG_TYPE');
    expectRefused(await inspectAssetContent('IDENTITY_LORA', png, declaredFor(png, 'me.safetensors', 'application/octet-stream')), 'WRONG_TYPE');
  });
});
