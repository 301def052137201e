import { Injectable } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';
import { TemplateEntity } from './template.entity.js';
import { TemplateVersionEntity } from './template-version.entity.js';
import { decodeCursor } from '../../common/connection.js';
import type { ReviewComment, ReviewDecision } from '../review/review.entity.js';
import type { TemplateStandingFacts } from './template-standing.js';

export interface TemplateListQuery {
  ownerId: string;
  limit: number;
  after: string | null | undefined;
  search?: string | null;
  tags?: string[] | null;
  baseModel?: 'sd15' | 'sdxl' | null;
  /** The state of the template's newest version. */
  state?: string | null;
}

// The only place in the template module that builds queries.
@Injectable()
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findTemplate(id: string, m: EntityManager = this.dataSource.manager): Promise<TemplateEntity | null> {
    return m.findOne(TemplateEntity, { where: { id } });
  }

  // Serialises every change to one template: all writers take this row lock first.
  lockTemplate(m: EntityManager, id: string): Promise<TemplateEntity | null> {
    return m.createQueryBuilder(TemplateEntity, 't').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  findVersion(id: string, m: EntityManager = this.dataSource.manager): Promise<TemplateVersionEntity | null> {
    return m.findOne(TemplateVersionEntity, { where: { id } });
  }

  findDraft(m: EntityManager, templateId: string): Promise<TemplateVersionEntity | null> {
    return m.findOne(TemplateVersionEntity, { where: { templateId, state: 'DRAFT' } });
  }

  findLatestVersion(templateId: string, m: EntityManager = this.dataSource.manager): Promise<TemplateVersionEntity | null> {
    return m.findOne(TemplateVersionEntity, { where: { templateId }, order: { number: 'DESC' } });
  }

  // Usable faces that can render `baseModel` (they have an identity LoRA for it) with no rendered
  // preview of this spec at the likeness default yet (a render at the max is shown, not required).
  subjectsWithoutPreview(specHash: string, baseModel: 'sd15' | 'sdxl', m: EntityManager = this.dataSource.manager): Promise<Array<{ id: string; name: string }>> {
    return m.query(
      `SELECT s.id, s.name FROM preview_subjects s
       WHERE s.active AND s.consent_expires_at > now()
         AND EXISTS (SELECT 1 FROM preview_subject_identity_loras l WHERE l.subject_id = s.id AND l.base_model = $2)
         AND NOT EXISTS (SELECT 1 FROM preview_jobs j WHERE j.subject_id = s.id AND j.spec_hash = $1 AND j.state = 'SUCCEEDED' AND j.likeness_end = 'DEFAULT')
       ORDER BY s.name`,
      [specHash, baseModel],
    );
  }

  async hasFrozenVersion(templateId: string): Promise<boolean> {
    return this.dataSource.manager.exists(TemplateVersionEntity, { where: { templateId, state: Not('DRAFT') } });
  }

  async listOwnedTemplates(q: TemplateListQuery): Promise<{ rows: TemplateEntity[]; totalCount: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(TemplateEntity, 't').where('t.owner_id = :ownerId', { ownerId: q.ownerId });
    if (q.search?.trim()) {
      qb.andWhere(`(t.title ILIKE :search OR t.description ILIKE :search OR array_to_string(t.tags, ' ') ILIKE :search)`, {
        search: `%${escapeLike(q.search.trim())}%`,
      });
    }
    if (q.tags?.length) qb.andWhere('t.tags @> :tags', { tags: q.tags.map((t) => t.trim().toLowerCase()) });
    if (q.baseModel) qb.andWhere('t.base_model = :baseModel', { baseModel: q.baseModel });
    if (q.state) qb.andWhere('(SELECT v.state FROM template_versions v WHERE v.template_id = t.id ORDER BY v.number DESC LIMIT 1) = :state', { state: q.state });
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(q.after);
    if (cursor) qb.andWhere('(t.updated_at, t.id) < (:sortKey::timestamptz, :id::uuid)', cursor);
    const rows = await qb.orderBy('t.updated_at', 'DESC').addOrderBy('t.id', 'DESC').limit(q.limit + 1).getMany();
    return { rows, totalCount };
  }

  async listSubmittedVersions(limit: number, after: string | null | undefined): Promise<{ rows: TemplateVersionEntity[]; totalCount: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(TemplateVersionEntity, 'v').where(`v.state = 'SUBMITTED'`);
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after);
    if (cursor) qb.andWhere('(v.submitted_at, v.id) > (:sortKey::timestamptz, :id::uuid)', cursor);
    const rows = await qb.orderBy('v.submitted_at', 'ASC').addOrderBy('v.id', 'ASC').limit(limit + 1).getMany();
    return { rows, totalCount };
  }
}

interface StandingRow {
  template_id: string;
  frozen_id: string | null;
  frozen_number: number | null;
  frozen_state: TemplateVersionEntity['state'] | null;
  frozen_decided_at: Date | null;
  draft_id: string | null;
  draft_number: number | null;
  published_id: string | null;
  published_number: number | null;
  last_published_id: string | null;
  last_published_number: number | null;
  review_decision: ReviewDecision | null;
  review_comments: ReviewComment[] | null;
}

const versionFact = (id: string | null, number: number | null) => (id !== null && number !== null ? { id, number } : null);

/**
 * Template ids -> the facts their standing is decided from (same order; null for an unknown id), in
 * one statement however many templates: the newest frozen version and its newest review, the draft,
 * the published version and the one published last.
 */
export async function findStandingFactsOfTemplates(m: EntityManager, templateIds: readonly string[]): Promise<Array<TemplateStandingFacts | null>> {
  if (!templateIds.length) return [];
  const rows: StandingRow[] = await m.query(
    `SELECT t.id AS template_id,
            f.id AS frozen_id, f.number AS frozen_number, f.state AS frozen_state, f.decided_at AS frozen_decided_at,
            d.id AS draft_id, d.number AS draft_number,
            p.id AS published_id, p.number AS published_number,
            l.id AS last_published_id, l.number AS last_published_number,
            r.decision AS review_decision, r.comments AS review_comments
       FROM templates t
       LEFT JOIN LATERAL (SELECT v.id, v.number, v.state, v.decided_at FROM template_versions v
                           WHERE v.template_id = t.id AND v.state <> 'DRAFT' ORDER BY v.number DESC LIMIT 1) f ON true
       LEFT JOIN template_versions d ON d.template_id = t.id AND d.state = 'DRAFT'
       LEFT JOIN template_versions p ON p.id = t.published_version_id
       LEFT JOIN LATERAL (SELECT v.id, v.number FROM template_versions v
                           WHERE v.template_id = t.id AND v.published_at IS NOT NULL ORDER BY v.published_at DESC, v.number DESC LIMIT 1) l ON true
       LEFT JOIN LATERAL (SELECT rv.decision, rv.comments FROM reviews rv
                           WHERE rv.version_id = f.id ORDER BY rv.created_at DESC, rv.id DESC LIMIT 1) r ON true
      WHERE t.id = ANY($1::uuid[])`,
    [[...new Set(templateIds)]],
  );
  const byId = new Map(
    rows.map((r): [string, TemplateStandingFacts] => [
      r.template_id,
      {
        newestFrozen: r.frozen_id !== null && r.frozen_number !== null && r.frozen_state !== null ? { id: r.frozen_id, number: r.frozen_number, state: r.frozen_state, decidedAt: r.frozen_decided_at } : null,
        draft: versionFact(r.draft_id, r.draft_number),
        published: versionFact(r.published_id, r.published_number),
        lastPublished: versionFact(r.last_published_id, r.last_published_number),
        latestReview: r.review_decision !== null ? { decision: r.review_decision, comments: r.review_comments ?? [] } : null,
      },
    ]),
  );
  return templateIds.map((id) => byId.get(id) ?? null);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
