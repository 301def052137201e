import { useI18n } from '../../../i18n/useI18n';
import type { EarningsChartData, EarningsSeries } from '../earnings-chart-data';
import '../earnings.css';

interface EarningsTableProps {
  data: EarningsChartData;
  seriesTitle: (series: EarningsSeries) => string;
  /** Opens the statement of a month. */
  onOpenStatement: (month: string) => void;
}

/** The chart's numbers as a table: a row per month, a column per template, totals. */
export function EarningsTable({ data, seriesTitle, onOpenStatement }: EarningsTableProps) {
  const { t, formatMoney, formatMonth } = useI18n();
  const { currency, series, bars } = data;
  // Newest month first, as in a statement list.
  const rows = [...bars].reverse();

  const cell = (minor: number | undefined) =>
    minor === undefined ? (
      <span className="muted">—</span>
    ) : (
      <span className={minor < 0 ? 'money-negative' : undefined}>{formatMoney(minor, currency)}</span>
    );

  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="earnings-table">
        <caption className="visually-hidden">{t('earnings.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('earnings.table.month')}</th>
            {series.map((s) => (
              <th key={s.key} scope="col" className="num">
                <span className="legend-label">
                  <span className={`legend-swatch series-bg-${s.colorIndex % 8}`} aria-hidden="true" />
                  {seriesTitle(s)}
                </span>
              </th>
            ))}
            <th scope="col" className="num">
              {t('earnings.table.total')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('earnings.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((bar) => (
            <tr key={bar.month} data-testid="earnings-row" data-month={bar.month}>
              <th scope="row">{formatMonth(bar.month, 'long')}</th>
              {series.map((s) => (
                <td key={s.key} className="num">
                  {cell(bar.netBySeries[s.key])}
                </td>
              ))}
              <td className="num cell-strong" data-testid="earnings-row-total">
                {cell(Object.keys(bar.netBySeries).length > 0 ? bar.totalNetMinor : undefined)}
              </td>
              <td className="cell-action">
                <button
                  type="button"
                  className="button button-ghost button-small"
                  data-testid={`open-statement-${bar.month}`}
                  onClick={() => onOpenStatement(bar.month)}
                >
                  {t('earnings.table.statement')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="earnings-total-row">
            <th scope="row">{t('earnings.table.total')}</th>
            {series.map((s) => (
              <td key={s.key} className="num">
                {cell(s.totalNetMinor)}
              </td>
            ))}
            <td className="num cell-strong">{cell(data.totals.netMinor)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
