import { useI18n } from '../../../i18n/useI18n';
import { useModalDialog } from '../../../lib/useModalDialog';
import '../editor.css';

export type ConflictChoice = 'load-theirs' | 'overwrite' | 'save-as-new';

interface ConflictDialogProps {
  templateTitle: string;
  message: string;
  busy: boolean;
  onChoose: (choice: ConflictChoice) => void;
}

/**
 * Shown when saveDraft answered REVISION_CONFLICT: the designer decides, nothing is lost silently.
 * There is no "cancel": until a choice is made the editor keeps the changes and stops saving.
 */
export function ConflictDialog({ templateTitle, message, busy, onChoose }: ConflictDialogProps) {
  const { t } = useI18n();
  const dialogRef = useModalDialog();

  const option = (choice: ConflictChoice, label: string, hint: string, primary = false) => (
    <button type="button" className={`conflict-option${primary ? ' conflict-option-primary' : ''}`} disabled={busy} onClick={() => onChoose(choice)} data-testid={`conflict-${choice}`}>
      <span className="conflict-option-label">{label}</span>
      <span className="conflict-option-hint">{hint}</span>
    </button>
  );

  return (
    <dialog ref={dialogRef} className="dialog conflict-dialog" aria-labelledby="conflict-title" data-testid="conflict-dialog" onCancel={(e) => e.preventDefault()}>
      <h2 id="conflict-title" className="dialog-title">
        {t('editor.conflict.title')}
      </h2>
      <p className="dialog-text">{t('editor.conflict.text', { message })}</p>
      <div className="conflict-options">
        {option('load-theirs', t('editor.conflict.loadTheirs'), t('editor.conflict.loadTheirsHint'))}
        {option('overwrite', t('editor.conflict.overwrite'), t('editor.conflict.overwriteHint'))}
        {option('save-as-new', t('editor.conflict.saveAsNew'), t('editor.conflict.saveAsNewHint', { title: templateTitle }), true)}
      </div>
    </dialog>
  );
}
