import { termsHref } from '../../../app/routes';
import { useI18n } from '../../../i18n/useI18n';
import type { UsageLine } from '../graphql/earnings.graphql';
import '../earnings.css';

/** The designer's latest uses and refunds, newest first; refunds count against them (negative). */
export function RecentUsageTable({ lines }: { lines: UsageLine[] }) {
  const { t, formatMoney, formatDate } = useI18n();
  if (lines.length === 0) {
    return (
      <p className="card-empty" data-testid="recent-usage-empty">
        {t('earnings.usage.empty')}
      </p>
    );
  }
  const newestFirst = [...lines].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{t('earnings.usage.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('earnings.usage.when')}</th>
            <th scope="col">{t('earnings.usage.template')}</th>
            <th scope="col">{t('earnings.usage.app')}</th>
            <th scope="col" className="num">
              {t('earnings.usage.gross')}
            </th>
            <th scope="col" className="num">
              {t('earnings.usage.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((line, index) => {
            const isRefund = line.kind === 'REFUND';
            // The API sends a refund's basis as the refunded amount; it is money going back.
            const gross = isRefund ? -Math.abs(line.basisMinor) : line.basisMinor;
            return (
              <tr key={`${line.occurredAt}-${index}`} data-testid="usage-row" data-kind={line.kind}>
                <td className="cell-muted">
                  <time dateTime={line.occurredAt}>{formatDate(line.occurredAt)}</time>
                </td>
                <th scope="row" className="cell-title">
                  <span className="usage-template">
                    <a href={termsHref(line.templateId)} data-testid="usage-terms" title={t('agreements.title')}>
                      {line.templateTitle}
                    </a>
                    <span className="version-chip">v{line.versionNumber}</span>
                    {isRefund && <span className="badge badge-danger">{t('earnings.usage.refund')}</span>}
                  </span>
                </th>
                <td>{line.appName ?? <span className="muted">{t('earnings.usage.unknownApp')}</span>}</td>
                <td className="num">
                  <span className={gross < 0 ? 'money-negative' : undefined}>{formatMoney(gross, line.currency)}</span>
                </td>
                <td className="num cell-strong">
                  <span className={line.shareMinor < 0 ? 'money-negative' : undefined}>{formatMoney(line.shareMinor, line.currency)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
