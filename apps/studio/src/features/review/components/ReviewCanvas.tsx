import type { TemplateSpec } from '@atelier/template-spec';
import { useCallback } from 'react';
import { CommentPins } from '../../../editor/CommentPins';
import { EditorCanvas } from '../../../editor/EditorCanvas';
import { useCanvasLabels } from '../../../editor/useCanvasLabels';
import { useI18n } from '../../../i18n/useI18n';
import { useEditorState } from '../../editor/hooks/useEditorState';
import { useReferenceImage } from '../../editor/hooks/useReferenceImage';
import { normalisePin, type NumberedPin } from '../review-rules';
import '../review.css';


const IGNORE_DOCUMENT_CHANGES = () => undefined;
const IGNORE_VIEWPORT = () => undefined;

/** Canvas pins (normalised) -> CommentPins' canvas px for a canvas of `size`. */
export function toCanvasPins(pins: readonly NumberedPin[], size: { width: number; height: number }) {
  return pins.map((pin) => ({ number: pin.number, x: pin.x * size.width, y: pin.y * size.height }));
}

/**
 * A version's spec on the Konva canvas, read-only (pan and zoom only, nothing saved), with numbered
 * comment pins; `onPlacePin` (normalised x/y) makes a click on the artboard drop a pin.
 */
export function ReviewCanvas({ spec, pins, activePin = null, onPlacePin }: { spec: TemplateSpec; pins: readonly NumberedPin[]; activePin?: number | null; onPlacePin?: (point: { x: number; y: number }) => void }) {
  const { t } = useI18n();
  const { state, update } = useEditorState(spec, IGNORE_DOCUMENT_CHANGES);
  const labels = useCanvasLabels();
  const reference = useReferenceImage(spec.reference?.assetId ?? null);
  const { canvas } = state.document.spec;
  const onArtboardClick = useCallback((point: { x: number; y: number }) => onPlacePin?.(normalisePin(point, canvas)), [onPlacePin, canvas]);
  return (
    <div className={`review-canvas${onPlacePin ? ' review-canvas-pinnable' : ''}`} data-testid="review-canvas" data-pin-count={pins.length}>
      <EditorCanvas
        state={state}
        update={update}
        label={t('review.canvas.label')}
        labels={labels}
        onViewportSize={IGNORE_VIEWPORT}
        isReadOnly
        referenceImage={reference.status === 'ready' ? reference.image : null}
        overlay={pins.length ? <CommentPins pins={toCanvasPins(pins, canvas)} inverseZoom={1 / state.view.zoom} activeNumber={activePin} /> : undefined}
        onArtboardClick={onPlacePin ? onArtboardClick : undefined}
      />
    </div>
  );
}
