import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PreviewPriority } from '@atelier/preview-job';
import { PREVIEW_PRIORITIES } from '@atelier/preview-job';
import { PreviewJobEntity } from './preview-job.entity.js';
import { priorityRank, priorityRankSql } from './priority-rank.js';

const DEFAULT_SECONDS_PER_JOB = 10;
const ONLINE_WITHIN_MS = 60_000;

// What the queue looks like: depth per priority, throughput, positions and ETAs, workers.
@Injectable()
export class QueueStatsService {
  constructor(private readonly dataSource: DataSource) {}

  async queueStats() {
    const rows: Array<{ priority: PreviewPriority; state: string; n: string }> = await this.dataSource.query(
      `SELECT priority, state, count(*) AS n FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED') GROUP BY priority, state`,
    );
    const count = (p: PreviewPriority, s: string) => Number(rows.find((r) => r.priority === p && r.state === s)?.n ?? 0);
    return { depth: PREVIEW_PRIORITIES.map((priority) => ({ priority, queued: count(priority, 'QUEUED'), leased: count(priority, 'LEASED') })), recentSecondsPerJob: await this.secondsPerJob() };
  }

  async workers() {
    const rows: Array<{ token_id: string; name: string; backend: string; base_models: string[]; loaded_checkpoint: string | null; loaded_lora_key: string | null; vram_mb: number | null; cached_lora_hashes: string[]; last_heartbeat_at: Date; jobs_done: number; gpu_ms: string }> =
      await this.dataSource.query(`SELECT w.*, t.name FROM workers w JOIN worker_tokens t ON t.id = w.token_id WHERE t.revoked_at IS NULL ORDER BY t.name`);
    return rows.map((r) => ({
      id: r.token_id,
      name: r.name,
      backend: r.backend,
      status: Date.now() - r.last_heartbeat_at.getTime() < ONLINE_WITHIN_MS ? 'ONLINE' : 'OFFLINE',
      baseModels: r.base_models,
      loadedCheckpoint: r.loaded_checkpoint,
      loadedLoraKey: r.loaded_lora_key,
      vramMb: r.vram_mb,
      cachedLoraCount: r.cached_lora_hashes.length,
      lastHeartbeatAt: r.last_heartbeat_at,
      jobsDone: r.jobs_done,
      gpuSeconds: Number(r.gpu_ms) / 1000,
    }));
  }

  // Queued jobs of the same backend that a worker would take first (higher priority, then older).
  // Jobs waiting on an identical render are never leased themselves: they are not counted, and
  // such a job's own place is that of the render it waits for.
  async positionOf(job: PreviewJobEntity): Promise<number> {
    if (job.sourceJobId) {
      const source = await this.dataSource.manager.findOneBy(PreviewJobEntity, { id: job.sourceJobId });
      return source?.state === 'QUEUED' ? this.positionOf(source) : 0;
    }
    const [row] = await this.dataSource.query(
      `SELECT count(*) AS n FROM preview_jobs o
       WHERE o.state = 'QUEUED' AND o.source_job_id IS NULL AND o.backend = $1 AND o.id <> $2 AND (
         ${priorityRankSql('o.priority')} < $3
         OR (${priorityRankSql('o.priority')} = $3 AND (o.available_at, o.created_at) < ($4::timestamptz, $5::timestamptz)))`,
      [job.backend, job.id, priorityRank(job.priority), job.availableAt, job.createdAt],
    );
    return Number(row.n);
  }

  async etaSecondsOf(job: PreviewJobEntity): Promise<number | null> {
    if (job.state !== 'QUEUED' && job.state !== 'LEASED') return null;
    const perJob = await this.secondsPerJob();
    if (job.state === 'LEASED') return Math.ceil(perJob * (1 - job.progress));
    const [{ n }] = await this.dataSource.query(`SELECT count(*) AS n FROM workers WHERE backend = $1 AND last_heartbeat_at > now() - interval '60 seconds'`, [job.backend]);
    const ahead = await this.positionOf(job);
    return Math.ceil(((ahead + 1) * perJob) / Math.max(1, Number(n)));
  }

  private async secondsPerJob(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT avg(extract(epoch FROM finished_at - started_at)) AS s FROM (
         SELECT finished_at, started_at FROM preview_jobs WHERE state = 'SUCCEEDED' AND NOT cached AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 50) recent`,
    );
    return row.s === null ? DEFAULT_SECONDS_PER_JOB : Math.max(0.1, Number(row.s));
  }
}
