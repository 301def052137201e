import { useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import '../admin.css';

/** A freshly created secret, shown this once with a copy button and a "store it now" note. */
export function SecretOnce({ title, secret, note, onDismiss, testId = 'secret' }: { title: string; secret: string; note: string; onDismiss: () => void; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="secret-once" role="status" data-testid={`${testId}-once`}>
      <div className="secret-once-title">{title}</div>
      <p className="secret-once-note">{note}</p>
      <div className="secret-once-row">
        <code className="secret-once-value" data-testid={`${testId}-value`}>
          {secret}
        </code>
        <button type="button" className="button button-small" onClick={copy} data-testid={`copy-${testId}`}>
          {copied === 'yes' ? t('admin.secret.copied') : t('admin.secret.copy')}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onDismiss} data-testid={`dismiss-${testId}`}>
          {t('admin.secret.done')}
        </button>
      </div>
      {copied === 'failed' && <p className="field-hint">{t('admin.secret.copyFailed')}</p>}
    </div>
  );
}
