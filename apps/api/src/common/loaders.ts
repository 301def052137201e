import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { UserEntity } from '../modules/user/user.entity.js';
import { TemplateEntity } from '../modules/template/template.entity.js';
import { TemplateVersionEntity } from '../modules/template/template-version.entity.js';
import { findStandingFactsOfTemplates } from '../modules/template/template.repository.js';
import { decideTemplateStanding, type TemplateStanding } from '../modules/template/template-standing.js';
import { ReviewEntity, ReviewScoreEntity } from '../modules/review/review.entity.js';
import { LoraEntity } from '../modules/lora/lora.entity.js';
import { AssetEntity } from '../modules/asset/asset.entity.js';
import { PreviewSubjectEntity, PreviewSubjectIdentityLoraEntity, PreviewSubjectPhotoEntity } from '../modules/preview-subject/preview-subject.entity.js';
import type { LikenessEnd, PreviewJobEntity } from '../modules/preview-job/preview-job.entity.js';
import { QueueStatsService, type QueueFigures } from '../modules/preview-job/queue-stats.service.js';
import { findAuditObjectLabels, type AuditObjectRef } from '../modules/audit/audit-log.repository.js';
import { countPreviewsOfSpecs, findPreviewsOfSpecs, type SpecOfTemplate } from '../modules/preview-job/version-previews.js';

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): Array<V | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const r of rows) map.set(keyOf(r), [...(map.get(keyOf(r)) ?? []), r]);
  return keys.map((k) => map.get(k) ?? []);
}

// Per-request batching for field resolvers, so a list of N templates costs a constant number of
// queries, not N.
export function createLoaders(dataSource: DataSource) {
  const m = dataSource.manager;
  const queue = new QueueStatsService(dataSource);
  return {
    userById: new DataLoader<string, UserEntity | null>(async (ids) => byKey(ids, await m.findBy(UserEntity, { id: In([...ids]) }), (u) => u.id)),
    templateById: new DataLoader<string, TemplateEntity | null>(async (ids) => byKey(ids, await m.findBy(TemplateEntity, { id: In([...ids]) }), (t) => t.id)),
    versionById: new DataLoader<string, TemplateVersionEntity | null>(async (ids) => byKey(ids, await m.findBy(TemplateVersionEntity, { id: In([...ids]) }), (v) => v.id)),
    draftByTemplateId: new DataLoader<string, TemplateVersionEntity | null>(async (ids) =>
      byKey(ids, await m.findBy(TemplateVersionEntity, { templateId: In([...ids]), state: 'DRAFT' }), (v) => v.templateId),
    ),
    versionsByTemplateId: new DataLoader<string, TemplateVersionEntity[]>(async (ids) =>
      groupByKey(ids, await m.find(TemplateVersionEntity, { where: { templateId: In([...ids]) }, order: { number: 'DESC' } }), (v) => v.templateId),
    ),
    reviewsByVersionId: new DataLoader<string, ReviewEntity[]>(async (ids) =>
      groupByKey(ids, await m.find(ReviewEntity, { where: { versionId: In([...ids]) }, order: { createdAt: 'ASC' } }), (r) => r.versionId),
    ),
    // One statement for a whole page of templates (versions, drafts and newest reviews together).
    standingOfTemplate: new DataLoader<string, TemplateStanding | null>(async (ids) => (await findStandingFactsOfTemplates(m, ids)).map((facts) => (facts ? decideTemplateStanding(facts) : null))),
    loraById: new DataLoader<string, LoraEntity | null>(async (ids) => byKey(ids, await m.findBy(LoraEntity, { id: In([...ids]) }), (l) => l.id)),
    scoresByReviewId: new DataLoader<string, ReviewScoreEntity[]>(async (ids) => groupByKey(ids, await m.findBy(ReviewScoreEntity, { reviewId: In([...ids]) }), (s) => s.reviewId)),
    // Previews: a version's list and count, and each field of a list of N jobs, cost one query (or
    // a fixed few), not N. Assets and queue figures change while a subscription (one context, many
    // results) is open, so these loaders only batch, they never remember.
    identityLorasOfSubject: new DataLoader<string, PreviewSubjectIdentityLoraEntity[]>(async (ids) =>
      groupByKey(ids, await m.find(PreviewSubjectIdentityLoraEntity, { where: { subjectId: In([...new Set(ids)]) }, order: { baseModel: 'ASC' } }), (l) => l.subjectId),
    ),
    photosOfSubject: new DataLoader<string, PreviewSubjectPhotoEntity[]>(async (ids) =>
      groupByKey(ids, await m.find(PreviewSubjectPhotoEntity, { where: { subjectId: In([...new Set(ids)]) }, order: { position: 'ASC' } }), (p) => p.subjectId),
    ),
    previewSubjectById: new DataLoader<string, PreviewSubjectEntity | null>(async (ids) => byKey(ids, await m.findBy(PreviewSubjectEntity, { id: In([...new Set(ids)]) }), (s) => s.id)),
    assetById: new DataLoader<string, AssetEntity | null>(async (ids) => byKey(ids, await m.findBy(AssetEntity, { id: In([...new Set(ids)]) }), (a) => a.id), { cache: false }),
    queueFiguresOfJob: new DataLoader<PreviewJobEntity, QueueFigures>((jobs) => queue.queueFiguresOf(jobs), { cache: false }),
    previewsOfSpec: new DataLoader<SpecOfTemplate & { first: number; end: LikenessEnd }, PreviewJobEntity[]>(
      async (keys) => {
        // One query per distinct page size and likeness end (in practice one or two).
        const results = new Map<SpecOfTemplate & { first: number; end: LikenessEnd }, PreviewJobEntity[]>();
        for (const kind of new Set(keys.map((k) => `${k.first}:${k.end}`))) {
          const group = keys.filter((k) => `${k.first}:${k.end}` === kind);
          (await findPreviewsOfSpecs(m, group, group[0]!.first, group[0]!.end)).forEach((rows, i) => results.set(group[i]!, rows));
        }
        return keys.map((k) => results.get(k)!);
      },
      { cache: false },
    ),
    previewCountOfSpec: new DataLoader<SpecOfTemplate & { end: LikenessEnd }, number>(
      async (keys) => {
        const results = new Map<SpecOfTemplate & { end: LikenessEnd }, number>();
        for (const end of new Set(keys.map((k) => k.end))) {
          const group = keys.filter((k) => k.end === end);
          (await countPreviewsOfSpecs(m, group, end)).forEach((n, i) => results.set(group[i]!, n));
        }
        return keys.map((k) => results.get(k)!);
      },
      { cache: false },
    ),
    // The names of the objects and actors on a page of the audit log: one query per kind of object.
    auditObjectLabel: new DataLoader<AuditObjectRef, string | null, string>((refs) => findAuditObjectLabels(m, refs), { cacheKeyFn: (r) => `${r.entityType}:${r.entityId}` }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
