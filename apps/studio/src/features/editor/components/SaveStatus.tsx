import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import type { AutosaveStatus } from '../draft-autosave';
import '../editor.css';

/** The editor's saved / saving / failed / conflict indicator, with a retry after a failure. */
export function SaveStatus({ status, onRetry }: { status: AutosaveStatus; onRetry: () => void }) {
  const { t } = useI18n();
  switch (status.kind) {
    case 'saved':
      return (
        <span className="save-status save-status-saved" data-testid="save-status" data-state="saved" role="status">
          {t('editor.save.saved')}
        </span>
      );
    case 'pending':
    case 'saving':
      return (
        <span className="save-status" data-testid="save-status" data-state={status.kind} role="status" aria-busy="true">
          {t(status.kind === 'saving' ? 'editor.save.saving' : 'editor.save.pending')}
        </span>
      );
    case 'failed': {
      const failed = t('editor.save.failed', { message: describeError(status.error, t) });
      return (
        <span className="save-status save-status-failed" data-testid="save-status" data-state="failed" role="alert">
          {/* The header has little room: the reason is cut short there and whole in the tooltip (field issues show by their fields). */}
          <span className="save-status-message" title={failed}>
            {failed}
          </span>
          <button type="button" className="button button-small" onClick={onRetry} data-testid="save-retry">
            {t('editor.save.retry')}
          </button>
        </span>
      );
    }
    case 'conflict':
      return (
        <span className="save-status save-status-failed" data-testid="save-status" data-state="conflict" role="alert">
          {t('editor.save.conflict')}
        </span>
      );
  }
}
