import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, isUuid, type InputIssue } from '../../common/app-error.js';
import { decodeCursor } from '../../common/connection.js';
import type { AuditActorKind, AuditLogEntity } from './audit-log.entity.js';
import { toAuditLogCsv } from './audit-log-csv.js';
import { AuditLogRepository, actorLabelOf, actorRef, findAuditObjectLabels, type AuditLogCriteria, type AuditObjectRef } from './audit-log.repository.js';

/** A CSV download holds at most this many entries (the newest); narrower filters get the rest. */
export const AUDIT_CSV_MAX_ROWS = 5000;

export interface AuditLogFilterData {
  actorId?: string | null;
  actorKind?: AuditActorKind | null;
  entityType?: string | null;
  entityId?: string | null;
  action?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditLogCsvView {
  csv: string;
  rowCount: number;
  totalCount: number;
  truncated: boolean;
  maxRows: number;
}

// No kind of object has this type: the SYSTEM actor's slot in a batch of actor names.
const NO_OBJECT: AuditObjectRef = { entityType: '', entityId: '' };

const ENTITY_TYPE = /^[a-z][a-z_]{0,49}$/;
const ACTION = /^[a-z0-9][a-z0-9_.-]{0,99}$/i;

/** The filters as clients send them -> checked criteria; every problem at once, each with its field. */
export function toAuditLogCriteria(filter: AuditLogFilterData | null | undefined): AuditLogCriteria {
  const f = filter ?? {};
  const c: AuditLogCriteria = {};
  const issues: InputIssue[] = [];
  if (f.actorId != null) {
    if (isUuid(f.actorId)) c.actorId = f.actorId.toLowerCase();
    else issues.push({ path: 'actorId', message: 'The actor filter must be the id of a user or an API key.' });
  }
  if (f.actorKind != null) c.actorKind = f.actorKind;
  if (f.entityType != null) {
    const type = f.entityType.trim();
    if (ENTITY_TYPE.test(type)) c.entityType = type;
    else issues.push({ path: 'entityType', message: 'The object type must be a kind of object such as template or preview_subject.' });
  }
  if (f.entityId != null) {
    const id = f.entityId.trim();
    if (id && id.length <= 100) c.entityId = isUuid(id) ? id.toLowerCase() : id;
    else issues.push({ path: 'entityId', message: 'The object id must be 1 to 100 characters.' });
  }
  if (f.action != null) {
    const action = f.action.trim();
    if (ACTION.test(action)) c.action = { match: action.endsWith('.') ? 'prefix' : 'exact', value: action };
    else issues.push({ path: 'action', message: 'The action filter must be an action such as version.submitted, or a prefix ending in a dot such as version.' });
  }
  // The DateTime scalar hands an unreadable time over as an invalid Date.
  for (const key of ['from', 'to'] as const) {
    const time = f[key];
    if (time == null) continue;
    if (time instanceof Date && !Number.isNaN(time.getTime())) c[key] = time;
    else issues.push({ path: key, message: `The ${key === 'from' ? 'start' : 'end'} of the period must be a date and time, such as 2026-01-31T16:00:00Z.` });
  }
  if (c.from && c.to && c.from.getTime() >= c.to.getTime()) issues.push({ path: 'to', message: 'The end of the period must come after its start.' });
  if (issues.length) throw badInput(issues[0]!.message, issues);
  return c;
}

@Injectable()
export class AuditLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entries: AuditLogRepository,
  ) {}

  /** A page of the log, newest first, and how many entries match. */
  async page(filter: AuditLogFilterData | null | undefined, limit: number, after: string | null | undefined): Promise<{ rows: AuditLogEntity[]; totalCount: number }> {
    const criteria = toAuditLogCriteria(filter);
    const cursor = decodeCursor(after, 'serial');
    const rows = await this.entries.findPage(criteria, limit, cursor);
    const totalCount = await this.entries.count(criteria);
    return { rows, totalCount };
  }

  actions(): Promise<string[]> {
    return this.entries.distinctActions();
  }

  /** The newest AUDIT_CSV_MAX_ROWS matching entries as CSV, with actors and objects named. */
  async csv(filter: AuditLogFilterData | null | undefined): Promise<AuditLogCsvView> {
    const criteria = toAuditLogCriteria(filter);
    const found = await this.entries.findPage(criteria, AUDIT_CSV_MAX_ROWS, null);
    const rows = found.slice(0, AUDIT_CSV_MAX_ROWS);
    const truncated = found.length > AUDIT_CSV_MAX_ROWS;
    const totalCount = truncated ? await this.entries.count(criteria) : rows.length;

    const objectLabels = await findAuditObjectLabels(this.dataSource.manager, rows.map((r) => ({ entityType: r.entityType, entityId: r.entityId })));
    const actorNames = await findAuditObjectLabels(this.dataSource.manager, rows.map((r) => actorRef({ kind: r.actorKind, id: r.actorId }) ?? NO_OBJECT));
    const csv = toAuditLogCsv(
      rows.map((r, i) => ({
        createdAt: r.createdAt,
        actorKind: r.actorKind,
        actorId: r.actorId,
        actorLabel: actorLabelOf({ kind: r.actorKind, id: r.actorId }, actorNames[i] ?? null),
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        entityLabel: objectLabels[i] ?? null,
        before: r.before,
        after: r.after,
      })),
    );
    return { csv, rowCount: rows.length, totalCount, truncated, maxRows: AUDIT_CSV_MAX_ROWS };
  }
}
