import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { drawConditioningImages, encodeConditioningImages } from './draw-scene-map-pngs.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('drawConditioningImages', () => {
  it('draws each named map as a PNG at the canvas size, and nothing unnamed', () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const images = drawConditioningImages(spec, { poseMap: 'pose.png' });
    expect(images.map(([name]) => name)).toEqual(['pose.png']);
    const png = images[0]![1];
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: width and height, big-endian, right after the chunk header.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([spec.canvas.width, spec.canvas.height]);
  });

  it('draws the same bytes for the same spec, so a map can be stored by its content hash', () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const names = { poseMap: 'p.png', lightMap: 'l.png' };
    const [first, second] = [drawConditioningImages(spec, names), drawConditioningImages(spec, names)];
    expect(first.map(([, png]) => png.toString('base64'))).toEqual(second.map(([, png]) => png.toString('base64')));
  });

  it('encodes off the main thread to the very bytes the worker uploads', async () => {
    const spec = makeDefaultTemplateSpec('sdxl');
    const names = { poseMap: 'p.png', lightMap: 'l.png' };
    const encoded = await encodeConditioningImages(spec, names);
    expect(encoded.map(([name, png]) => [name, png.toString('base64')])).toEqual(drawConditioningImages(spec, names).map(([name, png]) => [name, png.toString('base64')]));
  });
});
