import type { TemplateSpec } from '@atelier/template-spec';
import { useCallback, useMemo } from 'react';
import { useReferenceImage } from '../../editor/hooks/useReferenceImage';
import { EditorCanvas } from '../../../editor/EditorCanvas';
import { useCanvasLabels } from '../../../editor/useCanvasLabels';
import { findGhostMoves } from '../../../editor/ghost-moves';
import { GhostOverlay } from '../../../editor/GhostOverlay';
import { useI18n } from '../../../i18n/useI18n';
import { useEditorState } from '../../editor/hooks/useEditorState';
import '../versions.css';

const IGNORE_DOCUMENT_CHANGE = () => undefined;
const IGNORE_VIEWPORT = () => undefined;

interface DiffCanvasProps {
  older: { number: number; spec: TemplateSpec };
  newer: { number: number; spec: TemplateSpec };
}

/**
 * The newer version drawn read-only (pan and zoom only) with the older version's moved joints and lights as
 * ghosts; keyed by the pair on the page, so choosing other versions starts a fresh canvas.
 */
export function DiffCanvas({ older, newer }: DiffCanvasProps) {
  const { t, tn } = useI18n();
  const { state, update } = useEditorState(newer.spec, IGNORE_DOCUMENT_CHANGE);
  const reference = useReferenceImage(newer.spec.reference?.assetId ?? null);
  const moves = useMemo(() => findGhostMoves(older.spec, newer.spec), [older.spec, newer.spec]);
  const moveCount = moves.joints.length + moves.lights.length;
  const labels = useCanvasLabels();
  const onViewportSize = useCallback(IGNORE_VIEWPORT, []);

  return (
    <div className="history-canvas" data-testid="history-canvas" data-ghost-joints={moves.joints.length} data-ghost-lights={moves.lights.length}>
      <div className="history-canvas-stage">
        <EditorCanvas
          state={state}
          update={update}
          label={t('versions.canvasLabel', { number: newer.number })}
          labels={labels}
          onViewportSize={onViewportSize}
          isReadOnly
          referenceImage={reference.status === 'ready' ? reference.image : null}
          overlay={moveCount > 0 ? <GhostOverlay moves={moves} inverseZoom={1 / state.view.zoom} /> : undefined}
        />
      </div>
      <div className="history-legend" data-testid="history-legend">
        <span className="history-legend-item">
          <span className="history-swatch history-swatch-newer" aria-hidden="true" />
          {t('versions.legend.newer', { number: newer.number })}
        </span>
        <span className="history-legend-item">
          <span className="history-swatch history-swatch-ghost" aria-hidden="true" />
          {t('versions.legend.ghost', { number: older.number })}
        </span>
        <span className="history-legend-item">
          <span className="history-swatch history-swatch-arrow" aria-hidden="true" />
          {t('versions.legend.arrow')}
        </span>
        <span className="history-legend-count muted" data-testid="history-move-count">
          {moveCount === 0 ? t('versions.noMoves') : tn('versions.moves', moveCount)}
        </span>
      </div>
    </div>
  );
}
