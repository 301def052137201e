import { type ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useModalDialog } from '../../../lib/useModalDialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  /** Red for destructive actions (the default); primary for a confirmed step forward such as publishing. */
  confirmTone?: 'danger' | 'primary';
}

/** A modal "are you sure?" for destructive admin actions; the API's refusal shows inside it. */
export function ConfirmDialog({ title, children, confirmLabel, busy, error, onConfirm, onCancel, testId = 'confirm-dialog', confirmTone = 'danger' }: ConfirmDialogProps) {
  const { t } = useI18n();
  const dialogRef = useModalDialog();

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <div className="dialog-header">
        <h2 id={`${testId}-title`} className="dialog-title">
          {title}
        </h2>
      </div>
      <div className="dialog-body">
        <div className="dialog-text">{children}</div>
        {error && (
          <p className="form-error" role="alert" data-testid="confirm-error">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button" onClick={onCancel} disabled={busy} data-testid="confirm-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className={`button button-${confirmTone}`} onClick={onConfirm} disabled={busy} data-testid="confirm-submit">
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
