import { toLightElementId, type EditorState } from '@atelier/editor-core';
import { kelvinToRgb, rgbToCss } from '@atelier/scene-maps';
import type { LightKind } from '@atelier/template-spec';
import type Konva from 'konva';
import { Circle, Group, Line, Text } from 'react-konva';
import { findLightRadius, findLightRadiusHandle, toNormalisedPoint } from './canvas-geometry';
import type { DragHandlers } from './EditorCanvas';

/** Each light: a marker in its colour temperature, its radius ring, and (when selected) a radius handle. */
export function LightShapes({ kindLabels, state, drag, inverseZoom, isLocked }: { kindLabels: Readonly<Record<LightKind, string>>; state: EditorState; drag: DragHandlers; inverseZoom: number; isLocked: boolean }) {
  const { canvas, lighting } = state.document.spec;
  const minSide = Math.min(canvas.width, canvas.height);
  return (
    <Group listening={!isLocked}>
      {lighting.lights.map((light, index) => {
        const lightId = state.document.lightIds[index]!;
        const elementId = toLightElementId(lightId);
        const isSelected = state.selection.includes(elementId);
        const colour = rgbToCss(kelvinToRgb(light.colorTemperatureK));
        const centre = { x: light.x * canvas.width, y: light.y * canvas.height };
        const handle = findLightRadiusHandle(light, canvas);

        const onMarkerDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
          const node = event.target;
          const next = drag.move({ type: 'moveLight', lightId, point: toNormalisedPoint(node.position(), canvas) });
          const moved = next.document.spec.lighting.lights[index];
          if (moved) node.position({ x: moved.x * canvas.width, y: moved.y * canvas.height });
        };
        const onHandleDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
          const node = event.target;
          const next = drag.move({ type: 'setLightRadius', lightId, radius: findLightRadius(centre, node.position(), canvas) });
          const resized = next.document.spec.lighting.lights[index];
          if (resized) node.position(findLightRadiusHandle(resized, canvas));
        };

        return (
          <Group key={lightId}>
            <Circle
              x={centre.x}
              y={centre.y}
              radius={light.radius * minSide}
              stroke={colour}
              strokeWidth={(isSelected ? 1.5 : 1) * inverseZoom}
              opacity={isSelected ? 0.9 : 0.45}
              dash={[6 * inverseZoom, 6 * inverseZoom]}
              listening={false}
            />
            {isSelected && !isLocked && (
              <>
                <Line points={[centre.x, centre.y, handle.x, handle.y]} stroke={colour} strokeWidth={inverseZoom} opacity={0.6} listening={false} />
                <Circle
                  x={handle.x}
                  y={handle.y}
                  radius={5 * inverseZoom}
                  fill="#ffffff"
                  stroke="#4f46e5"
                  strokeWidth={1.5 * inverseZoom}
                  draggable
                  name="light-radius-handle"
                  onDragStart={() => drag.begin(elementId, 'Resize light')}
                  onDragMove={onHandleDragMove}
                  onDragEnd={drag.end}
                />
              </>
            )}
            <Group
              x={centre.x}
              y={centre.y}
              draggable={!isLocked}
              name="light-marker"
              onMouseDown={(event) => drag.select(elementId, event.evt.shiftKey)}
              onDragStart={() => drag.begin(elementId, 'Move light')}
              onDragMove={onMarkerDragMove}
              onDragEnd={drag.end}
            >
              <Circle radius={13 * inverseZoom} fill="rgba(12, 12, 16, 0.55)" stroke={isSelected ? '#ffffff' : 'rgba(255,255,255,0.55)'} strokeWidth={(isSelected ? 2 : 1) * inverseZoom} />
              <Circle radius={7 * inverseZoom} fill={colour} />
              <Text
                x={16 * inverseZoom}
                y={-6 * inverseZoom}
                text={kindLabels[light.kind]}
                fontSize={11 * inverseZoom}
                fill="rgba(255,255,255,0.85)"
                listening={false}
              />
            </Group>
          </Group>
        );
      })}
    </Group>
  );
}
