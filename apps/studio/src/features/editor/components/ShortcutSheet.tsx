import { useMemo } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { buildShortcutSheet, detectShortcutPlatform, SHORTCUT_SHEET_KEY, type ShortcutPlatform } from '../shortcut-sheet';
import { useModalDialog } from '../../../lib/useModalDialog';
import '../editor.css';

interface ShortcutSheetProps {
  onClose: () => void;
  /** Defaults to the browser's platform (⌘ on macOS, Ctrl elsewhere). */
  platform?: ShortcutPlatform;
}

/** Every editor shortcut, grouped, with the keys for this platform; Esc or Close dismisses it. */
export function ShortcutSheet({ onClose, platform }: ShortcutSheetProps) {
  const { t } = useI18n();
  const dialogRef = useModalDialog();
  const resolvedPlatform = platform ?? detectShortcutPlatform();
  const sections = useMemo(() => buildShortcutSheet(t, resolvedPlatform), [t, resolvedPlatform]);

  return (
    <dialog
      ref={dialogRef}
      className="dialog shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-testid="shortcut-sheet"
      data-platform={resolvedPlatform}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id="shortcut-sheet-title" className="dialog-title">
          {t('editor.shortcuts.title')}
        </h2>
        <p className="dialog-subtitle">{t('editor.shortcuts.hint', { key: SHORTCUT_SHEET_KEY })}</p>
      </div>
      <div className="dialog-body shortcut-sheet-body">
        {sections.map((section) => (
          <section key={section.group} className="shortcut-group" data-testid={`shortcut-group-${section.group}`}>
            <h3 className="shortcut-group-title">{section.title}</h3>
            <dl className="shortcut-list">
              {section.rows.map((row) => (
                <div key={row.id} className="shortcut-row" data-testid="shortcut-row" data-action={row.id}>
                  <dt className="shortcut-label">{row.label}</dt>
                  <dd className="shortcut-keys">
                    {row.keys.map((keys, index) => (
                      <span key={keys} className="shortcut-combo">
                        {index > 0 && <span className="shortcut-or">{t('editor.shortcuts.or')}</span>}
                        <kbd className="kbd">{keys}</kbd>
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-footer">
        <button type="button" className="button button-small" onClick={onClose} data-testid="shortcut-sheet-close" autoFocus>
          {t('editor.shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}
