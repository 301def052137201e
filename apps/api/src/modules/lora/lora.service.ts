import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { badInput, isUuid, requireUuid, type InputIssue } from '../../common/app-error.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AssetService } from '../asset/asset.service.js';
import { LoraEntity } from './lora.entity.js';

export interface RegisterLoraData {
  name: string;
  baseModel: 'sd15' | 'sdxl';
  triggerWords?: string[] | null;
  defaultWeight: number;
  minWeight: number;
  maxWeight: number;
  fileAssetId: string;
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
    const issues: InputIssue[] = [];
    const name = input.name.trim();
    if (!name || name.length > 80) issues.push({ path: 'name', message: 'Name must be 1 to 80 characters.' });
    for (const key of ['defaultWeight', 'minWeight', 'maxWeight'] as const) {
      if (!Number.isFinite(input[key]) || input[key] < -4 || input[key] > 4) issues.push({ path: key, message: 'Weights must be between -4 and 4.' });
    }
    if (!(input.minWeight <= input.defaultWeight && input.defaultWeight <= input.maxWeight)) {
      issues.push({ path: 'defaultWeight', message: 'The default weight must lie between the minimum and maximum weight.' });
    }
    const triggerWords = (input.triggerWords ?? []).map((w) => w.trim()).filter(Boolean);
    if (triggerWords.length > 20) issues.push({ path: 'triggerWords', message: 'At most 20 trigger words.' });
    if (issues.length) throw badInput(issues[0]!.message, issues);
    const asset = await this.assets.requireReadyAsset(requireUuid(input.fileAssetId, 'LoRA file'), 'LORA');
    return this.dataSource.transaction(async (m) => {
      const clash = await m.createQueryBuilder(LoraEntity, 'l').where('lower(l.name) = lower(:name) AND l.base_model = :bm', { name, bm: input.baseModel }).getExists();
      if (clash) throw badInput(`A ${input.baseModel.toUpperCase()} LoRA named "${name}" already exists.`, [{ path: 'name', message: 'already exists' }]);
      const lora = await m.save(
        m.create(LoraEntity, {
          name,
          baseModel: input.baseModel,
          triggerWords,
          defaultWeight: input.defaultWeight,
          minWeight: input.minWeight,
          maxWeight: input.maxWeight,
          fileAssetId: asset.id,
          sha256: asset.sha256!,
          status: 'READY',
          createdBy: user.id,
        }),
      );
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'lora.registered', entityType: 'lora', entityId: lora.id, after: { name, baseModel: lora.baseModel, sha256: lora.sha256 } });
      return lora;
    });
  }
}

