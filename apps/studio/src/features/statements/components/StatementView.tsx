import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import type { Statement } from '../graphql/statement.graphql';
import { downloadStatementCsv } from '../statement-file';
import { StatementStatus, statementStateOf } from './StatementStatus';
import '../statements.css';

interface StatementViewProps {
  statement: Statement;
  /** Extra controls under the figures (the admin's "Mark paid"). */
  footer?: ReactNode;
}

function Money({ minor, currency, strong }: { minor: number; currency: string; strong?: boolean }) {
  const { formatMoney } = useI18n();
  return <span className={`money${minor < 0 ? ' money-negative' : ''}${strong ? ' money-strong' : ''}`}>{formatMoney(minor, currency)}</span>;
}

/** One month's statement: opening balance, lines per template version, totals, closing balance, payout. */
export function StatementView({ statement, footer }: StatementViewProps) {
  const { t, formatMonth, formatMoney, formatDate, formatNumber } = useI18n();
  const { currency } = statement;
  const state = statementStateOf(statement);
  const totalUses = statement.lines.reduce((sum, line) => sum + line.uses, 0);

  return (
    <article className="statement" data-testid="statement" data-month={statement.month} aria-label={t('statement.title', { month: formatMonth(statement.month, 'long') })}>
      <header className="statement-header">
        <div className="statement-heading">
          <h3 className="statement-title">{t('statement.title', { month: formatMonth(statement.month, 'long') })}</h3>
          <StatementStatus statement={statement} />
        </div>
        <button
          type="button"
          className="button button-small"
          data-testid="download-statement-csv"
          onClick={() => downloadStatementCsv(statement)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {t('statement.downloadCsv')}
        </button>
      </header>

      <dl className="statement-balances">
        <div className="statement-balance">
          <dt>{t('statement.opening')}</dt>
          <dd data-testid="statement-opening">
            <Money minor={statement.openingMinor} currency={currency} />
          </dd>
        </div>
        <div className="statement-balance statement-balance-op" aria-hidden="true">+</div>
        <div className="statement-balance">
          <dt>{t('statement.netEarnings')}</dt>
          <dd data-testid="statement-net">
            <Money minor={statement.netMinor} currency={currency} />
          </dd>
        </div>
        <div className="statement-balance statement-balance-op" aria-hidden="true">−</div>
        <div className="statement-balance">
          <dt>{t('statement.payouts')}</dt>
          <dd data-testid="statement-payouts">
            <Money minor={statement.payoutsMinor} currency={currency} />
          </dd>
        </div>
        <div className="statement-balance statement-balance-op" aria-hidden="true">=</div>
        <div className="statement-balance statement-balance-closing">
          <dt>{t('statement.closing')}</dt>
          <dd data-testid="statement-closing">
            <Money minor={statement.closingMinor} currency={currency} strong />
          </dd>
        </div>
      </dl>

      {statement.lines.length === 0 ? (
        <p className="statement-empty" data-testid="statement-empty">
          {t('statement.noLines')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('statement.linesCaption', { month: formatMonth(statement.month, 'long') })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('statement.col.template')}</th>
                <th scope="col">{t('statement.col.version')}</th>
                <th scope="col" className="num">
                  {t('statement.col.uses')}
                </th>
                <th scope="col" className="num">
                  {t('statement.col.gross')}
                </th>
                <th scope="col" className="num">
                  {t('statement.col.share')}
                </th>
                <th scope="col" className="num">
                  {t('statement.col.refunds')}
                </th>
                <th scope="col" className="num">
                  {t('statement.col.net')}
                </th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((line) => (
                <tr key={line.versionId} data-testid="statement-line">
                  <th scope="row" className="cell-title">
                    {line.templateTitle}
                  </th>
                  <td>
                    <span className="version-chip">v{line.versionNumber}</span>
                  </td>
                  <td className="num">{formatNumber(line.uses)}</td>
                  <td className="num">{formatMoney(line.grossMinor, currency)}</td>
                  <td className="num">{formatMoney(line.shareMinor, currency)}</td>
                  <td className="num">
                    {line.refundsMinor ? <Money minor={-line.refundsMinor} currency={currency} /> : <span className="muted">—</span>}
                  </td>
                  <td className="num">
                    <Money minor={line.netMinor} currency={currency} strong />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="statement-total">
                <th scope="row" colSpan={2}>
                  {t('statement.total')}
                </th>
                <td className="num">{formatNumber(totalUses)}</td>
                <td className="num">{formatMoney(statement.grossMinor, currency)}</td>
                <td className="num">{formatMoney(statement.shareMinor, currency)}</td>
                <td className="num">{statement.refundsMinor ? <Money minor={-statement.refundsMinor} currency={currency} /> : '—'}</td>
                <td className="num">
                  <Money minor={statement.netMinor} currency={currency} strong />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}

      <p className="statement-note" data-testid="statement-payout">
        {state === 'paid'
          ? t('statement.paidNote', {
              date: formatDate(statement.paidAt, { dateStyle: 'medium' }),
              amount: formatMoney(statement.payoutMinor ?? 0, currency),
              reference: statement.payoutReference ?? '—',
            })
          : state === 'open'
            ? t('statement.openNote')
            : state === 'unpaid'
              ? t('statement.unpaidNote', { amount: formatMoney(statement.outstandingMinor, currency) })
              : t('statement.settledNote')}
      </p>

      {footer}
    </article>
  );
}
