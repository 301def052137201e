import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { describeError } from '../../../i18n/describe-error';
import { GraphQLRequestError } from '../../../lib/graphql-client';
import type { Statement } from '../../statements/graphql/statement.graphql';
import { statementStateOf } from '../../statements/components/StatementStatus';
import { describePayoutError } from '../describe-payout-error';
import { useMarkStatementPaid } from '../hooks/useMarkStatementPaid';
import '../admin-revenue.css';

interface MarkPaidFormProps {
  statement: Statement;
  designerName: string;
  onPaid: (statement: Statement) => void;
}

/** Records the payout of a closed month with the bank transfer's reference; API refusals show inline. */
export function MarkPaidForm({ statement, designerName, onPaid }: MarkPaidFormProps) {
  const i18n = useI18n();
  const { t, formatMoney, formatMonth } = i18n;
  const { markPaid, isPaying } = useMarkStatementPaid();
  const [reference, setReference] = useState('');
  const [error, setError] = useState<{ message: string; detail: string } | null>(null);
  const ids = { reference: useId(), error: useId() };
  const state = statementStateOf(statement);

  // A paid statement shows its payout, a running month says when it can be paid, and a month with
  // nothing owed (a later payout may have covered it) says so (StatementView): only 'unpaid' pays.
  if (state !== 'unpaid') return null;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPaying) return;
    const trimmed = reference.trim();
    if (!trimmed) {
      setError({ message: t('adminRevenue.pay.referenceRequired'), detail: '' });
      return;
    }
    setError(null);
    try {
      onPaid(await markPaid(statement.id, trimmed));
      setReference('');
    } catch (caught) {
      const message = describePayoutError(caught, statement.month, i18n);
      // The API's own sentence as a hover detail (in the active language), when ours says it differently.
      const detail = caught instanceof GraphQLRequestError ? describeError(caught, t) : '';
      setError({ message, detail: detail === message ? '' : detail });
    }
  }

  return (
    <form className="pay-form" onSubmit={handleSubmit} noValidate data-testid="mark-paid-form">
      <div className="pay-form-summary">
        <div className="pay-form-title">{t('adminRevenue.pay.title')}</div>
        <div className="pay-form-text">
          {t('adminRevenue.pay.summary', {
            amount: formatMoney(statement.outstandingMinor, statement.currency),
            name: designerName,
            month: formatMonth(statement.month, 'long'),
          })}
        </div>
      </div>
      <div className="pay-form-controls">
        <label className="visually-hidden" htmlFor={ids.reference}>
          {t('adminRevenue.pay.reference')}
        </label>
        <input
          id={ids.reference}
          data-testid="payout-reference"
          className="input"
          type="text"
          maxLength={200}
          autoComplete="off"
          placeholder={t('adminRevenue.pay.referencePlaceholder')}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? ids.error : undefined}
        />
        <button type="submit" className="button button-primary" data-testid="mark-paid-submit" disabled={isPaying}>
          {isPaying ? t('adminRevenue.pay.submitting') : t('adminRevenue.pay.submit')}
        </button>
      </div>
      {error && (
        <p id={ids.error} className="form-error" role="alert" data-testid="mark-paid-error" title={error.detail || undefined}>
          {error.message}
        </p>
      )}
    </form>
  );
}
