import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import '../catalog.css';

const COPIED_FOR_MS = 1600;

/** A small button that copies `text` and says so for a moment (or that copying failed). */
export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  }

  return (
    <button
      type="button"
      className={`button button-small button-ghost copy-button${status === 'copied' ? ' is-copied' : ''}`}
      onClick={copy}
      data-testid={testId}
      aria-label={label ? `${t('catalog.copy')}: ${label}` : undefined}
      title={status === 'failed' ? t('catalog.copyFailed') : undefined}
    >
      {status === 'copied' ? t('catalog.copied') : status === 'failed' ? t('catalog.copyFailedShort') : t('catalog.copy')}
    </button>
  );
}
