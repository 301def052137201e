import { writeFile } from 'node:fs/promises';
import { computeFaceCrop, makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import sharp from 'sharp';
import { describe, expect, it } from '@jest/globals';
import { fillPromptSlots, renderDraftPreview } from './draft-renderer.js';

const squareSpec = (overrides: Partial<TemplateSpec> = {}): TemplateSpec => ({
  ...makeDefaultTemplateSpec('sdxl'),
  canvas: { width: 1024, height: 1024 },
  ...overrides,
});

async function readPixel(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
}

describe('renderDraftPreview', () => {
  it('renders a PNG of the spec canvas size', async () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const png = await renderDraftPreview({ spec, subjectName: 'Ada', seed: 42 });
    const metadata = await sharp(png).metadata();
    expect(metadata.format).toBe('png');
    expect({ width: metadata.width, height: metadata.height }).toEqual({ width: 832, height: 1216 });
  });

  // How long it takes is the benches' business (bench/), not a test's.
  it('renders a 1024 x 1024 spec', async () => {
    const png = await renderDraftPreview({ spec: squareSpec(), subjectName: 'Ada Lovelace', seed: 123456789 });
    const metadata = await sharp(png).metadata();
    expect([metadata.width, metadata.height]).toEqual([1024, 1024]);
    if (process.env.DRAFT_SAMPLE_PATH) await writeFile(process.env.DRAFT_SAMPLE_PATH, png);
  }, 30_000);

  it('shows the pose skeleton in its OpenPose colours', async () => {
    const spec = squareSpec();
    const withPose = await renderDraftPreview({ spec, subjectName: 'Ada', seed: 1 });
    const withoutPose = await renderDraftPreview({ spec: { ...spec, pose: null }, subjectName: 'Ada', seed: 1 });
    expect(withPose.equals(withoutPose)).toBe(false);
    // Midway along limb 7 (right hip -> right knee), drawn in OpenPose green [0, 153, 51].
    const [hip, knee] = [spec.pose!.keypoints[8]!, spec.pose!.keypoints[9]!];
    const x = ((hip[0] + knee[0]) / 2) * 1024;
    const y = ((hip[1] + knee[1]) / 2) * 1024;
    const [r, g, b] = await readPixel(withPose, x, y);
    const [, gBefore] = await readPixel(withoutPose, x, y);
    expect(g).toBeGreaterThan(gBefore + 80);
    expect(g).toBeGreaterThan(r + 60);
    expect(g).toBeGreaterThan(b + 60);
  });

  it("outlines the face pass's head area while the face pass is on", async () => {
    const spec = squareSpec();
    const off = { ...spec, subject: { ...spec.subject, facePass: { enabled: false, denoise: 0.35 } } };
    const crop = computeFaceCrop(spec);
    const withFacePass = await renderDraftPreview({ spec, subjectName: 'Ada', seed: 1 });
    const withoutFacePass = await renderDraftPreview({ spec: off, subjectName: 'Ada', seed: 1 });
    // The crop's left edge, halfway down: a light yellow line, only with the face pass on.
    const [r, g, b] = await readPixel(withFacePass, crop.x, crop.y + crop.height / 2);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(180);
    expect(r).toBeGreaterThan(b + 60);
    expect(await readPixel(withoutFacePass, crop.x, crop.y + crop.height / 2)).not.toEqual([r, g, b]);
  });

  it('gives byte-identical PNGs for the same input', async () => {
    const input = { spec: squareSpec(), subjectName: 'Ada', seed: 7n };
    const [first, second] = [await renderDraftPreview(input), await renderDraftPreview(input)];
    expect(first.equals(second)).toBe(true);
  });

  it('draws the reference image at its placement and opacity', async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } }).png().toBuffer();
    const reference = { assetId: '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4', x: 0.75, y: 0.75, scale: 0.25, opacity: 1 };
    const spec = squareSpec({ reference, pose: null });
    const png = await renderDraftPreview({ spec, subjectName: 'Ada', seed: 1, referenceImage: red });
    const [r, g, b] = await readPixel(png, 0.75 * 1024, 0.75 * 1024 - 60);
    expect(r).toBeGreaterThan(200);
    expect(r).toBeGreaterThan(g + 80);
    expect(r).toBeGreaterThan(b + 80);
  });

  it('cuts a long prompt to two lines ending in an ellipsis', async () => {
    const spec = squareSpec();
    for (const positive of [`portrait of {subject} ${'in soft window light '.repeat(150)}`, `{subject}${'x'.repeat(3900)}`]) {
      const png = await renderDraftPreview({ spec: { ...spec, prompt: { ...spec.prompt, positive } }, subjectName: 'Ada', seed: 1 });
      expect((await sharp(png).metadata()).width).toBe(1024);
    }
  });

  it('refuses a reference image it cannot decode', async () => {
    const input = { spec: squareSpec(), subjectName: 'Ada', seed: 1, referenceImage: Buffer.from('not an image') };
    await expect(renderDraftPreview(input)).rejects.toThrow('Reference image could not be decoded');
  });
});

describe('fillPromptSlots', () => {
  it('fills the given slots and leaves the others as written', () => {
    expect(fillPromptSlots('photo of {subject}, {gender}, {age} years, {subject} smiling', { subject: 'Ada', age: '36' })).toBe(
      'photo of Ada, {gender}, 36 years, Ada smiling',
    );
  });
});
