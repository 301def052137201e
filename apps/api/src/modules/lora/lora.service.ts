import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AppError, badInputIssues, inputIssue, isUuid, notFound, requireUuid, type InputIssue } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AssetEntity } from '../asset/asset.entity.js';
import { AssetService } from '../asset/asset.service.js';
import { StorageService } from '../asset/storage.service.js';
import { LoraEntity, type LoraStatus } from './lora.entity.js';

export interface RegisterLoraData {
  name: string;
  baseModel: 'sd15' | 'sdxl';
  triggerWords?: string[] | null;
  defaultWeight: number;
  minWeight: number;
  maxWeight: number;
  fileAssetId: string;
  thumbnailAssetId?: string | null;
}

export interface UpdateLoraData {
  name?: string;
  description?: string;
  triggerWords?: string[];
  defaultWeight?: number;
  minWeight?: number;
  maxWeight?: number;
}

/** A template whose draft or published version uses a LoRA. */
export interface LoraUse {
  templateId: string;
  title: string;
  inDraft: boolean;
  inPublished: boolean;
}

const MAX_NAME = 80;
const MAX_DESCRIPTION = 2000;
const MAX_WEIGHT = 4;
const MAX_TRIGGER_WORDS = 20;

// The name, weight and trigger word rules of a LoRA (registering and editing).
function loraIssues(input: { name: string; defaultWeight: number; minWeight: number; maxWeight: number; triggerWords: string[]; description?: string }): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!input.name || input.name.length > MAX_NAME) issues.push(inputIssue('name', 'lora.nameLength', { min: 1, max: MAX_NAME }));
  if ((input.description ?? '').length > MAX_DESCRIPTION) issues.push(inputIssue('description', 'lora.descriptionLength', { max: MAX_DESCRIPTION }));
  for (const key of ['defaultWeight', 'minWeight', 'maxWeight'] as const) {
    if (!Number.isFinite(input[key]) || input[key] < -MAX_WEIGHT || input[key] > MAX_WEIGHT) issues.push(inputIssue(key, 'lora.weightRange', { min: -MAX_WEIGHT, max: MAX_WEIGHT }));
  }
  if (!(input.minWeight <= input.defaultWeight && input.defaultWeight <= input.maxWeight)) {
    issues.push(inputIssue('defaultWeight', 'lora.defaultWeightOutside'));
  }
  if (input.triggerWords.length > MAX_TRIGGER_WORDS) issues.push(inputIssue('triggerWords', 'lora.tooManyTriggerWords', { max: MAX_TRIGGER_WORDS }));
  return issues;
}

export interface LoraSpecContextEntry {
  baseModel: 'sd15' | 'sdxl';
  minWeight: number;
  maxWeight: number;
  name: string;
  status: string;
}

@Injectable()
export class LoraService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(AssetService) private readonly assets: AssetService,
    private readonly storage: StorageService,
    private readonly cluster: ClusterEventsService,
  ) {}

  list(baseModel?: 'sd15' | 'sdxl' | null): Promise<LoraEntity[]> {
    return this.dataSource.manager.find(LoraEntity, { where: baseModel ? { baseModel } : {}, order: { name: 'ASC' } });
  }

  // What validateTemplateSpec needs to check the style LoRAs a spec names.
  async loadSpecContext(ids: string[]): Promise<Map<string, LoraSpecContextEntry>> {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return new Map();
    const rows = await this.dataSource.manager.find(LoraEntity, { where: { id: In(valid) } });
    return new Map(rows.map((r) => [r.id, { baseModel: r.baseModel, minWeight: r.minWeight, maxWeight: r.maxWeight, name: r.name, status: r.status }]));
  }

  async register(user: AuthUser, input: RegisterLoraData): Promise<LoraEntity> {
    const name = input.name.trim();
    const triggerWords = (input.triggerWords ?? []).map((w) => w.trim()).filter(Boolean);
    const issues = loraIssues({ ...input, name, triggerWords });
    if (issues.length) throw badInputIssues(issues);
    const asset = await this.assets.requireReadyAsset(requireUuid(input.fileAssetId, 'LoRA file'), 'LORA');
    const thumbnail = input.thumbnailAssetId ? await this.requireThumbnail(user, input.thumbnailAssetId, 'thumbnailAssetId') : null;
    return this.dataSource.transaction(async (m) => {
      const clash = await m.createQueryBuilder(LoraEntity, 'l').where('lower(l.name) = lower(:name) AND l.base_model = :bm', { name, bm: input.baseModel }).getExists();
      if (clash) throw badInputIssues([inputIssue('name', 'lora.nameTaken', { baseModel: input.baseModel.toUpperCase(), name })]);
      const lora = await m.save(
        m.create(LoraEntity, {
          name,
          baseModel: input.baseModel,
          triggerWords,
          defaultWeight: input.defaultWeight,
          minWeight: input.minWeight,
          maxWeight: input.maxWeight,
          fileAssetId: asset.id,
          thumbnailAssetId: thumbnail?.id ?? null,
          sha256: asset.sha256!,
          status: 'READY',
          createdBy: user.id,
        }),
      );
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'lora.registered', entityType: 'lora', entityId: lora.id, after: { name, baseModel: lora.baseModel, sha256: lora.sha256 } });
      return lora;
    });
  }

  /**
   * Edits what people read and the weight range; the file (and so published renders) never changes.
   * Leases in every API process then use the new name and trigger words at once.
   */
  async update(user: AuthUser, loraId: string, input: UpdateLoraData): Promise<LoraEntity> {
    const id = requireUuid(loraId, 'LoRA');
    const updated = await this.dataSource.transaction(async (m) => {
      const lora = await m.findOne(LoraEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!lora) throw notFound('LoRA', loraId);
      const next = {
        name: input.name?.trim() ?? lora.name,
        description: input.description?.trim() ?? lora.description,
        triggerWords: input.triggerWords ? input.triggerWords.map((w) => w.trim()).filter(Boolean) : lora.triggerWords,
        defaultWeight: input.defaultWeight ?? lora.defaultWeight,
        minWeight: input.minWeight ?? lora.minWeight,
        maxWeight: input.maxWeight ?? lora.maxWeight,
      };
      const issues = loraIssues(next);
      if (issues.length) throw badInputIssues(issues);
      if (next.name.toLowerCase() !== lora.name.toLowerCase()) {
        const clash = await m.createQueryBuilder(LoraEntity, 'l').where('lower(l.name) = lower(:name) AND l.base_model = :bm AND l.id <> :id', { name: next.name, bm: lora.baseModel, id }).getExists();
        if (clash) throw badInputIssues([inputIssue('name', 'lora.nameTaken', { baseModel: lora.baseModel.toUpperCase(), name: next.name })]);
      }
      await m.update(LoraEntity, { id }, next);
      const before = { name: lora.name, description: lora.description, triggerWords: lora.triggerWords, defaultWeight: lora.defaultWeight, minWeight: lora.minWeight, maxWeight: lora.maxWeight };
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'lora.updated', entityType: 'lora', entityId: id, before, after: next });
      return { ...lora, ...next };
    });
    await this.cluster.publish({ topic: 'lora', id });
    return updated;
  }

  /**
   * READY, DEPRECATED (drafts that use it keep it, nothing new picks it) or DISABLED (refused in every
   * save). Published versions keep their pinned file either way.
   */
  async setStatus(user: AuthUser, loraId: string, status: LoraStatus): Promise<LoraEntity> {
    const id = requireUuid(loraId, 'LoRA');
    return this.dataSource.transaction(async (m) => {
      const lora = await m.findOne(LoraEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!lora) throw notFound('LoRA', loraId);
      if (lora.status !== status) {
        await m.update(LoraEntity, { id }, { status });
        await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'lora.status_changed', entityType: 'lora', entityId: id, before: { status: lora.status }, after: { status } });
      }
      return { ...lora, status };
    });
  }

  /** Templates whose open draft or published version uses the LoRA, by title. */
  async usesOf(loraId: string): Promise<LoraUse[]> {
    const rows: Array<{ template_id: string; title: string; in_draft: boolean; in_published: boolean }> = await this.dataSource.query(
      `SELECT t.id AS template_id, t.title,
              coalesce(bool_or(v.state = 'DRAFT'), false) AS in_draft,
              coalesce(bool_or(v.id = t.published_version_id), false) AS in_published
         FROM templates t JOIN template_versions v ON v.template_id = t.id
        WHERE (v.state = 'DRAFT' OR v.id = t.published_version_id)
          AND v.spec->'styleLoras' @> jsonb_build_array(jsonb_build_object('loraId', $1::text))
        GROUP BY t.id, t.title ORDER BY t.title`,
      [loraId],
    );
    return rows.map((r) => ({ templateId: r.template_id, title: r.title, inDraft: r.in_draft, inPublished: r.in_published }));
  }

  /** Gives a registered LoRA a (new) sample picture. */
  async setThumbnail(user: AuthUser, loraId: string, assetId: string): Promise<LoraEntity> {
    const lora = await this.dataSource.manager.findOneBy(LoraEntity, { id: requireUuid(loraId, 'LoRA') });
    if (!lora) throw notFound('LoRA', loraId);
    const thumbnail = await this.requireThumbnail(user, assetId, 'assetId');
    return this.dataSource.transaction(async (m) => {
      await m.update(LoraEntity, { id: lora.id }, { thumbnailAssetId: thumbnail.id });
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'lora.thumbnail-set', entityType: 'lora', entityId: lora.id, before: { thumbnailAssetId: lora.thumbnailAssetId }, after: { thumbnailAssetId: thumbnail.id } });
      return { ...lora, thumbnailAssetId: thumbnail.id };
    });
  }

  /** Short-lived links to the LoRAs' pictures, by LoRA id (one query for the whole list). */
  async thumbnailUrls(loras: readonly LoraEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(loras.flatMap((l) => (l.thumbnailAssetId ? [l.thumbnailAssetId] : [])))];
    if (!ids.length) return new Map();
    const assets = await this.dataSource.manager.find(AssetEntity, { where: { id: In(ids), state: 'READY' } });
    const urls = new Map(await Promise.all(assets.map(async (a) => [a.id, await this.storage.presignGet(a.objectKey, THUMBNAIL_URL_SECONDS, { contentType: a.contentType })] as const)));
    return new Map(loras.flatMap((l) => (l.thumbnailAssetId && urls.has(l.thumbnailAssetId) ? [[l.id, urls.get(l.thumbnailAssetId)!] as const] : [])));
  }

  // The admin's own uploaded image: a designer's reference photo (maybe of a real person) must not become a
  // picture every studio user can load. `path` names the argument the studio highlights.
  private async requireThumbnail(user: AuthUser, assetId: string, path: string) {
    const refuse = () => badInputIssues([inputIssue(path, 'lora.thumbnailNotYours')]);
    try {
      const asset = await this.assets.requireReadyAsset(requireUuid(assetId, 'Thumbnail image'), 'REFERENCE_IMAGE');
      if (asset.ownerId !== user.id) throw refuse();
      return asset;
    } catch (error) {
      if (error instanceof AppError && error.code === 'BAD_USER_INPUT') throw refuse();
      throw error;
    }
  }
}

const THUMBNAIL_URL_SECONDS = 3600;

