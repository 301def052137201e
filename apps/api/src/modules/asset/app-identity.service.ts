import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { runEvery } from '../../common/periodic-task.js';
import { runExclusively } from '../../common/exclusive-run.js';
import { PreviewJobEntity } from '../preview-job/preview-job.entity.js';
import { cancelJob } from '../preview-job/preview-job.snapshot.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { AuditService, type AuditActor } from '../audit/audit.service.js';
import { AssetEntity } from './asset.entity.js';
import { AssetService } from './asset.service.js';
import { StorageService } from './storage.service.js';

// One retention sweep at a time across every API process sharing the database.
const SWEEP_LOCK = 'atelier:app-identity-retention-sweep';
// Identities deleted per run; the next run takes the rest.
const SWEEP_BATCH = 500;

export interface IdentityRetentionResult {
  // False when another process was sweeping already (this run did nothing).
  ran: boolean;
  deleted: number;
}

// Consumer apps' end-user identities (IDENTITY_LORA, IDENTITY_PHOTO): deleted at once by their app
// (deleteAsset) or IDENTITY_RETENTION_HOURS after their last render by a sweep (an in-process
// interval under an advisory lock, like the preview-subject privacy sweep). Deleting removes the
// stored object and the row; an identity LoRA's hash is remembered so GPU boxes that cached the file
// are told to delete it on their next heartbeat. Logs name asset ids only, never files or people.
@Injectable()
export class AppIdentityService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AppIdentityService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly assets: AssetService,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    this.timer = runEvery(this.config.privacy.sweepSeconds * 1000, () => this.deleteExpiredIdentities(), this.logger, 'Identity retention sweep');
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The app deletes one of its own identities at once; anyone else's asset is NOT_FOUND. */
  async deleteAsset(app: ApiKeyPrincipal, assetId: string): Promise<string> {
    const asset = await this.assets.findAppIdentity(app, assetId);
    await this.deleteIdentity(asset, { kind: 'API_KEY', id: app.id }, 'asset.identity_deleted');
    return asset.id;
  }

  /** Deletes every app identity whose last render (or, before any, its upload) is older than the retention. */
  async deleteExpiredIdentities(): Promise<IdentityRetentionResult> {
    return runExclusively(this.dataSource, SWEEP_LOCK, { ran: false, deleted: 0 } as IdentityRetentionResult, async (runner) => {
      // A CHECKING upload is left to its completeUpload; the next run finds it again. One never
      // completed (or refused) counts from its upload request.
      const due: Array<{ id: string }> = await runner.query(
        `SELECT id FROM assets
         WHERE owner_app_id IS NOT NULL AND state <> 'CHECKING'
           AND coalesce(last_used_at, created_at) <= now() - make_interval(hours => $1)
         ORDER BY id LIMIT $2`,
        [this.config.identities.retentionHours, SWEEP_BATCH],
      );
      let deleted = 0;
      for (const { id } of due) {
        const asset = await this.dataSource.manager.findOneBy(AssetEntity, { id });
        if (!asset) continue;
        try {
          if (await this.deleteIdentity(asset, { kind: 'SYSTEM', id: null }, 'asset.identity_expired')) deleted++;
        } catch (error) {
          this.logger.warn(`could not delete expired identity asset ${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return { ran: true, deleted };
    });
  }

  // The object first, then the row: if the commit fails, the next sweep (or a repeated deleteAsset)
  // finds the row and removes the (already absent) object again. False when someone else deleted it first.
  private async deleteIdentity(asset: AssetEntity, actor: AuditActor, action: string): Promise<boolean> {
    await this.storage.remove(asset.objectKey);
    return this.dataSource.transaction(async (m) => {
      // Its renders still waiting or on a GPU are cancelled: nothing renders this identity after it is gone.
      const jobs = await m
        .createQueryBuilder(PreviewJobEntity, 'j')
        .setLock('pessimistic_write')
        .where(`j.render_id IN (SELECT id FROM renders WHERE identity_asset_id = :id) AND j.state IN ('QUEUED', 'LEASED')`, { id: asset.id })
        .getMany();
      for (const job of jobs) await cancelJob(m, job, 'The identity was deleted.');
      const [, affected] = (await m.query(`DELETE FROM assets WHERE id = $1 AND owner_app_id IS NOT NULL`, [asset.id])) as [unknown, number];
      if (!affected) return false;
      if (asset.kind === 'IDENTITY_LORA' && asset.sha256) {
        await m.query(`INSERT INTO purged_identity_lora_hashes (sha256) VALUES ($1) ON CONFLICT (sha256) DO UPDATE SET purged_at = now()`, [asset.sha256]);
      }
      await this.audit.record(m, { actor, action, entityType: 'asset', entityId: asset.id, after: { kind: asset.kind } });
      return true;
    });
  }
}
