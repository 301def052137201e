import { useMemo, useRef, useState } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { addMonths, currentMonth } from '../../../lib/calendar-month';
import { MonthStepper } from '../../statements/components/MonthStepper';
import { StatementPanel } from '../../statements/components/StatementPanel';
import { currenciesOf, shapeEarningsChart, type EarningsSeries } from '../earnings-chart-data';
import { useEarnings } from '../hooks/useEarnings';
import { useRecentUsage } from '../hooks/useRecentUsage';
import { EarningsChart } from './EarningsChart';
import { EarningsTable } from './EarningsTable';
import { MAX_RANGE_MONTHS, MonthRangePicker, checkMonthRange, lastMonths, type MonthRange } from './MonthRangePicker';
import { RecentUsageTable } from './RecentUsageTable';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../earnings.css';

export const DEFAULT_CURRENCY = 'CNY';
const DEFAULT_RANGE_MONTHS = 6;

/** A designer's earnings: per template per month as a chart and table, recent usage, statements. */
export function EarningsPage({ designerId }: { designerId: string }) {
  const { t, formatMoney, formatNumber, formatMonth } = useI18n();
  const thisMonth = useMemo(() => currentMonth(), []);
  const [range, setRange] = useState<MonthRange>(() => lastMonths(DEFAULT_RANGE_MONTHS, thisMonth));
  const [currency, setCurrency] = useState(DEFAULT_CURRENCY);
  // The latest closed month is the one a designer usually wants to download.
  const [statementMonth, setStatementMonth] = useState(() => addMonths(thisMonth, -1));
  const statementsRef = useRef<HTMLElement>(null);

  const rangeProblem = checkMonthRange(range);
  const earnings = useEarnings(designerId, rangeProblem ? null : range);
  const usage = useRecentUsage(designerId);

  const chart = useMemo(
    () => (earnings.rows && !rangeProblem ? shapeEarningsChart(earnings.rows, { ...range, currency }) : null),
    [earnings.rows, range, currency, rangeProblem],
  );
  const currencies = earnings.rows ? currenciesOf(earnings.rows, DEFAULT_CURRENCY) : [DEFAULT_CURRENCY];
  const seriesTitle = (s: EarningsSeries) => (s.isOther ? t('earnings.otherTemplates') : s.title);

  const openStatement = (month: string) => {
    setStatementMonth(month);
    statementsRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  };

  const rangeMessage =
    rangeProblem === 'reversed'
      ? t('earnings.range.reversed')
      : rangeProblem === 'too-long'
        ? t('earnings.range.tooLong', { max: MAX_RANGE_MONTHS })
        : rangeProblem === 'invalid'
          ? t('earnings.range.invalid')
          : null;

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('earnings.title')}</h1>
          <p className="page-subtitle">{t('earnings.subtitle')}</p>
        </div>
        <div className="page-actions">
          {currencies.length > 1 && (
            <select
              className="input input-select"
              aria-label={t('earnings.currency')}
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
          <MonthRangePicker value={range} onChange={setRange} currentMonth={thisMonth} />
        </div>
      </header>

      {rangeMessage && (
        <div className="banner banner-warning" role="alert" data-testid="earnings-range-error">
          {rangeMessage}
        </div>
      )}
      {Boolean(earnings.error) && (
        <div className="banner banner-error" role="alert" data-testid="earnings-error">
          <span>{describeError(earnings.error, t)}</span>
          <button type="button" className="button button-small" onClick={earnings.reload}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}

      {chart ? (
        <div className={earnings.isLoading ? 'is-refreshing' : undefined} aria-busy={earnings.isLoading || undefined}>
          <div className="stat-grid">
            <div className="stat-card stat-card-primary">
              <div className="stat-label">{t('earnings.stat.net')}</div>
              <div className="stat-value" data-testid="earnings-total-net">
                {formatMoney(chart.totals.netMinor, currency)}
              </div>
              <div className="stat-hint">
                {t('earnings.stat.range', { from: formatMonth(range.from), to: formatMonth(range.to) })}
              </div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('earnings.stat.share')}</div>
              <div className="stat-value">{formatMoney(chart.totals.shareMinor, currency)}</div>
              <div className="stat-hint">{t('earnings.stat.gross', { amount: formatMoney(chart.totals.grossMinor, currency) })}</div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('earnings.stat.refunds')}</div>
              <div className={`stat-value${chart.totals.refundsMinor > 0 ? ' money-negative' : ''}`}>
                {formatMoney(-chart.totals.refundsMinor, currency)}
              </div>
              <div className="stat-hint">{t('earnings.stat.refundsHint')}</div>
            </div>
            <div className="stat-card">
              <div className="stat-label">{t('earnings.stat.uses')}</div>
              <div className="stat-value" data-testid="earnings-total-uses">
                {formatNumber(chart.totals.uses)}
              </div>
              <div className="stat-hint">{t('earnings.stat.usesHint')}</div>
            </div>
          </div>

          <section className="card" aria-labelledby="earnings-chart-heading">
            <header className="card-header">
              <div>
                <h2 className="card-title" id="earnings-chart-heading">
                  {t('earnings.chart.title')}
                </h2>
                <p className="card-subtitle">{t('earnings.chart.subtitle')}</p>
              </div>
              {chart.series.length > 0 && (
                <ul className="legend" aria-label={t('earnings.chart.legend')}>
                  {chart.series.map((s) => (
                    <li key={s.key} className="legend-item">
                      <span className={`legend-swatch series-bg-${s.colorIndex % 8}`} aria-hidden="true" />
                      {seriesTitle(s)}
                    </li>
                  ))}
                </ul>
              )}
            </header>
            <div className="card-body">
              <EarningsChart data={chart} seriesTitle={seriesTitle} />
            </div>
            <EarningsTable data={chart} seriesTitle={seriesTitle} onOpenStatement={openStatement} />
          </section>
        </div>
      ) : (
        !rangeProblem &&
        !earnings.error && (
          <div className="loading-state" aria-busy="true">
            {t('earnings.loading')}
          </div>
        )
      )}

      <div className="section-grid">
        <section className="card" aria-labelledby="recent-usage-heading" data-testid="recent-usage">
          <header className="card-header">
            <div>
              <h2 className="card-title" id="recent-usage-heading">
                {t('earnings.usage.title')}
              </h2>
              <p className="card-subtitle">{t('earnings.usage.subtitle')}</p>
            </div>
          </header>
          {Boolean(usage.error) ? (
            <div className="card-body">
              <RetryBanner error={usage.error} onRetry={usage.reload} />
            </div>
          ) : usage.lines ? (
            <RecentUsageTable lines={usage.lines} />
          ) : (
            <div className="loading-state loading-state-compact" aria-busy="true">
              {t('common.loading')}
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="statements-heading" ref={statementsRef} data-testid="statements">
          <header className="card-header">
            <div>
              <h2 className="card-title" id="statements-heading">
                {t('statements.title')}
              </h2>
              <p className="card-subtitle">{t('statements.subtitle')}</p>
            </div>
            <MonthStepper
              label={t('statements.month')}
              value={statementMonth}
              onChange={setStatementMonth}
              max={thisMonth}
              testId="statement-month"
            />
          </header>
          <div className="card-body">
            <StatementPanel designerId={designerId} month={statementMonth} currency={currency} />
          </div>
        </section>
      </div>
    </main>
  );
}
