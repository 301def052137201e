import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PreviewPriority } from '@atelier/preview-job';
import { PREVIEW_PRIORITIES } from '@atelier/preview-job';
import { PreviewJobEntity } from './preview-job.entity.js';
import { priorityRankSql } from './priority-rank.js';

const DEFAULT_SECONDS_PER_JOB = 10;
const ONLINE_WITHIN_MS = 60_000;

export interface QueueFigures {
  position: number | null;
  etaSeconds: number | null;
  /** Queued, and no online worker of its backend renders its base model: it waits until one connects. */
  waitingForWorker: boolean;
}

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
    const rows: Array<{ token_id: string; name: string; backend: string; base_models: string[]; loaded_checkpoint: string | null; loaded_lora_key: string | null; vram_mb: number | null; cached_lora_hashes: string[]; box_problem: string | null; last_heartbeat_at: Date; jobs_done: number; gpu_ms: string }> =
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
      boxProblem: r.box_problem,
      lastHeartbeatAt: r.last_heartbeat_at,
      jobsDone: r.jobs_done,
      gpuSeconds: Number(r.gpu_ms) / 1000,
    }));
  }

  /**
   * Jobs -> where each stands (same order): its queue position (queued jobs only: the queued jobs of
   * the same backend a worker would take first, higher priority then older) and its estimated
   * seconds until done (queued or running jobs). At most three statements for any number of jobs.
   * Jobs waiting on an identical render are never leased themselves: they are not counted, and such
   * a job's own place is that of the render it waits for (0 once that render runs).
   */
  async queueFiguresOf(jobs: readonly PreviewJobEntity[]): Promise<QueueFigures[]> {
    const queued = jobs.filter((j) => j.state === 'QUEUED');
    const waiting = jobs.some((j) => j.state === 'QUEUED' || j.state === 'LEASED');
    const [positions, perJob, online] = await Promise.all([
      this.positionsOf(queued.map((j) => j.id)),
      waiting ? this.secondsPerJob() : Promise.resolve(DEFAULT_SECONDS_PER_JOB),
      queued.length ? this.onlineWorkersByBackend() : Promise.resolve(new Map<string, number>()),
    ]);
    return jobs.map((job) => {
      if (job.state === 'LEASED') return { position: null, etaSeconds: Math.ceil(perJob * (1 - job.progress)), waitingForWorker: false };
      if (job.state !== 'QUEUED') return { position: null, etaSeconds: null, waitingForWorker: false };
      const ahead = positions.get(job.id) ?? 0;
      const workers = online.get(`${job.backend}:${job.baseModel}`) ?? 0;
      // No worker to render it: no estimate (it would be a made-up number), and the studio says why it waits.
      if (!workers) return { position: ahead, etaSeconds: null, waitingForWorker: true };
      return { position: ahead, etaSeconds: Math.ceil(((ahead + 1) * perJob) / workers), waitingForWorker: false };
    });
  }

  // Job id -> jobs ahead of it (see queueFiguresOf), in one statement. A follower is placed by the
  // render it follows (jobs follow only renders that follow nothing).
  private async positionsOf(jobIds: string[]): Promise<Map<string, number>> {
    if (!jobIds.length) return new Map();
    const rows: Array<{ id: string; n: number }> = await this.dataSource.query(
      `SELECT j.id,
              CASE WHEN t.state IS DISTINCT FROM 'QUEUED' THEN 0 ELSE (
                SELECT count(*) FROM preview_jobs o
                 WHERE o.state = 'QUEUED' AND o.source_job_id IS NULL AND o.backend = t.backend AND o.id <> t.id AND (
                   ${priorityRankSql('o.priority')} < ${priorityRankSql('t.priority')}
                   OR (${priorityRankSql('o.priority')} = ${priorityRankSql('t.priority')} AND (o.available_at, o.created_at) < (t.available_at, t.created_at)))
              ) END::int AS n
         FROM preview_jobs j
         LEFT JOIN preview_jobs t ON t.id = COALESCE(j.source_job_id, j.id)
        WHERE j.id = ANY($1::uuid[])`,
      [jobIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  // "<backend>:<base model>" -> online workers (a heartbeat within the minute, token not revoked) that render it.
  private async onlineWorkersByBackend(): Promise<Map<string, number>> {
    const rows: Array<{ key: string; n: number }> = await this.dataSource.query(
      `SELECT w.backend || ':' || m AS key, count(*)::int AS n
         FROM workers w JOIN worker_tokens t ON t.id = w.token_id, unnest(w.base_models) m
        WHERE t.revoked_at IS NULL AND w.last_heartbeat_at > now() - interval '${ONLINE_WITHIN_MS / 1000} seconds'
        GROUP BY 1`,
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  private async secondsPerJob(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT avg(extract(epoch FROM finished_at - started_at)) AS s FROM (
         SELECT finished_at, started_at FROM preview_jobs WHERE state = 'SUCCEEDED' AND NOT cached AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 50) recent`,
    );
    return row.s === null ? DEFAULT_SECONDS_PER_JOB : Math.max(0.1, Number(row.s));
  }
}
