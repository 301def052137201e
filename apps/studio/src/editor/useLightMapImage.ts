import type { Light } from '@atelier/template-spec';
import { drawLightMap } from '@atelier/scene-maps';
import { useMemo } from 'react';
import type { CanvasSize } from './canvas-geometry';

/**
 * The live light map: the worker's own drawLightMap into an offscreen canvas at the template's size,
 * redrawn whenever a light or the size changes (a new element each time, so Konva sees the change).
 */
export function useLightMapImage(lights: readonly Light[], canvas: CanvasSize): HTMLCanvasElement | null {
  return useMemo(() => {
    if (typeof document === 'undefined') return null;
    const element = document.createElement('canvas');
    element.width = canvas.width;
    element.height = canvas.height;
    const ctx = element.getContext('2d');
    if (!ctx) return null;
    drawLightMap(ctx, { lights: [...lights] }, canvas);
    return element;
  }, [lights, canvas.width, canvas.height]);
}
