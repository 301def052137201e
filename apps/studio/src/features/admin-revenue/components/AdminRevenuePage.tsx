import { useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { addMonths, currentMonth } from '../../../lib/calendar-month';
import { MonthStepper } from '../../statements/components/MonthStepper';
import { StatementPanel } from '../../statements/components/StatementPanel';
import type { DesignerRevenue } from '../graphql/revenue-overview.graphql';
import { useRevenueOverview } from '../hooks/useRevenueOverview';
import { MarkPaidForm } from './MarkPaidForm';
import '../admin-revenue.css';

const CURRENCY = 'CNY';

/** Admin: platform revenue, payouts, totals per consumer app and per designer; pays designers' statements. */
export function AdminRevenuePage() {
  const { t, formatMoney, formatNumber } = useI18n();
  const { overview, isLoading, error, reload } = useRevenueOverview(CURRENCY);
  const thisMonth = useMemo(() => currentMonth(), []);
  const [selected, setSelected] = useState<DesignerRevenue | null>(null);
  // Admins pay closed months, so start at the last one.
  const [month, setMonth] = useState(() => addMonths(thisMonth, -1));
  const [paidMessage, setPaidMessage] = useState<string | null>(null);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (selected) panelRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [selected]);

  const currency = overview?.currency ?? CURRENCY;
  const unpaidMinor = overview?.designers.reduce((sum, d) => sum + d.unpaidMinor, 0) ?? 0;
  const receivableMinor = overview?.apps.reduce((sum, a) => sum + a.receivableMinor, 0) ?? 0;
  // The selected row as the latest overview has it (balances change after a payout).
  const selectedRow = selected ? (overview?.designers.find((d) => d.designerId === selected.designerId) ?? selected) : null;

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('adminRevenue.title')}</h1>
          <p className="page-subtitle">{t('adminRevenue.subtitle', { currency })}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="button" onClick={reload} disabled={isLoading}>
            {t('common.refresh')}
          </button>
        </div>
      </header>

      {Boolean(error) && (
        <div className="banner banner-error" role="alert" data-testid="revenue-error">
          <span>{describeError(error, t)}</span>
          <button type="button" className="button button-small" onClick={reload}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}

      {!overview ? (
        !error && (
          <div className="loading-state" aria-busy="true">
            {t('adminRevenue.loading')}
          </div>
        )
      ) : (
        <div className={isLoading ? 'is-refreshing' : undefined} aria-busy={isLoading || undefined}>
          <div className="stat-grid">
            <div className="stat-card stat-card-primary">
              <div className="stat-label">{t('adminRevenue.stat.platformRevenue')}</div>
              <div className="stat-value" data-testid="revenue-platform">
                {formatMoney(overview.platformRevenueMinor, currency)}
              </div>
              <div className="stat-hint">{t('adminRevenue.stat.platformRevenueHint')}</div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('adminRevenue.stat.paidOut')}</div>
              <div className="stat-value" data-testid="revenue-paid-out">
                {formatMoney(overview.paidOutMinor, currency)}
              </div>
              <div className="stat-hint">{t('adminRevenue.stat.paidOutHint')}</div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('adminRevenue.stat.unpaid')}</div>
              <div className="stat-value" data-testid="revenue-unpaid">
                {formatMoney(unpaidMinor, currency)}
              </div>
              <div className="stat-hint">{t('adminRevenue.stat.unpaidHint')}</div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('adminRevenue.stat.receivable')}</div>
              <div className="stat-value" data-testid="revenue-receivable">
                {formatMoney(receivableMinor, currency)}
              </div>
              <div className="stat-hint">{t('adminRevenue.stat.receivableHint')}</div>
            </div>
          </div>

          <section className="card" aria-labelledby="apps-heading">
            <header className="card-header">
              <div>
                <h2 className="card-title" id="apps-heading">
                  {t('adminRevenue.apps.title')}
                </h2>
                <p className="card-subtitle">{t('adminRevenue.apps.subtitle')}</p>
              </div>
            </header>
            {overview.apps.length === 0 ? (
              <p className="card-empty">{t('adminRevenue.apps.empty')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('adminRevenue.apps.app')}</th>
                      <th scope="col" className="num">
                        {t('adminRevenue.apps.uses')}
                      </th>
                      <th scope="col" className="num">
                        {t('adminRevenue.apps.gross')}
                      </th>
                      <th scope="col" className="num">
                        {t('adminRevenue.apps.refunded')}
                      </th>
                      <th scope="col" className="num">
                        {t('adminRevenue.apps.receivable')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.apps.map((app) => (
                      <tr key={app.appId} data-testid="app-revenue-row">
                        <th scope="row" className="cell-title">
                          {app.appName}
                        </th>
                        <td className="num">{formatNumber(app.uses)}</td>
                        <td className="num">{formatMoney(app.grossMinor, currency)}</td>
                        <td className="num">
                          {app.refundedMinor ? (
                            <span className="money-negative">{formatMoney(-app.refundedMinor, currency)}</span>
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td className="num cell-strong">{formatMoney(app.receivableMinor, currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby="designers-heading">
            <header className="card-header">
              <div>
                <h2 className="card-title" id="designers-heading">
                  {t('adminRevenue.designers.title')}
                </h2>
                <p className="card-subtitle">{t('adminRevenue.designers.subtitle')}</p>
              </div>
            </header>
            {overview.designers.length === 0 ? (
              <p className="card-empty">{t('adminRevenue.designers.empty')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('adminRevenue.designers.designer')}</th>
                      <th scope="col" className="num">
                        {t('adminRevenue.designers.earned')}
                      </th>
                      <th scope="col" className="num">
                        {t('adminRevenue.designers.paid')}
                      </th>
                      <th scope="col" className="num">
                        {t('adminRevenue.designers.unpaid')}
                      </th>
                      <th scope="col">
                        <span className="visually-hidden">{t('adminRevenue.designers.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.designers.map((designer) => {
                      const isSelected = selectedRow?.designerId === designer.designerId;
                      return (
                        <tr
                          key={designer.designerId}
                          data-testid="designer-revenue-row"
                          data-designer-id={designer.designerId}
                          className={isSelected ? 'is-selected' : undefined}
                        >
                          <th scope="row" className="cell-title">
                            {designer.displayName}
                          </th>
                          <td className="num">{formatMoney(designer.earnedMinor, currency)}</td>
                          <td className="num">{formatMoney(designer.paidMinor, currency)}</td>
                          <td className="num" data-testid="designer-unpaid">
                            {designer.unpaidMinor > 0 ? (
                              <span className="unpaid-amount">{formatMoney(designer.unpaidMinor, currency)}</span>
                            ) : (
                              <span className="muted">{formatMoney(designer.unpaidMinor, currency)}</span>
                            )}
                          </td>
                          <td className="cell-action">
                            <button
                              type="button"
                              className="button button-small"
                              data-testid="open-designer-statements"
                              aria-pressed={isSelected}
                              onClick={() => {
                                setPaidMessage(null);
                                setSelected(designer);
                              }}
                            >
                              {t('adminRevenue.designers.statements')}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          {selectedRow && (
            <section className="card" aria-labelledby="designer-statement-heading" ref={panelRef} data-testid="designer-statement-panel">
              <header className="card-header">
                <div>
                  <h2 className="card-title" id="designer-statement-heading">
                    {t('adminRevenue.statement.title', { name: selectedRow.displayName })}
                  </h2>
                  <p className="card-subtitle">
                    {t('adminRevenue.statement.subtitle', { amount: formatMoney(selectedRow.unpaidMinor, currency) })}
                  </p>
                </div>
                <div className="card-header-actions">
                  <MonthStepper
                    label={t('statements.month')}
                    value={month}
                    onChange={(next) => {
                      setPaidMessage(null);
                      setMonth(next);
                    }}
                    max={thisMonth}
                    testId="admin-statement-month"
                  />
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('common.close')}
                    onClick={() => setSelected(null)}
                  >
                    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                      <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
                    </svg>
                  </button>
                </div>
              </header>
              <div className="card-body">
                {paidMessage && (
                  <div className="banner banner-success" role="status" data-testid="mark-paid-success">
                    {paidMessage}
                  </div>
                )}
                <StatementPanel
                  designerId={selectedRow.designerId}
                  month={month}
                  currency={currency}
                  renderFooter={(statement, replace) => (
                    <MarkPaidForm
                      statement={statement}
                      designerName={selectedRow.displayName}
                      onPaid={(paid) => {
                        replace(paid);
                        setPaidMessage(
                          t('adminRevenue.pay.done', {
                            amount: formatMoney(paid.payoutMinor ?? 0, paid.currency),
                            name: selectedRow.displayName,
                            reference: paid.payoutReference ?? '',
                          }),
                        );
                      }}
                    />
                  )}
                />
              </div>
            </section>
          )}
        </div>
      )}
    </main>
  );
}
