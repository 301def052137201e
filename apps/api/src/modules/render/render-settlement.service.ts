import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { runEvery, SingleFlight } from '../../common/periodic-task.js';
import { runExclusively } from '../../common/exclusive-run.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { StorageService } from '../asset/storage.service.js';
import { UsageService } from '../ledger/usage.service.js';
import { renderStateSql } from './render-state.js';

const METER_BATCH = 500;
const IMAGE_SWEEP_BATCH = 200;
const METER_LOCK = 'atelier:render-metering';

export interface SettleResult {
  settled: number;
  metered: number;
}

// Finishes consumer renders once their GPU job has: in one statement per pass, a render whose job
// succeeded, failed (for good) or was cancelled takes that state, and a render.succeeded or
// render.failed webhook delivery is queued for it, so each happens exactly once whichever API
// process gets there first. A succeeded paid render then records its use (event id `render:<id>`)
// through the same ledger rules as recordUsage, which counts an event id once per app.
// The images of renders are deleted IDENTITY_RETENTION_HOURS after they finished, like identities.
@Injectable()
export class RenderSettlementService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RenderSettlementService.name);
  private timers: NodeJS.Timeout[] = [];
  private readonly passes = new SingleFlight<SettleResult>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly usage: UsageService,
    private readonly storage: StorageService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    this.timers = [
      runEvery(this.config.renders.pollMs, () => this.settleFinished(), this.logger, 'Settling renders'),
      runEvery(this.config.privacy.sweepSeconds * 1000, () => this.deleteOldImages(), this.logger, 'Deleting old render images'),
    ];
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearInterval);
  }

  /** Settles every render whose job finished, then meters the paid ones. One pass at a time per process. */
  settleFinished(): Promise<SettleResult> {
    return this.passes.run(() => this.settleOnce());
  }

  private async settleOnce(): Promise<SettleResult> {
    const settled: Array<{ id: string }> = await this.dataSource.query(
      `WITH settled AS (
         UPDATE renders r
            SET state = ${renderStateSql('r', 'j')},
                error = CASE WHEN j.state IN ('FAILED', 'DEAD') THEN coalesce(j.last_error, 'The render failed.') END,
                finished_at = coalesce(j.finished_at, now())
           FROM preview_jobs j
          WHERE j.render_id = r.id AND r.state = 'QUEUED' AND j.state IN ('SUCCEEDED', 'FAILED', 'DEAD', 'CANCELLED')
         RETURNING r.id, r.state, r.webhook_url
       ), hooks AS (
         INSERT INTO webhook_deliveries (render_id, type, url, state, next_attempt_at)
         SELECT id, CASE state WHEN 'SUCCEEDED' THEN 'render.succeeded' ELSE 'render.failed' END, webhook_url, 'PENDING', now()
           FROM settled WHERE webhook_url IS NOT NULL AND state IN ('SUCCEEDED', 'FAILED')
         ON CONFLICT (render_id, type) DO NOTHING
       )
       SELECT id FROM settled`,
    );
    const metered = await this.meterSucceeded();
    return { settled: settled.length, metered };
  }

  // Paid renders that succeeded and are not yet metered, each app's through recordUsage. One process
  // at a time (an advisory lock), so a render's status is written by the pass that recorded it.
  private async meterSucceeded(): Promise<number> {
    return runExclusively(this.dataSource, METER_LOCK, 0, async (runner) => {
      const due: Array<{ id: string; consumer_app_id: string; api_key_id: string; version_id: string; finished_at: Date; gross_minor: string; currency: string }> = await runner.query(
        `SELECT id, consumer_app_id, api_key_id, version_id, finished_at, gross_minor, currency FROM renders
          WHERE state = 'SUCCEEDED' AND gross_minor IS NOT NULL AND usage_status IS NULL ORDER BY finished_at LIMIT $1`,
        [METER_BATCH],
      );
      const byApp = new Map<string, typeof due>();
      for (const r of due) byApp.set(r.consumer_app_id, [...(byApp.get(r.consumer_app_id) ?? []), r]);
      let metered = 0;
      for (const [appId, renders] of byApp) {
        const app: ApiKeyPrincipal = { id: renders[0]!.api_key_id, name: 'hosted renders', scopes: ['usage:write'], consumerAppId: appId, rateLimitPerMinute: null };
        const results = await this.usage.recordUsage(
          app,
          renders.map((r) => ({ eventId: renderUsageEventId(r.id), templateVersionId: r.version_id, occurredAt: new Date(r.finished_at).toISOString(), grossAmount: Number(r.gross_minor), currency: r.currency })),
        );
        await runner.query(
          `UPDATE renders r SET usage_status = x.status, usage_message = x.message
             FROM json_to_recordset($1::json) AS x(id uuid, status text, message text) WHERE r.id = x.id AND r.usage_status IS NULL`,
          [JSON.stringify(results.map((res, i) => ({ id: renders[i]!.id, status: res.status, message: res.message })))],
        );
        metered += results.filter((r) => r.status === 'ACCEPTED').length;
      }
      return metered;
    });
  }

  /** Deletes the images (and thumbnails) of renders that finished IDENTITY_RETENTION_HOURS ago: renders of real people are kept no longer than their identities. */
  async deleteOldImages(): Promise<number> {
    const due: Array<{ job_id: string; render_id: string; keys: string[]; asset_ids: string[] }> = await this.dataSource.query(
      `SELECT j.id AS job_id, j.render_id, array_remove(ARRAY[o.object_key, t.object_key], NULL) AS keys, array_remove(ARRAY[o.id, t.id], NULL) AS asset_ids
         FROM preview_jobs j JOIN renders r ON r.id = j.render_id
         LEFT JOIN assets o ON o.id = j.output_asset_id LEFT JOIN assets t ON t.id = j.thumbnail_asset_id
        WHERE j.render_id IS NOT NULL AND j.removed_at IS NULL AND j.state = 'SUCCEEDED'
          AND r.finished_at <= now() - make_interval(hours => $1)
        ORDER BY r.finished_at LIMIT $2`,
      [this.config.identities.retentionHours, IMAGE_SWEEP_BATCH],
    );
    for (const row of due) {
      // The files first: if the rows' update fails, the next sweep finds them and removes nothing twice.
      await Promise.all(row.keys.map((key) => this.storage.remove(key)));
      await this.dataSource.transaction(async (m) => {
        await m.query(`UPDATE preview_jobs SET removed_at = now(), output_asset_id = NULL, thumbnail_asset_id = NULL WHERE id = $1`, [row.job_id]);
        if (row.asset_ids.length) await m.query(`DELETE FROM assets WHERE id = ANY($1::uuid[])`, [row.asset_ids]);
        await m.query(`UPDATE renders SET image_removed_at = now() WHERE id = $1`, [row.render_id]);
      });
    }
    return due.length;
  }
}

/** The usage event a paid render records: one per render, so counting it twice is impossible. */
export function renderUsageEventId(renderId: string): string {
  return `render:${renderId}`;
}
