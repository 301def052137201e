import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';

export interface AdminColumn {
  label: string;
  isNumeric?: boolean;
}

interface AdminTableCardProps<Row> {
  /** The heading's id, for aria-labelledby. */
  id: string;
  title: string;
  subtitle?: string;
  /** Undefined while loading (or after a failed load, which the page header reports). */
  rows: readonly Row[] | null | undefined;
  isFailed: boolean;
  emptyText: string;
  columns: readonly AdminColumn[];
  /** Adds a last column, labelled for screen readers only, for the row's buttons. */
  hasActions?: boolean;
  renderRow: (row: Row) => ReactNode;
}

/** An admin list: a card with a title, then "loading", an empty note or the table of rows. */
export function AdminTableCard<Row>({ id, title, subtitle, rows, isFailed, emptyText, columns, hasActions = false, renderRow }: AdminTableCardProps<Row>) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-header">
        <div>
          <h2 className="card-title" id={id}>
            {title}
          </h2>
          {subtitle && <p className="card-subtitle">{subtitle}</p>}
        </div>
      </header>
      {!rows ? (
        !isFailed && <p className="card-empty">{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="card-empty">{emptyText}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.label} scope="col" className={column.isNumeric ? 'num' : undefined}>
                    {column.label}
                  </th>
                ))}
                {hasActions && (
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.col.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>{rows.map(renderRow)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** "Active" or "Revoked", for API keys and worker tokens. */
export function RevocationBadge({ revokedAt }: { revokedAt: string | null | undefined }) {
  const { t } = useI18n();
  return revokedAt ? <span className="badge badge-danger">{t('admin.status.revoked')}</span> : <span className="badge badge-success">{t('admin.status.active')}</span>;
}

/** When a credential was last used, or "Never". */
export function LastUsedCell({ lastUsedAt }: { lastUsedAt: string | null | undefined }) {
  const { t, formatDate } = useI18n();
  return <td>{lastUsedAt ? formatDate(lastUsedAt, { dateStyle: 'medium', timeStyle: 'short' }) : <span className="muted">{t('admin.never')}</span>}</td>;
}
