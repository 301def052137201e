import { toJointElementId, type EditorState } from '@atelier/editor-core';
import { getOpenPoseKeypointColor, getOpenPoseLimbColor, rgbToCss } from '@atelier/scene-maps';
import { OPENPOSE_DRAWN_LIMB_COUNT, OPENPOSE_LIMBS } from '@atelier/template-spec';
import type Konva from 'konva';
import { Circle, Group, Line } from 'react-konva';
import { toNormalisedPoint } from './canvas-geometry';
import type { DragHandlers } from './EditorCanvas';

/** The OpenPose skeleton in the pose map's own colours: limbs (not listening) under draggable joints. */
export function PoseShapes({ state, drag, inverseZoom, isLocked }: { state: EditorState; drag: DragHandlers; inverseZoom: number; isLocked: boolean }) {
  const { canvas, pose } = state.document.spec;
  if (!pose) return null;
  const toPx = (index: number) => {
    const point = pose.keypoints[index];
    return point ? { x: point[0] * canvas.width, y: point[1] * canvas.height } : null;
  };

  return (
    <Group listening={!isLocked}>
      <Group listening={false}>
        {OPENPOSE_LIMBS.slice(0, OPENPOSE_DRAWN_LIMB_COUNT).map(([from, to], limbIndex) => {
          const a = toPx(from);
          const b = toPx(to);
          if (!a || !b) return null;
          return <Line key={limbIndex} points={[a.x, a.y, b.x, b.y]} stroke={rgbToCss(getOpenPoseLimbColor(limbIndex))} strokeWidth={5 * inverseZoom} lineCap="round" opacity={0.95} />;
        })}
      </Group>
      {pose.keypoints.map((point, index) => {
        if (!point) return null;
        const elementId = toJointElementId(index);
        const isSelected = state.selection.includes(elementId);
        const onDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
          const node = event.target;
          const next = drag.move({ type: 'moveJoint', index, point: toNormalisedPoint(node.position(), canvas) });
          const moved = next.document.spec.pose?.keypoints[index];
          if (moved) node.position({ x: moved[0] * canvas.width, y: moved[1] * canvas.height });
        };
        return (
          <Circle
            key={index}
            name="joint"
            x={point[0] * canvas.width}
            y={point[1] * canvas.height}
            radius={(isSelected ? 7 : 6) * inverseZoom}
            hitStrokeWidth={8 * inverseZoom}
            fill={rgbToCss(getOpenPoseKeypointColor(index))}
            stroke={isSelected ? '#ffffff' : 'rgba(0, 0, 0, 0.6)'}
            strokeWidth={(isSelected ? 2.5 : 1) * inverseZoom}
            draggable={!isLocked}
            onMouseDown={(event) => drag.select(elementId, event.evt.shiftKey)}
            onDragStart={() => drag.begin(elementId, 'Move joint')}
            onDragMove={onDragMove}
            onDragEnd={drag.end}
          />
        );
      })}
    </Group>
  );
}
