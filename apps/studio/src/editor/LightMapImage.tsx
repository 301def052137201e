import type { Light } from '@atelier/template-spec';
import { memo } from 'react';
import { Image } from 'react-konva';
import type { CanvasSize } from './canvas-geometry';
import { useLightMapImage } from './useLightMapImage';

// Partial opacity: the designer sees the light fall-off over the artboard without losing the pose; the map's
// base is mid-grey (the init image img2img starts from), so it is kept light enough for the reference to show.
const LIGHT_MAP_OPACITY = 0.6;

/** The light map the GPU will receive, drawn by the worker's own function, under the editable shapes. */
export const LightMapImage = memo(function LightMapImage({ lights, canvas }: { lights: readonly Light[]; canvas: CanvasSize }) {
  const image = useLightMapImage(lights, canvas);
  if (!image) return null;
  return <Image image={image} x={0} y={0} width={canvas.width} height={canvas.height} opacity={LIGHT_MAP_OPACITY} listening={false} />;
});
