import type { DataSource } from 'typeorm';
import type { BoxCapabilitiesReport } from '@atelier/preview-job';
import { canReachRun, type BaseModel, type BoxReach, type GraphNeeds } from '@atelier/scheduler';

// Which online workers can take which queued renders: what the queue's figures (a job waiting for
// a worker) and the admin report (what keeps a box from jobs) both read. The same rule as the lease.

/** A worker counts as online with a heartbeat within this (its token not revoked). */
export const ONLINE_WITHIN_MS = 60_000;

export interface OnlineWorker {
  name: string;
  backend: string;
  base_models: BaseModel[];
  box_problem: string | null;
  reach: BoxReach | null;
  /** Only when asked for (readOnlineWorkers(…, true)): reports can be large. */
  capabilities: BoxCapabilitiesReport | null;
}

/** Queued renders (followers left out) that need the same graph. */
export interface QueuedGroup extends GraphNeeds {
  backend: string;
  queued: number;
}

/** Whether a worker takes a render now: its backend and base model, no box problem, and its box's reach. */
export function canWorkerTake(worker: OnlineWorker, needs: GraphNeeds & { backend: string }): boolean {
  return worker.backend === needs.backend && worker.base_models.includes(needs.baseModel) && !worker.box_problem && canReachRun(worker.reach, needs);
}

/** Online workers by name, with their full box reports only when asked. */
export function readOnlineWorkers(dataSource: DataSource, withCapabilities: boolean): Promise<OnlineWorker[]> {
  return dataSource.query(
    `SELECT t.name, w.backend, w.base_models, w.box_problem, w.reach, ${withCapabilities ? 'w.capabilities' : 'NULL::jsonb AS capabilities'}
       FROM workers w JOIN worker_tokens t ON t.id = w.token_id
      WHERE t.revoked_at IS NULL AND w.last_heartbeat_at > now() - interval '${ONLINE_WITHIN_MS / 1000} seconds'
      ORDER BY t.name`,
  );
}

/** Queued renders grouped by backend, base model and graph (followers wait on a render, they need no worker). */
export async function readQueuedGroups(dataSource: DataSource): Promise<QueuedGroup[]> {
  const rows: Array<{ backend: string; base_model: BaseModel; node_classes: string[]; n: number }> = await dataSource.query(
    `SELECT backend, base_model, node_classes, count(*)::int AS n FROM preview_jobs WHERE state = 'QUEUED' AND source_job_id IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ backend: r.backend, baseModel: r.base_model, nodeClasses: r.node_classes, queued: r.n }));
}
