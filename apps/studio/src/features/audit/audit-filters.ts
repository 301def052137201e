import { routeHref } from '../../app/routes';
import type { AuditActorKind, AuditLogFilter } from './graphql/audit.graphql';

/**
 * The audit page's filters, as its link carries them (#/admin/audit?actor=user:<id>&entity=template:<id>
 * &action=version.&from=2026-01-01&to=2026-01-31), so an admin can send what they are looking at.
 * Days are calendar days where the admin is, both included.
 */
export interface AuditFilters {
  actorKind: AuditActorKind | null;
  /** A user's or API key's id (with actorKind USER or API_KEY). */
  actorId: string | null;
  entityType: string | null;
  /** With entityType: one object. */
  entityId: string | null;
  /** An action (version.submitted) or a prefix ending in a dot (version.). */
  action: string | null;
  /** YYYY-MM-DD. */
  from: string | null;
  /** YYYY-MM-DD, included. */
  to: string | null;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actorKind: null, actorId: null, entityType: null, entityId: null, action: null, from: null, to: null };

// How an actor kind reads in the link: actor=user:<id>, actor=api_key, actor=system.
const ACTOR_KIND_NAMES: Record<AuditActorKind, string> = { USER: 'user', API_KEY: 'api_key', SYSTEM: 'system' };
const ACTOR_KIND_BY_NAME = new Map(Object.entries(ACTOR_KIND_NAMES).map(([kind, name]) => [name, kind as AuditActorKind]));

const NAME = /^[a-z][a-z_]{0,49}$/;
const ID = /^[\w-]{1,100}$/;
const ACTION = /^[a-z0-9][a-z0-9_.-]{0,99}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

// "type" or "type:id" -> its parts; null when either part is malformed.
function splitRef(value: string): { type: string; id: string | null } | null {
  const [type = '', id, ...rest] = value.split(':');
  if (rest.length || !NAME.test(type) || (id !== undefined && !ID.test(id))) return null;
  return { type, id: id ?? null };
}

/**
 * The hash's query (useHashQuery) -> the filters it carries; anything malformed is left out, as if not
 * given, and the first of a repeated filter counts.
 */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = { ...NO_AUDIT_FILTERS };
  const actor = splitRef(params.get('actor') ?? '');
  const actorKind = actor ? ACTOR_KIND_BY_NAME.get(actor.type) : undefined;
  if (actor && actorKind && !(actorKind === 'SYSTEM' && actor.id)) {
    filters.actorKind = actorKind;
    filters.actorId = actor.id;
  }
  const entity = splitRef(params.get('entity') ?? '');
  if (entity) {
    filters.entityType = entity.type;
    filters.entityId = entity.id;
  }
  const action = params.get('action') ?? '';
  if (ACTION.test(action)) filters.action = action;
  for (const key of ['from', 'to'] as const) {
    const day = params.get(key) ?? '';
    if (isDay(day)) filters[key] = day;
  }
  return filters;
}

// Readable links: ":" and "." stay as they are.
const encode = (value: string) => encodeURIComponent(value).replace(/%3A/gi, ':');

/** The filters -> the hash of the audit page showing them (parseAuditFilters reads it back). */
export function auditHref(filters: AuditFilters): string {
  const parts: string[] = [];
  if (filters.actorKind) parts.push(`actor=${encode(ACTOR_KIND_NAMES[filters.actorKind] + (filters.actorId && filters.actorKind !== 'SYSTEM' ? `:${filters.actorId}` : ''))}`);
  if (filters.entityType) parts.push(`entity=${encode(filters.entityType + (filters.entityId ? `:${filters.entityId}` : ''))}`);
  if (filters.action) parts.push(`action=${encode(filters.action)}`);
  if (filters.from) parts.push(`from=${filters.from}`);
  if (filters.to) parts.push(`to=${filters.to}`);
  return routeHref('admin-audit') + (parts.length ? `?${parts.join('&')}` : '');
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

// A calendar day where the admin is -> the instant it starts (plus `days`).
function startOfDay(day: string, days = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + days).toISOString();
}

/** The filters -> the API's AuditLogFilter: the period from the start of `from` to the end of `to`. */
export function toAuditLogFilter(filters: AuditFilters): AuditLogFilter {
  return {
    ...(filters.actorKind ? { actorKind: filters.actorKind } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: startOfDay(filters.from) } : {}),
    ...(filters.to ? { to: startOfDay(filters.to, 1) } : {}),
  };
}
