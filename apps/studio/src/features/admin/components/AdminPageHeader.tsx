import type { ReactNode } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';

/** Title, subtitle, a Refresh button and the load error banner shared by the admin pages. */
export function AdminPageHeader({ title, subtitle, onRefresh, isLoading, error, actions }: { title: string; subtitle: string; onRefresh: () => void; isLoading: boolean; error: unknown; actions?: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <header className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
          <p className="page-subtitle">{subtitle}</p>
        </div>
        <div className="page-actions">
          {actions}
          <button type="button" className="button" onClick={onRefresh} disabled={isLoading}>
            {t('common.refresh')}
          </button>
        </div>
      </header>
      {Boolean(error) && (
        <div className="banner banner-error" role="alert" data-testid="admin-load-error">
          <span>{describeError(error, t)}</span>
          <button type="button" className="button button-small" onClick={onRefresh}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}
    </>
  );
}
