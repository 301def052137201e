import { FRAME_HANDLES, type EditorState, type FrameHandle } from '@atelier/editor-core';
import type Konva from 'konva';
import { Group, Rect, Text } from 'react-konva';
import { findFrameHandlePoint, toNormalisedPoint } from './canvas-geometry';
import type { DragHandlers } from './EditorCanvas';

const FRAME_COLOUR = '#a5b4fc';
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

/** The subject frame: drag it to move, drag a handle (shown when selected) to resize. */
export function SubjectFrameShape({ label, state, drag, inverseZoom, isLocked }: { label: string; state: EditorState; drag: DragHandlers; inverseZoom: number; isLocked: boolean }) {
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
