import { useMemo, useState } from 'react';
import { AuditActionsDocument, AuditLogCsvDocument, AuditLogDocument } from '../../../gql/graphql';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { gqlRequest } from '../../../lib/graphql-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { PagedListFooter } from '../../../lib/PagedListFooter';
import { useHashQuery } from '../../../lib/useHashQuery';
import { usePagedList } from '../../../lib/usePagedList';
import { AdminPageHeader } from '../../admin/components/AdminPageHeader';
import { downloadAuditCsv } from '../audit-csv-file';
import { auditHref, hasAuditFilters, parseAuditFilters, toAuditLogFilter, type AuditFilters } from '../audit-filters';
import { AuditEntryRows } from './AuditEntryRows';
import { AuditFiltersBar } from './AuditFiltersBar';
import '../audit.css';

const PAGE_SIZE = 50;
const NO_VARIABLES = {};
// What the API puts in one file at most (AUDIT_CSV_MAX_ROWS); its answer says when a file was cut.
const CSV_MAX_ROWS = 5000;

type CsvState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; rowCount: number; totalCount: number; truncated: boolean } | { kind: 'failed'; error: unknown };

/**
 * Admin: the audit log, newest first. Filters (who, kind of object or one object, action, days) live in
 * the link, so an admin can send what they see; each entry opens to show what changed; the filtered
 * entries download as CSV.
 */
export function AuditLogPage() {
  const { t, tn, formatNumber } = useI18n();
  const [query] = useHashQuery();
  const queryText = query.toString();
  const filters = useMemo(() => parseAuditFilters(new URLSearchParams(queryText)), [queryText]);
  const apiFilter = useMemo(() => toAuditLogFilter(filters), [filters]);
  const filterKey = JSON.stringify(apiFilter);
  const list = usePagedList(
    AuditLogDocument,
    filterKey,
    (after) => ({ filter: apiFilter, first: PAGE_SIZE, ...(after ? { after } : {}) }),
    (data) => data.auditLog,
  );
  const actions = useGqlQuery(AuditActionsDocument, NO_VARIABLES);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // The last download's outcome, for the filters it was made with.
  const [csv, setCsv] = useState<{ filterKey: string; state: CsvState }>({ filterKey, state: { kind: 'idle' } });
  const csvState = csv.filterKey === filterKey ? csv.state : { kind: 'idle' as const };

  // A new address, as following an actor's or object's link in a row is: Back returns to the filters before.
  const changeFilters = (next: Partial<AuditFilters>) => {
    window.location.hash = auditHref({ ...filters, ...next });
  };

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function downloadCsv() {
    setCsv({ filterKey, state: { kind: 'running' } });
    try {
      const { auditLogCsv } = await gqlRequest(AuditLogCsvDocument, { filter: apiFilter });
      downloadAuditCsv(auditLogCsv.csv);
      setCsv({ filterKey, state: { kind: 'done', rowCount: auditLogCsv.rowCount, totalCount: auditLogCsv.totalCount, truncated: auditLogCsv.truncated } });
    } catch (error) {
      setCsv({ filterKey, state: { kind: 'failed', error } });
    }
  }

  function refresh() {
    list.reload();
    actions.reload();
  }

  const listError = list.failedRequest === 'first-page' ? list.error : null;
  const entries = (list.isLoading && list.items.length === 0) || listError ? null : list.items;
  // Names for the chips, from the rows shown (every row has that actor / object when filtered by it).
  const actorName = entries?.find((e) => e.actor.id === filters.actorId)?.actor.label ?? null;
  const objectName = entries?.find((e) => e.entityId === filters.entityId)?.entityLabel ?? null;
  const isFiltered = hasAuditFilters(filters);

  return (
    <main className="page audit-page">
      <AdminPageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        onRefresh={refresh}
        isLoading={list.isLoading}
        error={listError}
        actions={
          <button type="button" className="button button-primary" data-testid="audit-download-csv" onClick={() => void downloadCsv()} disabled={csvState.kind === 'running'} title={t('audit.csv.hint', { max: formatNumber(CSV_MAX_ROWS) })}>
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {csvState.kind === 'running' ? t('audit.csv.preparing') : t('audit.csv.download')}
          </button>
        }
      />
      {csvState.kind === 'done' &&
        (csvState.truncated ? (
          <div className="banner banner-warning" role="status" data-testid="audit-csv-status">
            <span>{t('audit.csv.truncated', { rows: csvState.rowCount, total: csvState.totalCount })}</span>
          </div>
        ) : (
          <div className="banner banner-success" role="status" data-testid="audit-csv-status">
            <span>{tn('audit.csv.done', csvState.rowCount)}</span>
          </div>
        ))}
      {csvState.kind === 'failed' && (
        <div className="banner banner-error" role="alert" data-testid="audit-csv-error">
          <span>{describeError(csvState.error, t)}</span>
        </div>
      )}

      <AuditFiltersBar filters={filters} actions={actions.data?.auditActions ?? null} actorName={actorName} objectName={objectName} onChange={changeFilters} />

      <section className="card" aria-labelledby="audit-list-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="audit-list-heading">
              {t('audit.title')}
            </h2>
            {entries && (
              <p className="card-subtitle" data-testid="audit-count">
                {tn('audit.count', list.totalCount)}
              </p>
            )}
          </div>
          <p className="field-hint audit-csv-hint">{t('audit.csv.hint', { max: formatNumber(CSV_MAX_ROWS) })}</p>
        </header>
        {!entries ? (
          !listError && <p className="card-empty">{t('common.loading')}</p>
        ) : entries.length === 0 ? (
          <p className="card-empty" data-testid="audit-empty">
            {isFiltered ? t('audit.emptyFiltered') : t('audit.empty')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.col.time')}</th>
                  <th scope="col">{t('audit.col.actor')}</th>
                  <th scope="col">{t('audit.col.action')}</th>
                  <th scope="col">{t('audit.col.object')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('audit.details')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AuditEntryRows key={entry.id} entry={entry} filters={filters} isExpanded={expanded.has(entry.id)} onToggle={() => toggle(entry.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PagedListFooter list={list} loadMoreLabel={t('audit.loadMore')} testId="audit-load-more" />
      </section>
    </main>
  );
}
