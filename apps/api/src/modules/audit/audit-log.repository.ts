import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../../common/app-error.js';
import { AuditLogEntity, type AuditActorKind } from './audit-log.entity.js';

/** Filters already checked by the service: every field is well formed. */
export interface AuditLogCriteria {
  actorId?: string;
  actorKind?: AuditActorKind;
  entityType?: string;
  entityId?: string;
  action?: { match: 'exact' | 'prefix'; value: string };
  /** Entries at or after. */
  from?: Date;
  /** Entries before. */
  to?: Date;
}

export interface AuditObjectRef {
  entityType: string;
  entityId: string;
}

// LIKE's wildcards are literal in a prefix: "preview_job." must not match "previewXjob.".
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (created_at, id) after the cursor; limit + 1 rows tell whether more follow. */
  async findPage(criteria: AuditLogCriteria, limit: number, after: { sortKey: string; id: string } | null): Promise<AuditLogEntity[]> {
    const qb = this.filtered(criteria);
    if (after) qb.andWhere('(a.created_at, a.id) < (:sortKey::timestamptz, :id::bigint)', after);
    return qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit + 1).getMany();
  }

  count(criteria: AuditLogCriteria): Promise<number> {
    return this.filtered(criteria).getCount();
  }

  /** Every distinct action, in byte order: a skip scan over audit_log_action_idx, one probe per action. */
  async distinctActions(): Promise<string[]> {
    const rows: Array<{ action: string }> = await this.dataSource.query(`
      WITH RECURSIVE actions AS (
        (SELECT action COLLATE "C" AS action FROM audit_log ORDER BY action COLLATE "C" LIMIT 1)
        UNION ALL
        SELECT (SELECT l.action COLLATE "C" FROM audit_log l WHERE l.action COLLATE "C" > actions.action ORDER BY l.action COLLATE "C" LIMIT 1)
          FROM actions WHERE actions.action IS NOT NULL
      )
      SELECT action FROM actions WHERE action IS NOT NULL`);
    return rows.map((r) => r.action);
  }

  private filtered(c: AuditLogCriteria): SelectQueryBuilder<AuditLogEntity> {
    const qb = this.dataSource.manager.createQueryBuilder(AuditLogEntity, 'a');
    if (c.actorId) qb.andWhere('a.actor_id = :actorId::uuid', { actorId: c.actorId });
    if (c.actorKind) qb.andWhere('a.actor_kind = :actorKind', { actorKind: c.actorKind });
    if (c.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: c.entityType });
    if (c.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: c.entityId });
    // Byte comparisons, as audit_log_action_idx is built.
    if (c.action?.match === 'exact') qb.andWhere('a.action COLLATE "C" = :action', { action: c.action.value });
    if (c.action?.match === 'prefix') qb.andWhere('a.action COLLATE "C" LIKE :actionPattern', { actionPattern: `${escapeLike(c.action.value)}%` });
    if (c.from) qb.andWhere('a.created_at >= :from', { from: c.from });
    if (c.to) qb.andWhere('a.created_at < :to', { to: c.to });
    return qb;
  }
}

// A readable name per kind of object (ids are UUIDs for all of them), one query per kind present.
const OBJECT_LABEL_QUERIES: Record<string, string> = {
  template: `SELECT id::text AS id, title AS label FROM templates WHERE id = ANY($1::uuid[])`,
  template_version: `SELECT v.id::text AS id, t.title || ' v' || v.number AS label FROM template_versions v JOIN templates t ON t.id = v.template_id WHERE v.id = ANY($1::uuid[])`,
  user: `SELECT id::text AS id, display_name AS label FROM users WHERE id = ANY($1::uuid[])`,
  api_key: `SELECT id::text AS id, name AS label FROM api_keys WHERE id = ANY($1::uuid[])`,
  worker_token: `SELECT id::text AS id, name AS label FROM worker_tokens WHERE id = ANY($1::uuid[])`,
  preview_subject: `SELECT id::text AS id, name AS label FROM preview_subjects WHERE id = ANY($1::uuid[])`,
  lora: `SELECT id::text AS id, name AS label FROM loras WHERE id = ANY($1::uuid[])`,
  // An app identity's file name is the app's end user's business: never labelled.
  asset: `SELECT id::text AS id, file_name AS label FROM assets WHERE id = ANY($1::uuid[]) AND owner_app_id IS NULL`,
  designer_statement: `SELECT s.id::text AS id, u.display_name || ' · ' || to_char(s.month, 'YYYY-MM') || ' · ' || s.currency AS label
    FROM designer_statements s JOIN users u ON u.id = s.designer_id WHERE s.id = ANY($1::uuid[])`,
  preview_batch: `SELECT b.id::text AS id, t.title || ' v' || v.number AS label
    FROM preview_batches b JOIN template_versions v ON v.id = b.version_id JOIN templates t ON t.id = v.template_id WHERE b.id = ANY($1::uuid[])`,
  preview_job: `SELECT j.id::text AS id, t.title || ' v' || v.number || ' · ' || s.name AS label
    FROM preview_jobs j JOIN template_versions v ON v.id = j.version_id JOIN templates t ON t.id = v.template_id JOIN preview_subjects s ON s.id = j.subject_id
    WHERE j.id = ANY($1::uuid[])`,
};

/**
 * Objects named in audit entries -> their readable names (null for a kind without one, or an object
 * that is gone), in the order asked. One query per kind of object, however many entries.
 */
export async function findAuditObjectLabels(m: EntityManager, refs: readonly AuditObjectRef[]): Promise<Array<string | null>> {
  const idsByType = new Map<string, Set<string>>();
  for (const ref of refs) {
    if (!(ref.entityType in OBJECT_LABEL_QUERIES) || !isUuid(ref.entityId)) continue;
    idsByType.set(ref.entityType, (idsByType.get(ref.entityType) ?? new Set()).add(ref.entityId.toLowerCase()));
  }
  const labels = new Map<string, string>();
  for (const [type, ids] of idsByType) {
    const rows: Array<{ id: string; label: string }> = await m.query(OBJECT_LABEL_QUERIES[type]!, [[...ids]]);
    for (const row of rows) labels.set(`${type}:${row.id}`, row.label);
  }
  return refs.map((ref) => labels.get(`${ref.entityType}:${ref.entityId.toLowerCase()}`) ?? null);
}

/** Who an actor is, as a name: the object a USER or API_KEY actor id points at. */
export function actorRef(actor: { kind: AuditActorKind; id: string | null }): AuditObjectRef | null {
  if (!actor.id || actor.kind === 'SYSTEM') return null;
  return { entityType: actor.kind === 'USER' ? 'user' : 'api_key', entityId: actor.id };
}

/** An actor's name: a person's display name, an API key's name, or System (the id when the row is gone). */
export function actorLabelOf(actor: { kind: AuditActorKind; id: string | null }, name: string | null): string {
  if (actor.kind === 'SYSTEM') return 'System';
  return name ?? actor.id ?? 'Unknown';
}
