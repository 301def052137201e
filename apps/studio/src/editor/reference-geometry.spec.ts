import { describe, expect, it } from '@jest/globals';
import { findReferenceBox, findReferenceScale } from './reference-geometry';

const CANVAS = { width: 800, height: 1200 };

describe('reference image geometry', () => {
  it('fits a square image across a portrait canvas at scale 1, centred on its point', () => {
    expect(findReferenceBox({ x: 0.5, y: 0.5, scale: 1 }, { width: 2048, height: 2048 }, CANVAS)).toEqual({ x: 0, y: 200, width: 800, height: 800 });
  });

  it('scales about the centre', () => {
    expect(findReferenceBox({ x: 0.25, y: 0.5, scale: 0.5 }, { width: 1000, height: 500 }, CANVAS)).toEqual({ x: 0, y: 500, width: 400, height: 200 });
  });

  it('turns the bottom-right corner handle back into the scale that put it there', () => {
    const reference = { x: 0.4, y: 0.6, scale: 1.7 };
    const image = { width: 1600, height: 900 };
    const box = findReferenceBox(reference, image, CANVAS);
    expect(findReferenceScale(reference, { x: box.x + box.width, y: box.y + box.height }, image, CANVAS)).toBeCloseTo(1.7, 9);
  });
});
