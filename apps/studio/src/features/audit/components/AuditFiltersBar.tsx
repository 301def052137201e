import { useId } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { hasAuditFilters, type AuditFilters } from '../audit-filters';
import { AUDIT_OBJECT_TYPES, actionGroupKey, actionKey, groupActions, objectTypeKey } from '../audit-labels';
import type { AuditActorKind } from '../graphql/audit.graphql';

interface AuditFiltersBarProps {
  filters: AuditFilters;
  /** Every action in the log (null while loading). */
  actions: readonly string[] | null;
  /** Names for the chips of an actor or object picked from a row (null: not on the rows shown). */
  actorName: string | null;
  objectName: string | null;
  onChange: (next: Partial<AuditFilters>) => void;
}

const ACTOR_KINDS: Array<{ kind: AuditActorKind; label: 'audit.filter.people' | 'audit.filter.apiKeys' | 'audit.filter.system' }> = [
  { kind: 'USER', label: 'audit.filter.people' },
  { kind: 'API_KEY', label: 'audit.filter.apiKeys' },
  { kind: 'SYSTEM', label: 'audit.filter.system' },
];

/** Who, which kind of object, which action and which days; a chip for an actor or an object picked in the table. */
export function AuditFiltersBar({ filters, actions, actorName, objectName, onChange }: AuditFiltersBarProps) {
  const { t } = useI18n();
  const ids = { actor: useId(), object: useId(), action: useId(), from: useId(), to: useId() };
  const typeLabel = (type: string) => {
    const key = objectTypeKey(type);
    return key ? t(key) : type;
  };
  const actionLabel = (action: string) => {
    const key = actionKey(action);
    return key ? t(key) : action;
  };
  // A filter from a link may name an action or a kind of object the menus do not list (yet): keep it selectable.
  const listedActions = [...(actions ?? []), ...(filters.action && !filters.action.endsWith('.') ? [filters.action] : [])];
  const groups = groupActions(listedActions);
  if (filters.action?.endsWith('.') && !groups.some((g) => `${g.prefix}.` === filters.action)) groups.push({ prefix: filters.action.slice(0, -1), actions: [] });
  const objectTypes: readonly string[] = filters.entityType && !(AUDIT_OBJECT_TYPES as readonly string[]).includes(filters.entityType) ? [...AUDIT_OBJECT_TYPES, filters.entityType] : AUDIT_OBJECT_TYPES;

  const chips: Array<{ key: string; text: string; clear: Partial<AuditFilters> }> = [];
  if (filters.actorId) chips.push({ key: 'actor', text: t('audit.filter.actorIs', { name: actorName ?? filters.actorId }), clear: { actorId: null } });
  if (filters.entityId && filters.entityType) chips.push({ key: 'object', text: t('audit.filter.objectIs', { object: `${typeLabel(filters.entityType)} · ${objectName ?? filters.entityId}` }), clear: { entityId: null } });

  return (
    <section className="card audit-filters" aria-label={t('audit.filtersTitle')} data-testid="audit-filters">
      <div className="audit-filter-grid">
        <div className="field">
          <label className="field-label" htmlFor={ids.actor}>
            {t('audit.filter.actor')}
          </label>
          <select id={ids.actor} className="input input-select" data-testid="audit-filter-actor" value={filters.actorKind ?? ''} onChange={(e) => onChange({ actorKind: (e.target.value || null) as AuditActorKind | null, actorId: null })}>
            <option value="">{t('audit.filter.anyActor')}</option>
            {ACTOR_KINDS.map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.object}>
            {t('audit.filter.object')}
          </label>
          <select id={ids.object} className="input input-select" data-testid="audit-filter-object" value={filters.entityType ?? ''} onChange={(e) => onChange({ entityType: e.target.value || null, entityId: null })}>
            <option value="">{t('audit.filter.anyObject')}</option>
            {objectTypes.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field audit-filter-action">
          <label className="field-label" htmlFor={ids.action}>
            {t('audit.filter.action')}
          </label>
          <select id={ids.action} className="input input-select" data-testid="audit-filter-action" value={filters.action ?? ''} onChange={(e) => onChange({ action: e.target.value || null })}>
            <option value="">{t('audit.filter.anyAction')}</option>
            {groups.map(({ prefix, actions: grouped }) => {
              const key = actionGroupKey(prefix);
              const group = key ? t(key) : prefix;
              return (
                <optgroup key={prefix} label={group}>
                  <option value={`${prefix}.`}>{t('audit.filter.anyInGroup', { group })}</option>
                  {grouped.map((action) => (
                    <option key={action} value={action}>
                      {actionLabel(action)}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.from}>
            {t('audit.filter.from')}
          </label>
          <input id={ids.from} type="date" className="input audit-filter-day" data-testid="audit-filter-from" value={filters.from ?? ''} max={filters.to ?? undefined} onChange={(e) => onChange({ from: e.target.value || null })} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.to}>
            {t('audit.filter.to')}
          </label>
          <input id={ids.to} type="date" className="input audit-filter-day" data-testid="audit-filter-to" value={filters.to ?? ''} min={filters.from ?? undefined} onChange={(e) => onChange({ to: e.target.value || null })} />
        </div>
      </div>
      {(chips.length > 0 || hasAuditFilters(filters)) && (
        <div className="audit-chips">
          {chips.map((chip) => (
            <span key={chip.key} className="audit-chip" data-testid={`audit-chip-${chip.key}`}>
              <span className="audit-chip-text">{chip.text}</span>
              <button type="button" className="audit-chip-remove" aria-label={t('audit.filter.remove', { filter: chip.text })} onClick={() => onChange(chip.clear)}>
                <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                  <path d="M3 3l6 6M9 3l-6 6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
                </svg>
              </button>
            </span>
          ))}
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="audit-clear-filters"
            onClick={() => onChange({ actorKind: null, actorId: null, entityType: null, entityId: null, action: null, from: null, to: null })}
          >
            {t('audit.filter.clear')}
          </button>
        </div>
      )}
    </section>
  );
}
