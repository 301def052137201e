import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { UserEntity } from '../modules/user/user.entity.js';
import { TemplateEntity } from '../modules/template/template.entity.js';
import { TemplateVersionEntity } from '../modules/template/template-version.entity.js';
import { ReviewEntity, ReviewScoreEntity } from '../modules/review/review.entity.js';
import { LoraEntity } from '../modules/lora/lora.entity.js';

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
    loraById: new DataLoader<string, LoraEntity | null>(async (ids) => byKey(ids, await m.findBy(LoraEntity, { id: In([...ids]) }), (l) => l.id)),
    scoresByReviewId: new DataLoader<string, ReviewScoreEntity[]>(async (ids) => groupByKey(ids, await m.findBy(ReviewScoreEntity, { reviewId: In([...ids]) }), (s) => s.reviewId)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
