import type { ReactNode } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import type { Statement } from '../graphql/statement.graphql';
import { useStatement } from '../hooks/useStatement';
import { StatementView } from './StatementView';

interface StatementPanelProps {
  designerId: string;
  month: string;
  currency: string;
  /** Controls under the statement; `replace` shows a statement a mutation returned. */
  renderFooter?: (statement: Statement, replace: (next: Statement) => void) => ReactNode;
}

/** Loads and shows one designer's statement for a month, with loading and error states. */
export function StatementPanel({ designerId, month, currency, renderFooter }: StatementPanelProps) {
  const { t } = useI18n();
  const { statement, isLoading, error, reload, replace } = useStatement(designerId, month, currency);

  if (error) {
    return (
      <div className="banner banner-error" role="alert" data-testid="statement-error">
        <span>{describeError(error, t)}</span>
        <button type="button" className="button button-small" onClick={reload}>
          {t('common.tryAgain')}
        </button>
      </div>
    );
  }
  if (!statement) {
    return isLoading ? (
      <div className="loading-state loading-state-compact" aria-busy="true">
        {t('statement.loading')}
      </div>
    ) : (
      <p className="card-empty" data-testid="statement-missing">
        {t('statement.missing')}
      </p>
    );
  }
  return (
    <div className={isLoading ? 'is-refreshing' : undefined} aria-busy={isLoading || undefined}>
      <StatementView statement={statement} footer={renderFooter?.(statement, replace)} />
    </div>
  );
}
