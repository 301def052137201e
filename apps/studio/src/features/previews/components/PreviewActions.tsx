import { useI18n } from '../../../i18n/useI18n';
import type { EditorPreviews } from '../hooks/useEditorPreviews';
import '../previews.css';

/** The editor header's "Preview" and "Submit for review" buttons. */
export function PreviewActions({ previews }: { previews: EditorPreviews }) {
  const { t } = useI18n();
  const isRequesting = previews.request.kind === 'requesting';
  const isSubmitting = previews.submit.kind === 'submitting';
  const isSubmitted = previews.submit.kind === 'submitted';
  return (
    <div className="toolbar-group preview-actions">
      <button
        type="button"
        className="tool-button tool-button-text"
        onClick={() => void previews.requestPreviews()}
        disabled={isRequesting || isSubmitting || isSubmitted}
        title={t('previews.previewHint')}
        data-testid="request-previews"
      >
        {isRequesting ? t('previews.requesting') : t('previews.preview')}
      </button>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={() => void previews.submitForReview()}
        disabled={isRequesting || isSubmitting || isSubmitted}
        data-testid="submit-for-review"
      >
        {isSubmitting ? t('previews.submitting') : t('previews.submit')}
      </button>
    </div>
  );
}
