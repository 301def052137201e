import { parseElementId, toJointElementId, type EditorCommand, type EditorState } from '@atelier/editor-core';
import { OPENPOSE_KEYPOINT_NAMES } from '@atelier/template-spec';
import { useI18n } from '../../../i18n/useI18n';
import type { MessageKey } from '../../../i18n/types';
import '../editor.css';

interface PoseToolsSectionProps {
  state: EditorState;
  onCommand: (command: EditorCommand) => void;
}

const SCALE_STEP = 1.1;
const ROTATE_STEP_DEGREES = 15;

/** Joint names as catalogue keys: 'right shoulder' -> 'editor.joint.right-shoulder'. */
export function jointLabelKey(index: number): MessageKey {
  return `editor.joint.${OPENPOSE_KEYPOINT_NAMES[index]!.replace(/ /g, '-')}` as MessageKey;
}

/**
 * The whole skeleton (scale, rotate), how drags behave (limb chains follow, snapping to guides) and every
 * joint with show/hide, so a joint the photo does not show (a hidden ear) can be left out of the pose map.
 */
export function PoseToolsSection({ state, onCommand }: PoseToolsSectionProps) {
  const { t } = useI18n();
  const keypoints = state.document.spec.pose?.keypoints ?? [];
  const isLocked = state.layers.pose.isLocked;
  const hasPose = keypoints.some((point) => point !== null);
  const { isLimbChainDraggingEnabled, isSnappingEnabled } = state.options;
  const selectedJoints = new Set(state.selection.flatMap((id) => {
    const parsed = parseElementId(id);
    return parsed?.kind === 'joint' ? [parsed.index] : [];
  }));
  const hiddenCount = keypoints.filter((point) => point === null).length;

  return (
    <div className="pose-tools" data-testid="pose-tools">
      <div className="pose-tools-row" role="group" aria-label={t('editor.pose.transform')}>
        <button type="button" className="tool-button" disabled={isLocked || !hasPose} title={t('editor.pose.smaller')} aria-label={t('editor.pose.smaller')} data-testid="pose-scale-down" onClick={() => onCommand({ type: 'scalePose', factor: 1 / SCALE_STEP })}>
          −
        </button>
        <button type="button" className="tool-button" disabled={isLocked || !hasPose} title={t('editor.pose.larger')} aria-label={t('editor.pose.larger')} data-testid="pose-scale-up" onClick={() => onCommand({ type: 'scalePose', factor: SCALE_STEP })}>
          +
        </button>
        <button type="button" className="tool-button" disabled={isLocked || !hasPose} title={t('editor.pose.rotateLeft', { degrees: ROTATE_STEP_DEGREES })} aria-label={t('editor.pose.rotateLeft', { degrees: ROTATE_STEP_DEGREES })} data-testid="pose-rotate-left" onClick={() => onCommand({ type: 'rotatePose', degrees: -ROTATE_STEP_DEGREES })}>
          ↺
        </button>
        <button type="button" className="tool-button" disabled={isLocked || !hasPose} title={t('editor.pose.rotateRight', { degrees: ROTATE_STEP_DEGREES })} aria-label={t('editor.pose.rotateRight', { degrees: ROTATE_STEP_DEGREES })} data-testid="pose-rotate-right" onClick={() => onCommand({ type: 'rotatePose', degrees: ROTATE_STEP_DEGREES })}>
          ↻
        </button>
      </div>
      <label className="toggle-row">
        <input type="checkbox" checked={isLimbChainDraggingEnabled} data-testid="limb-chain-toggle" onChange={(e) => onCommand({ type: 'setOptions', options: { isLimbChainDraggingEnabled: e.target.checked } })} />
        <span>{t('editor.pose.limbChain')}</span>
      </label>
      <label className="toggle-row">
        <input type="checkbox" checked={isSnappingEnabled} data-testid="snapping-toggle" onChange={(e) => onCommand({ type: 'setOptions', options: { isSnappingEnabled: e.target.checked } })} />
        <span>{t('editor.pose.snapping')}</span>
      </label>
      <details className="joint-list-details">
        <summary data-testid="joint-list-toggle">{hiddenCount > 0 ? t('editor.pose.jointsHidden', { hidden: hiddenCount, total: keypoints.length }) : t('editor.pose.joints', { total: keypoints.length })}</summary>
        <ul className="joint-list">
          {keypoints.map((point, index) => {
            const name = t(jointLabelKey(index));
            const isHidden = point === null;
            return (
              <li key={index} className={`joint-row${selectedJoints.has(index) ? ' joint-row-selected' : ''}${isHidden ? ' joint-row-hidden' : ''}`} data-testid="joint-row" data-joint-index={index}>
                <button type="button" className="joint-name" disabled={isHidden} onClick={() => onCommand({ type: 'select', ids: [toJointElementId(index)] })}>
                  {name}
                </button>
                <button
                  type="button"
                  className="icon-button"
                  disabled={isLocked}
                  aria-pressed={isHidden}
                  title={t(isHidden ? 'editor.layer.show' : 'editor.layer.hide', { layer: name })}
                  aria-label={t(isHidden ? 'editor.layer.show' : 'editor.layer.hide', { layer: name })}
                  data-testid="joint-visibility"
                  onClick={() => onCommand(isHidden ? { type: 'showJoint', index } : { type: 'hideJoint', index })}
                >
                  {isHidden ? '◌' : '●'}
                </button>
              </li>
            );
          })}
        </ul>
      </details>
    </div>
  );
}
