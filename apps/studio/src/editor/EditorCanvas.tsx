import {
  applyCommand,
  beginGesture,
  endGesture,
  fitCanvasToViewport,
  type EditorCommand,
  type EditorState,
  type EditorView,
} from '@atelier/editor-core';
import type { LightKind } from '@atelier/template-spec';
import type Konva from 'konva';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Group, Layer, Rect, Stage } from 'react-konva';
import { zoomViewByWheel, type CanvasSize } from './canvas-geometry';
import { GuideShapes } from './GuideShapes';
import { LightMapImage } from './LightMapImage';
import { LightShapes } from './LightShapes';
import { PoseShapes } from './PoseShapes';
import { REFERENCE_ELEMENT_ID, ReferenceImageShape } from './ReferenceImageShape';
import { SubjectFrameShape } from './SubjectFrameShape';
import './editor-canvas.css';

export type UpdateEditorState = (change: (current: EditorState) => EditorState) => EditorState;

/** What a draggable shape needs: open a gesture, apply one command per move, close the gesture. */
export interface DragHandlers {
  begin: (selectId: string, label: string) => void;
  move: (command: EditorCommand) => EditorState;
  end: () => void;
  select: (id: string, isAdditive: boolean) => void;
}

/** Words drawn on the canvas itself (translated by the page). */
export interface CanvasLabels {
  subjectFrame: string;
  /** Over the head area the face pass re-renders, drawn while the subject frame is selected. */
  facePass: string;
  lightKinds: Readonly<Record<LightKind, string>>;
}

interface EditorCanvasProps {
  state: EditorState;
  update: UpdateEditorState;
  label: string;
  labels: CanvasLabels;
  onViewportSize: (size: CanvasSize) => void;
  /** Nothing can be dragged (review page, an old version); pan and zoom still work. */
  isReadOnly?: boolean;
  /** Space is held: every drag pans the view, whatever is under the pointer (shapes stop listening). */
  isPanning?: boolean;
  /** Drawn above everything in canvas px, in its own layer (ghosts of another version, review pins). */
  overlay?: ReactNode;
  /** A click on the artboard itself, in canvas px (placing a pinned comment). */
  onArtboardClick?: (point: { x: number; y: number }) => void;
  /** The decoded reference photo (spec.reference's asset); drawn once it is loaded. */
  referenceImage?: (CanvasImageSource & CanvasSize) | null;
}

/**
 * The Konva stage: the stage carries the view (pan + zoom), so every shape is laid out in canvas px.
 * Layers: the artboard (reference photo under the light map and guides, which do not listen), the
 * interactive one (frame, lights, pose) and the optional overlay.
 */
export function EditorCanvas({ state, update, label, labels, onViewportSize, isReadOnly = false, isPanning = false, overlay, onArtboardClick, referenceImage = null }: EditorCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<CanvasSize | null>(null);
  const hasFittedRef = useRef(false);
  const { spec } = state.document;
  const canvas = spec.canvas;
  const view = state.view;

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const measure = () => {
      const next = { width: Math.max(1, Math.floor(element.clientWidth)), height: Math.max(1, Math.floor(element.clientHeight)) };
      setSize((previous) => (previous && previous.width === next.width && previous.height === next.height ? previous : next));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!size) return;
    onViewportSize(size);
    // Fit once the space is known; later resizes keep the designer's zoom.
    if (!hasFittedRef.current) {
      hasFittedRef.current = true;
      update((current) => applyCommand(current, { type: 'setView', view: fitCanvasToViewport(current.document.spec.canvas, size) }));
    }
  }, [size, onViewportSize, update]);

  // Stable across renders, so memoised shapes (the reference image) skip re-rendering on other drags.
  const drag = useMemo<DragHandlers>(() => ({
    begin: (selectId, gestureLabel) =>
      update((current) => {
        const selected = current.selection.includes(selectId as never) ? current : applyCommand(current, { type: 'select', ids: [selectId] });
        return beginGesture(selected, gestureLabel);
      }),
    move: (command) => update((current) => applyCommand(current, command)),
    end: () => update((current) => (current.history.gesture ? endGesture(current) : current)),
    select: (id, isAdditive) => update((current) => applyCommand(current, isAdditive ? { type: 'toggleSelection', id } : { type: 'select', ids: [id] })),
  }), [update]);

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const pointer = event.target.getStage()?.getPointerPosition();
    if (!pointer) return;
    update((current) => applyCommand(current, { type: 'setView', view: zoomViewByWheel(current.view, event.evt.deltaY, pointer) }));
  };

  const onStageMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const target = event.target;
    if (target === target.getStage() || target.name() === 'artboard') update((current) => applyCommand(current, { type: 'clearSelection' }));
  };

  const onStageClick = (event: Konva.KonvaEventObject<MouseEvent>) => {
    if (!onArtboardClick || event.target.name() !== 'artboard') return;
    const point = event.target.getRelativePointerPosition();
    if (point) onArtboardClick({ x: point.x, y: point.y });
  };

  // Dragging the empty space around the artboard pans; shapes' own drags bubble here and are ignored.
  const onStageDragMove = (event: Konva.KonvaEventObject<DragEvent>) => {
    const stage = event.target.getStage();
    if (!stage || event.target !== stage) return;
    const position = stage.position();
    update((current) => applyCommand(current, { type: 'setView', view: { zoom: current.view.zoom, panX: position.x, panY: position.y } }));
  };

  const layers = state.layers;
  const inverseZoom = 1 / view.zoom;
  return (
    <div
      ref={containerRef}
      className="editor-canvas"
      role="application"
      aria-label={label}
      data-testid="editor-canvas"
      data-zoom={view.zoom}
      data-pan-x={view.panX}
      data-pan-y={view.panY}
      data-canvas-width={canvas.width}
      data-canvas-height={canvas.height}
      data-read-only={isReadOnly || undefined}
      data-panning={isPanning || undefined}
      data-reference-drawn={(layers.reference.isVisible && spec.reference && referenceImage && spec.reference.assetId) || undefined}
    >
      {size && (
        <Stage width={size.width} height={size.height} x={view.panX} y={view.panY} scaleX={view.zoom} scaleY={view.zoom} draggable onDragMove={onStageDragMove} onDragEnd={onStageDragMove} onWheel={onWheel} onMouseDown={onStageMouseDown} onClick={onStageClick}>
          {/* Artboard, reference photo, light map and guides: one layer that joint drags never redraw (its shapes are
              memoised), and one canvas fewer for the browser to composite every frame than a separate static layer. */}
          <Layer>
            <Rect x={0} y={0} width={canvas.width} height={canvas.height} fill="#101014" shadowColor="black" shadowBlur={24 * inverseZoom} shadowOpacity={0.45} listening={false} />
            <Rect name="artboard" x={0} y={0} width={canvas.width} height={canvas.height} fill="transparent" />
            {layers.reference.isVisible && spec.reference && referenceImage && (
              <ReferenceImageShape
                reference={spec.reference}
                image={referenceImage}
                canvas={canvas}
                isSelected={state.selection.includes(REFERENCE_ELEMENT_ID as never)}
                isLocked={isReadOnly || isPanning || layers.reference.isLocked}
                inverseZoom={inverseZoom}
                drag={drag}
              />
            )}
            <Group listening={false}>
              {layers.lights.isVisible && <LightMapImage lights={spec.lighting.lights} canvas={canvas} />}
              {layers.guides.isVisible && <GuideShapes canvas={canvas} frame={spec.subject.frame} inverseZoom={inverseZoom} />}
            </Group>
          </Layer>
          <Layer>
            {/* Drawn bottom to top in the designer's layer order: the upper layer's shapes are picked first. */}
            {state.layerOrder.map((layer) => {
              if (!layers[layer].isVisible) return null;
              const isLocked = isReadOnly || isPanning || layers[layer].isLocked;
              switch (layer) {
                case 'subjectFrame':
                  return <SubjectFrameShape key={layer} label={labels.subjectFrame} facePassLabel={labels.facePass} state={state} drag={drag} inverseZoom={inverseZoom} isLocked={isLocked} />;
                case 'lights':
                  return <LightShapes key={layer} kindLabels={labels.lightKinds} state={state} drag={drag} inverseZoom={inverseZoom} isLocked={isLocked} />;
                case 'pose':
                  return <PoseShapes key={layer} state={state} drag={drag} inverseZoom={inverseZoom} isLocked={isLocked} />;
              }
            })}
          </Layer>
          {overlay && <Layer>{overlay}</Layer>}
        </Stage>
      )}
    </div>
  );
}

/** The view as the e2e test and the zoom readout see it. */
export function describeView(view: EditorView): string {
  return `${Math.round(view.zoom * 100)}%`;
}
