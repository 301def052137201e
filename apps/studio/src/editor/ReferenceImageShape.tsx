import type { ReferenceImage } from '@atelier/template-spec';
import type Konva from 'konva';
import { memo } from 'react';
import { Circle, Group, Image as KonvaImage, Rect } from 'react-konva';
import type { CanvasSize } from './canvas-geometry';
import type { DragHandlers } from './EditorCanvas';
import { findReferenceBox, findReferenceScale } from './reference-geometry';

export const REFERENCE_ELEMENT_ID = 'reference';

interface ReferenceImageShapeProps {
  reference: ReferenceImage;
  /** The decoded image; its width and height are its own size in px. */
  image: CanvasImageSource & CanvasSize;
  canvas: CanvasSize;
  isSelected: boolean;
  isLocked: boolean;
  inverseZoom: number;
  drag: DragHandlers;
}

/**
 * The reference photo under everything else: drag to move its centre, the corner handle (when selected)
 * to scale it about the centre. Locked, it does not listen at all, so it costs no hit-testing.
 */
export const ReferenceImageShape = memo(function ReferenceImageShape({ reference, image, canvas, isSelected, isLocked, inverseZoom, drag }: ReferenceImageShapeProps) {
  const naturalSize = { width: image.width, height: image.height };
  const box = findReferenceBox(reference, naturalSize, canvas);

  const onImageDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    const node = event.target;
    const topLeft = node.position();
    const next = drag.move({ type: 'moveReference', point: { x: (topLeft.x + box.width / 2) / canvas.width, y: (topLeft.y + box.height / 2) / canvas.height } });
    const moved = next.document.spec.reference;
    if (moved) node.position({ x: moved.x * canvas.width - box.width / 2, y: moved.y * canvas.height - box.height / 2 });
  };

  const onHandleDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    const node = event.target;
    const next = drag.move({ type: 'scaleReference', scale: findReferenceScale(reference, node.position(), naturalSize, canvas) });
    const scaled = next.document.spec.reference;
    if (scaled) {
      const scaledBox = findReferenceBox(scaled, naturalSize, canvas);
      node.position({ x: scaledBox.x + scaledBox.width, y: scaledBox.y + scaledBox.height });
    }
  };

  return (
    <Group listening={!isLocked}>
      <KonvaImage
        name="reference-image"
        image={image}
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        opacity={reference.opacity}
        draggable={!isLocked}
        perfectDrawEnabled={false}
        onMouseDown={(event) => drag.select(REFERENCE_ELEMENT_ID, event.evt.shiftKey)}
        onDragStart={() => drag.begin(REFERENCE_ELEMENT_ID, 'Move reference image')}
        onDragMove={onImageDragMove}
        onDragEnd={drag.end}
      />
      {isSelected && !isLocked && (
        <>
          <Rect x={box.x} y={box.y} width={box.width} height={box.height} stroke="#818cf8" strokeWidth={1.5 * inverseZoom} dash={[6 * inverseZoom, 4 * inverseZoom]} listening={false} />
          <Circle
            name="reference-scale-handle"
            x={box.x + box.width}
            y={box.y + box.height}
            radius={6 * inverseZoom}
            fill="#ffffff"
            stroke="#4f46e5"
            strokeWidth={1.5 * inverseZoom}
            draggable
            onDragStart={() => drag.begin(REFERENCE_ELEMENT_ID, 'Scale reference image')}
            onDragMove={onHandleDragMove}
            onDragEnd={drag.end}
          />
        </>
      )}
    </Group>
  );
});
