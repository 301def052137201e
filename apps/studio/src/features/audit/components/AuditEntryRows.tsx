import { useId } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { auditHref, type AuditFilters } from '../audit-filters';
import { actionKey, objectTypeKey, shortId } from '../audit-labels';
import type { AuditEntry } from '../graphql/audit.graphql';

export const AUDIT_COLUMNS = 5;

function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const { t } = useI18n();
  return (
    <div className="audit-json">
      <h4 className="audit-json-title">{label}</h4>
      {value === null || value === undefined ? <p className="muted audit-json-empty">{t('audit.details.none')}</p> : <pre className="audit-json-body">{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}

/** One entry: when, who, what, to which object; its details (before/after, ids) below when expanded. */
export function AuditEntryRows({ entry, filters, isExpanded, onToggle }: { entry: AuditEntry; filters: AuditFilters; isExpanded: boolean; onToggle: () => void }) {
  const { t, formatDate } = useI18n();
  const detailsId = useId();
  const actor = entry.actor;
  const actorName = actor.kind === 'SYSTEM' ? t('audit.actor.system') : actor.label;
  const typeKey = objectTypeKey(entry.entityType);
  const objectName = entry.entityLabel ?? shortId(entry.entityId);
  const key = actionKey(entry.action);
  const time = formatDate(entry.createdAt, { dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <>
      <tr data-testid="audit-row" data-entry-id={entry.id} data-action={entry.action} className={isExpanded ? 'is-selected' : undefined}>
        <td className="audit-cell-time">
          <time dateTime={entry.createdAt}>{time}</time>
        </td>
        <td data-testid="audit-actor">
          {actor.kind === 'SYSTEM' || !actor.id ? (
            <span className="audit-system">{actorName}</span>
          ) : (
            <a className="audit-link" href={auditHref({ ...filters, actorKind: actor.kind, actorId: actor.id })} title={t('audit.filter.byActor', { name: actorName })}>
              {actorName}
            </a>
          )}
          {actor.kind === 'API_KEY' && <span className="badge badge-info audit-actor-badge">{t('audit.actor.apiKey')}</span>}
        </td>
        <td data-testid="audit-action">
          <span className="audit-action">{key ? t(key) : entry.action}</span>
          <code className="audit-code">{entry.action}</code>
        </td>
        <td data-testid="audit-object" className="audit-cell-object">
          <span className="audit-object-type">{typeKey ? t(typeKey) : entry.entityType}</span>
          <a className="audit-link" href={auditHref({ ...filters, entityType: entry.entityType, entityId: entry.entityId })} title={t('audit.filter.byObject', { name: objectName })}>
            {objectName}
          </a>
        </td>
        <td className="cell-action">
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="audit-toggle-details"
            aria-expanded={isExpanded}
            aria-controls={isExpanded ? detailsId : undefined}
            aria-label={t('audit.detailsLabel', { action: key ? t(key) : entry.action, time })}
            onClick={onToggle}
          >
            {t('audit.details')}
            <svg className="audit-chevron" viewBox="0 0 12 12" width="10" height="10" aria-hidden="true">
              <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </td>
      </tr>
      {isExpanded && (
        <tr className="audit-details-row" id={detailsId} data-testid="audit-details">
          <td colSpan={AUDIT_COLUMNS}>
            <dl className="audit-ids">
              <div>
                <dt>{t('audit.details.action')}</dt>
                <dd>
                  <code>{entry.action}</code>
                </dd>
              </div>
              <div>
                <dt>{t('audit.details.objectId')}</dt>
                <dd>
                  <code>
                    {entry.entityType}:{entry.entityId}
                  </code>
                </dd>
              </div>
              {actor.id && (
                <div>
                  <dt>{t('audit.details.actorId')}</dt>
                  <dd>
                    <code>{actor.id}</code>
                  </dd>
                </div>
              )}
            </dl>
            <div className="audit-json-pair">
              <JsonBlock label={t('audit.details.before')} value={entry.before} />
              <JsonBlock label={t('audit.details.after')} value={entry.after} />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
