import { FRAME_HANDLES, type EditorState, type FrameHandle } from '@atelier/editor-core';
import type Konva from 'konva';
import { Group, Rect, Text } from 'react-konva';
import { findFacePassRect, findFrameHandlePoint, toNormalisedPoint } from './canvas-geometry';
import type { DragHandlers } from './EditorCanvas';

const FRAME_COLOUR = '#a5b4fc';
const FACE_PASS_COLOUR = '#fbbf24';
const FRAME_ID = 'subjectFrame';

const HANDLE_CURSORS: Record<FrameHandle, string> = {
  n: 'ns-resize',
  s: 'ns-resize',
  e: 'ew-resize',
  w: 'ew-resize',
  ne: 'nesw-resize',
  sw: 'nesw-resize',
  nw: 'nwse-resize',
  se: 'nwse-resize',
};

function setCursor(event: Konva.KonvaEventObject<MouseEvent>, cursor: string) {
  const container = event.target.getStage()?.container();
  if (container) container.style.cursor = cursor;
}

/** The subject frame: drag it to move, drag a handle (shown when selected) to resize; selected, it also outlines the face pass's head area. */
export function SubjectFrameShape({ label, facePassLabel, state, drag, inverseZoom, isLocked }: { label: string; facePassLabel: string; state: EditorState; drag: DragHandlers; inverseZoom: number; isLocked: boolean }) {
  const { canvas, subject } = state.document.spec;
  const frame = subject.frame;
  const isSelected = state.selection.includes(FRAME_ID);
  const x = frame.x * canvas.width;
  const y = frame.y * canvas.height;

  const onFrameDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    const node = event.target;
    const next = drag.move({ type: 'moveSubjectFrame', topLeft: toNormalisedPoint(node.position(), canvas) });
    const moved = next.document.spec.subject.frame;
    node.position({ x: moved.x * canvas.width, y: moved.y * canvas.height });
  };

  const onHandleDragMove = (handle: FrameHandle) => (event: Konva.KonvaEventObject<DragEvent>) => {
    const node = event.target;
    const next = drag.move({ type: 'resizeSubjectFrame', handle, point: toNormalisedPoint(node.position(), canvas) });
    node.position(findFrameHandlePoint(next.document.spec.subject.frame, handle, canvas));
  };

  const handleSize = 8 * inverseZoom;
  const faceRect = isSelected ? findFacePassRect(state.document.spec) : null;
  return (
    <Group listening={!isLocked}>
      <Rect
        x={x}
        y={y}
        width={frame.w * canvas.width}
        height={frame.h * canvas.height}
        fill="rgba(165, 180, 252, 0.04)"
        stroke={FRAME_COLOUR}
        strokeWidth={(isSelected ? 2 : 1.25) * inverseZoom}
        dash={isSelected ? undefined : [8 * inverseZoom, 5 * inverseZoom]}
        draggable={!isLocked}
        onMouseDown={(event) => drag.select(FRAME_ID, event.evt.shiftKey)}
        onDragStart={() => drag.begin(FRAME_ID, 'Move subject frame')}
        onDragMove={onFrameDragMove}
        onDragEnd={drag.end}
        onMouseEnter={(event) => setCursor(event, isLocked ? 'default' : 'move')}
        onMouseLeave={(event) => setCursor(event, 'default')}
      />
      <Text x={x} y={y - 18 * inverseZoom} text={label} fontSize={11 * inverseZoom} fill={FRAME_COLOUR} listening={false} />
      {faceRect && (
        <Group listening={false}>
          <Rect x={faceRect.x} y={faceRect.y} width={faceRect.width} height={faceRect.height} stroke={FACE_PASS_COLOUR} strokeWidth={1.25 * inverseZoom} dash={[4 * inverseZoom, 4 * inverseZoom]} />
          <Text x={faceRect.x + 4 * inverseZoom} y={faceRect.y + 4 * inverseZoom} text={facePassLabel} fontSize={10 * inverseZoom} fill={FACE_PASS_COLOUR} />
        </Group>
      )}
      {isSelected &&
        !isLocked &&
        FRAME_HANDLES.map((handle) => {
          const point = findFrameHandlePoint(frame, handle, canvas);
          return (
            <Rect
              key={handle}
              x={point.x}
              y={point.y}
              offsetX={handleSize / 2}
              offsetY={handleSize / 2}
              width={handleSize}
              height={handleSize}
              fill="#ffffff"
              stroke="#4f46e5"
              strokeWidth={1.5 * inverseZoom}
              draggable
              onDragStart={() => drag.begin(FRAME_ID, 'Resize subject frame')}
              onDragMove={onHandleDragMove(handle)}
              onDragEnd={drag.end}
              onMouseEnter={(event) => setCursor(event, HANDLE_CURSORS[handle])}
              onMouseLeave={(event) => setCursor(event, 'default')}
            />
          );
        })}
    </Group>
  );
}
