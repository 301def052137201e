import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PreviewPriority } from '@atelier/preview-job';
import { PREVIEW_PRIORITIES } from '@atelier/preview-job';
import { PreviewJobEntity } from './preview-job.entity.js';
import { priorityRankSql } from './priority-rank.js';
import { canWorkerTake, readOnlineWorkers } from './worker-capacity.js';

const DEFAULT_SECONDS_PER_JOB = 10;

/** Why a queued job waits for a worker (see QueueFigures). */
export type WaitingReason = 'NO_WORKER_ONLINE' | 'NO_WORKER_ABLE';

export interface QueueFigures {
  position: number | null;
  etaSeconds: number | null;
  /** Queued, and no online worker can render it now: it waits until one can. */
  waitingForWorker: boolean;
  /** NO_WORKER_ONLINE: none of its backend and base model is online; NO_WORKER_ABLE: some are, none has what it needs. */
  waitingReason: WaitingReason | null;
}

// What the queue looks like: depth per priority, throughput, positions and ETAs (the workers and
// what keeps them from jobs: worker-report.service.ts).
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
      queued.length ? readOnlineWorkers(this.dataSource, false) : Promise.resolve([]),
    ]);
    const idle = { waitingForWorker: false, waitingReason: null };
    return jobs.map((job) => {
      if (job.state === 'LEASED') return { position: null, etaSeconds: Math.ceil(perJob * (1 - job.progress)), ...idle };
      if (job.state !== 'QUEUED') return { position: null, etaSeconds: null, ...idle };
      const ahead = positions.get(job.id) ?? 0;
      const needs = { backend: job.backend, baseModel: job.baseModel, nodeClasses: job.nodeClasses ?? [] };
      const workers = online.filter((w) => canWorkerTake(w, needs)).length;
      // No worker to render it: no estimate (it would be a made-up number), and the studio says why it waits.
      if (!workers) {
        const anyOnline = online.some((w) => w.backend === job.backend && w.base_models.includes(job.baseModel));
        return { position: ahead, etaSeconds: null, waitingForWorker: true, waitingReason: anyOnline ? 'NO_WORKER_ABLE' : 'NO_WORKER_ONLINE' };
      }
      return { position: ahead, etaSeconds: Math.ceil(((ahead + 1) * perJob) / workers), ...idle };
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

  private async secondsPerJob(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT avg(extract(epoch FROM finished_at - started_at)) AS s FROM (
         SELECT finished_at, started_at FROM preview_jobs WHERE state = 'SUCCEEDED' AND NOT cached AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 50) recent`,
    );
    return row.s === null ? DEFAULT_SECONDS_PER_JOB : Math.max(0.1, Number(row.s));
  }
}
