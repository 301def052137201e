import type { SubjectFrame } from '@atelier/template-spec';
import { memo } from 'react';
import { Ellipse, Group, Line } from 'react-konva';
import type { CanvasSize } from './canvas-geometry';

const GUIDE_COLOUR = 'rgba(255, 255, 255, 0.28)';
// Where a standing portrait's face sits in its subject frame (the default pose's head, with margin).
const FACE_CENTRE_Y = 0.12;
const FACE_RADIUS_X = 0.15;
const FACE_RADIUS_Y = 0.085;
const SAFE_ZONE_COLOUR = 'rgba(125, 211, 252, 0.65)';

/**
 * Rule-of-thirds lines over the output frame, and the face safe zone: an oval in the upper part of
 * the subject frame where a portrait's face should land so identity conditioning has room to work.
 */
// Memoised: its points and dash arrays are new on every render, and Konva redraws a layer whenever a node
// gets a new array, so without it every joint drag would redraw the whole artboard layer.
export const GuideShapes = memo(function GuideShapes({ canvas, frame, inverseZoom }: { canvas: CanvasSize; frame: SubjectFrame; inverseZoom: number }) {
  const { width, height } = canvas;
  const stroke = inverseZoom;
  const thirds = [1 / 3, 2 / 3];
  return (
    <Group listening={false}>
      {thirds.map((t) => (
        <Line key={`v${t}`} points={[width * t, 0, width * t, height]} stroke={GUIDE_COLOUR} strokeWidth={stroke} dash={[6 * stroke, 6 * stroke]} />
      ))}
      {thirds.map((t) => (
        <Line key={`h${t}`} points={[0, height * t, width, height * t]} stroke={GUIDE_COLOUR} strokeWidth={stroke} dash={[6 * stroke, 6 * stroke]} />
      ))}
      <Ellipse
        x={(frame.x + frame.w / 2) * width}
        y={(frame.y + frame.h * FACE_CENTRE_Y) * height}
        radiusX={frame.w * FACE_RADIUS_X * width}
        radiusY={frame.h * FACE_RADIUS_Y * height}
        stroke={SAFE_ZONE_COLOUR}
        strokeWidth={stroke * 1.5}
        dash={[4 * stroke, 4 * stroke]}
      />
    </Group>
  );
});
