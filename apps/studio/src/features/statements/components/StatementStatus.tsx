import { isMonthClosed } from '../../../lib/calendar-month';
import { useI18n } from '../../../i18n/useI18n';
import type { Statement } from '../graphql/statement.graphql';

export type StatementState = 'paid' | 'open' | 'unpaid' | 'settled';

/**
 * Paid; the month is still running; closed with something still to pay out; closed with nothing
 * owed (including a month a later payout already covered — the API's outstandingMinor says so).
 */
export function statementStateOf(statement: Pick<Statement, 'paidAt' | 'month' | 'outstandingMinor'>, now = new Date()): StatementState {
  if (statement.paidAt) return 'paid';
  if (!isMonthClosed(statement.month, now)) return 'open';
  return statement.outstandingMinor > 0 ? 'unpaid' : 'settled';
}

const BADGE_CLASS: Record<StatementState, string> = {
  paid: 'badge badge-success',
  open: 'badge badge-info',
  unpaid: 'badge badge-warning',
  settled: 'badge',
};

export function StatementStatus({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const state = statementStateOf(statement);
  const label = {
    paid: t('statement.status.paid'),
    open: t('statement.status.open'),
    unpaid: t('statement.status.unpaid'),
    settled: t('statement.status.settled'),
  }[state];
  return (
    <span className={BADGE_CLASS[state]} data-testid="statement-status" data-state={state}>
      {label}
    </span>
  );
}
