import { useI18n } from '../i18n/useI18n';
import type { CanvasLabels } from './EditorCanvas';

/** The words drawn on the canvas (subject frame, light kinds), in the active language. */
export function useCanvasLabels(): CanvasLabels {
  const { t } = useI18n();
  return {
    subjectFrame: t('editor.layer.subjectFrame'),
    facePass: t('editor.canvas.facePass'),
    lightKinds: {
      key: t('editor.light.kind.key'),
      fill: t('editor.light.kind.fill'),
      rim: t('editor.light.kind.rim'),
      back: t('editor.light.kind.back'),
      ambient: t('editor.light.kind.ambient'),
    },
  };
}
