import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInputIssues, inputIssue, isUuid, type InputIssue } from '../../common/app-error.js';
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
const MAX_ENTITY_ID = 100;

/** The filters as clients send them -> checked criteria; every problem at once, each with its field. */
export function toAuditLogCriteria(filter: AuditLogFilterData | null | undefined): AuditLogCriteria {
  const f = filter ?? {};
  const c: AuditLogCriteria = {};
  const issues: InputIssue[] = [];
  if (f.actorId != null) {
    if (isUuid(f.actorId)) c.actorId = f.actorId.toLowerCase();
    else issues.push(inputIssue('actorId', 'audit.actorIdInvalid'));
  }
  if (f.actorKind != null) c.actorKind = f.actorKind;
  if (f.entityType != null) {
    const type = f.entityType.trim();
    if (ENTITY_TYPE.test(type)) c.entityType = type;
    else issues.push(inputIssue('entityType', 'audit.entityTypeInvalid'));
  }
  if (f.entityId != null) {
    const id = f.entityId.trim();
    if (id && id.length <= MAX_ENTITY_ID) c.entityId = isUuid(id) ? id.toLowerCase() : id;
    else issues.push(inputIssue('entityId', 'audit.entityIdLength', { min: 1, max: MAX_ENTITY_ID }));
  }
  if (f.action != null) {
    const action = f.action.trim();
    if (ACTION.test(action)) c.action = { match: action.endsWith('.') ? 'prefix' : 'exact', value: action };
    else issues.push(inputIssue('action', 'audit.actionInvalid'));
  }
  // The DateTime scalar hands an unreadable time over as an invalid Date.
  for (const key of ['from', 'to'] as const) {
    const time = f[key];
    if (time == null) continue;
    if (time instanceof Date && !Number.isNaN(time.getTime())) c[key] = time;
    else issues.push(inputIssue(key, key === 'from' ? 'audit.fromInvalid' : 'audit.toInvalid'));
  }
  if (c.from && c.to && c.from.getTime() >= c.to.getTime()) issues.push(inputIssue('to', 'audit.periodReversed'));
  if (issues.length) throw badInputIssues(issues);
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
