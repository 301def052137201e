import { useId, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { useAccountSessions } from '../hooks/useAccountSessions';

/** Ends every session of the person in every browser (after a confirmation); this one carries on with a new token. */
export function SignOutEverywhereCard() {
  const { t } = useI18n();
  const { signOutEverywhere } = useAccountSessions();
  const [isDone, setIsDone] = useState(false);
  const signingOut = useConfirmedAction(async () => {
    await signOutEverywhere();
    setIsDone(true);
  });
  const headingId = useId();

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
              setIsDone(false);
              signingOut.ask();
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
      {signingOut.isAsking && (
        <ConfirmDialog
          title={t('account.sessions.confirmTitle')}
          confirmLabel={t('account.sessions.confirm')}
          busy={signingOut.isRunning}
          error={signingOut.error}
          onConfirm={signingOut.confirm}
          onCancel={signingOut.cancel}
        >
          <p>{t('account.sessions.confirmText')}</p>
          <p>{t('account.sessions.confirmKeep')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
