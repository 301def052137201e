import { useId, useState } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { useAccountSessions } from '../hooks/useAccountSessions';

/** Ends every session of the person in every browser (after a confirmation); this one carries on with a new token. */
export function SignOutEverywhereCard() {
  const { t } = useI18n();
  const { signOutEverywhere } = useAccountSessions();
  const [isConfirming, setIsConfirming] = useState(false);
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isDone, setIsDone] = useState(false);
  const headingId = useId();

  async function confirm() {
    setError(null);
    setIsRunning(true);
    try {
      await signOutEverywhere();
      setIsConfirming(false);
      setIsDone(true);
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setIsRunning(false);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <div>
          <h2 className="card-title" id={headingId}>
            {t('account.sessions.title')}
          </h2>
          <p className="card-subtitle">{t('account.sessions.subtitle')}</p>
        </div>
        <div className="card-header-actions">
          <button
            type="button"
            className="button"
            data-testid="sign-out-everywhere"
            onClick={() => {
              setError(null);
              setIsDone(false);
              setIsConfirming(true);
            }}
          >
            {t('account.sessions.action')}
          </button>
        </div>
      </header>
      {isDone && (
        <div className="card-body">
          <div className="banner banner-success" role="status" data-testid="signed-out-everywhere">
            {t('account.sessions.done')}
          </div>
        </div>
      )}
      {isConfirming && (
        <ConfirmDialog
          title={t('account.sessions.confirmTitle')}
          confirmLabel={t('account.sessions.confirm')}
          busy={isRunning}
          error={error}
          onConfirm={confirm}
          onCancel={() => setIsConfirming(false)}
        >
          <p>{t('account.sessions.confirmText')}</p>
          <p>{t('account.sessions.confirmKeep')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
