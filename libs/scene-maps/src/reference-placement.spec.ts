import { describe, expect, it } from '@jest/globals';
import { placeReferenceImage } from './reference-placement.js';

describe('placeReferenceImage', () => {
  const canvas = { width: 800, height: 1200 };

  it('fits the whole image inside the canvas at scale 1, centred on (x, y)', () => {
    const rect = placeReferenceImage({ x: 0.5, y: 0.5, scale: 1 }, { width: 1000, height: 1000 }, canvas);
    expect(rect).toEqual({ x: 0, y: 200, width: 800, height: 800 });
  });

  it('scales around the centre point', () => {
    const rect = placeReferenceImage({ x: 0.25, y: 0.5, scale: 0.5 }, { width: 400, height: 600 }, canvas);
    expect(rect).toEqual({ x: 0, y: 300, width: 400, height: 600 });
  });
});
