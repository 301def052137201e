import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { OutputInfo } from 'sharp';
import { DataSource, type EntityManager } from 'typeorm';
import { nextJobState, type BatchReportItem, type BoxCapabilitiesReport, type JobSnapshot, type LeasedJob, type PreviewJobState, type PreviewPriority } from '@atelier/preview-job';
import { DEFAULT_SWAP_COSTS, computeBoxReach, consumerSlotsLeft, pickNextJob, selectLeasableJobs, type BoxReach, type SchedulableJob, type WorkerState } from '@atelier/scheduler';
import { AppError, badInput } from '../../common/app-error.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import type { WorkerPrincipal } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { MetricsService } from '../ops/metrics.service.js';
import { AppLifecycle } from '../ops/app-lifecycle.js';
import { inspectAssetContent } from '../asset/asset-inspection.js';
import { StorageService } from '../asset/storage.service.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { LeasePayloadService, outputUrlSeconds, previewOutputKey, type LeasedJobRow } from './lease-payload.service.js';
import { PreviewJobEntity, WorkerEntity, type PreviewBackend } from './preview-job.entity.js';
import { applySnapshot, toSnapshot } from './preview-job.snapshot.js';
import { PreviewJobEventsService } from './preview-job-events.service.js';
import { priorityRankSql } from './priority-rank.js';
import { releaseFollowers } from './preview-job.service.js';
import { WorkerPoolView, type PoolReading, type PoolViewOf } from './worker-pool-view.js';

const CANDIDATE_WINDOW = 32;
const MAX_LONG_POLL_MS = 20_000;
// A worker's own row (backend, base models, loaded models) is re-read at most this often; this
// process keeps it current with its own leases meanwhile.
const WORKER_ROW_TTL_MS = 2_000;
// How long a job id this process tried to claim stays off its leasers' candidate lists (a window
// read just before the claim committed still shows the job as QUEUED).
const CLAIM_MEMORY_MS = 2_000;
const LEASE_SWEEP_MS = 5_000;
const POLL_STEP_MS = 250;
// The scheduler's estimate of one image, to tell how soon a busy GPU frees up.
const DEFAULT_IMAGE_MS = 4_000;

export interface HeartbeatData {
  backend: PreviewBackend;
  baseModels: Array<'sd15' | 'sdxl'>;
  vramMb?: number | null;
  loadedCheckpoint?: string | null;
  loadedLoraKey?: string | null;
  cachedLoraHashes?: string[];
  boxProblem?: string | null;
  capabilities?: BoxCapabilitiesReport | null;
}

/** What a report answers with (POST /v1/jobs/{id}/progress|fail|release|complete). */
export interface JobStatusRow {
  id: string;
  state: PreviewJobState;
  attempts: number;
  progress: number;
  lastError: string | null;
}

// The columns the state machine reads (see snapshotOf).
interface SnapshotColumns {
  id: string;
  state: PreviewJobState;
  attempts: number;
  max_attempts: number;
  available_at: Date;
  lease_id: string | null;
  lease_expires_at: Date | null;
}

// A queued job in the lease window, as the policy and the state machine see it.
interface WindowRow extends SnapshotColumns {
  designer_id: string;
  // CONSUMER and other jobs leased on the backend when the window was read (the same in every row).
  running_consumer: number;
  running_other: number;
  // Set on a consumer app's render (CONSUMER): fair share is then counted per app, not per designer.
  consumer_app_id: string | null;
  priority: PreviewPriority;
  base_model: 'sd15' | 'sdxl';
  lora_key: string;
  node_classes: string[];
  created_at: Date;
}

// A job as a report needs it.
interface ReportRow extends SnapshotColumns {
  leased_by: string | null;
  ended_lease_id: string | null;
  started_at: Date | null;
  backend: PreviewBackend;
  progress: number;
  last_error: string | null;
}

const STATUS_COLUMNS = `id, state, attempts, progress, last_error`;
const REPORT_COLUMNS = `${STATUS_COLUMNS}, max_attempts, available_at, lease_id, lease_expires_at, leased_by, ended_lease_id, started_at, backend`;

// Ids remembered for a while (insertion order = expiry order, so pruning stops at the first live one).
class RecentIds {
  private readonly until = new Map<string, number>();
  constructor(private readonly ttlMs: number) {}

  add(id: string, now: number): void {
    this.until.delete(id);
    this.until.set(id, now + this.ttlMs);
  }

  has(id: string, now: number): boolean {
    this.prune(now);
    return this.until.has(id);
  }

  private prune(now: number): void {
    for (const [id, until] of this.until) {
      if (until > now) break;
      this.until.delete(id);
    }
  }
}

// A job's stay in the queue: every re-queue (expiry, release, retry) sets a new available_at, so a
// job handed back is offered again at once, not held as "being claimed".
function queuedIncarnation(row: WindowRow): string {
  return `${row.id}@${row.available_at.getTime()}`;
}

function conflict(message: string): AppError {
  return new AppError('INVALID_STATE_TRANSITION', message);
}

function snapshotOf(row: SnapshotColumns): JobSnapshot {
  return { state: row.state, attempts: row.attempts, maxAttempts: row.max_attempts, leaseId: row.lease_id, leaseExpiresAt: row.lease_expires_at?.getTime() ?? null, availableAt: row.available_at.getTime() };
}

function statusOf(row: { id: string; state: PreviewJobState; attempts: number; progress: number; last_error: string | null }): JobStatusRow {
  return { id: row.id, state: row.state, attempts: row.attempts, progress: row.progress, lastError: row.last_error };
}

// The worker side of the queue: heartbeats, leasing (FOR UPDATE SKIP LOCKED over a bounded
// window, then a policy choice), progress, completion and failure. Every report names its lease;
// a stale or foreign lease changes nothing and gets 409.
const MB = 1024 * 1024;

// A job as a batch report reads it: its report columns and its render key.
interface BatchRow extends ReportRow {
  spec_hash: string;
  subject_id: string;
  subject_revision: number;
  seed: string;
  likeness: number;
}

/** One item's outcome of a batch report: the job as it is now, or why the item was refused. */
export type BatchReportOutcome = { jobId: string; status: JobStatusRow } | { jobId: string; error: AppError };

// The render a job makes; one stored result per key (see migration AddPreviewJobLikeness).
function renderKeyOf(job: Pick<BatchRow, 'spec_hash' | 'subject_id' | 'subject_revision' | 'seed' | 'likeness' | 'backend'>): string {
  return `render:${job.spec_hash}:${job.subject_id}:${job.subject_revision}:${job.seed}:${job.likeness}:${job.backend}`;
}

// A checked upload, stored with its thumbnail under its lease's keys, waiting for the completion to commit.
interface StagedOutput {
  imageKey: string;
  thumbKey: string;
  bytes: Buffer;
  checked: { contentType: string; width: number | null; height: number | null };
  thumb: { data: Buffer; width: number; height: number };
}
// A rendered preview is a PNG of at most 2048 × 2048 px: well under this.
const MAX_OUTPUT_BYTES = 20 * MB;

@Injectable()
export class PreviewJobLeaseService implements OnModuleInit, OnModuleDestroy {
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly workerRows = new ExpiringCache<WorkerEntity>(WORKER_ROW_TTL_MS, 5000);
  private readonly poolView = new WorkerPoolView((backend) => this.readPool(backend));
  private readonly claiming = new RecentIds(CLAIM_MEMORY_MS);
  // Consumer claims of this process, one at a time (claimWithinShare).
  private consumerGate: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly payloads: LeasePayloadService,
    private readonly comfyGraphs: ComfyGraphService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: MetricsService,
    private readonly lifecycle: AppLifecycle,
    private readonly events: PreviewJobEventsService,
  ) {}

  // Leases also run out when no worker asks for work: sweep them every few seconds so the queue
  // (and queueStats) shows the truth. Safe with several API processes (SKIP LOCKED).
  onModuleInit(): void {
    this.sweepTimer = setInterval(() => void this.sweepExpiredLeases().catch(() => undefined), LEASE_SWEEP_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  sweepExpiredLeases(): Promise<void> {
    return this.dataSource.transaction((m) => this.expireLeases(m, Date.now()));
  }

  /**
   * Records what the worker runs and holds; answers with the identity LoRA files among those it
   * holds that it must delete now (their subject was withdrawn).
   */
  async heartbeat(worker: WorkerPrincipal, data: HeartbeatData): Promise<{ worker: WorkerEntity; purgedIdentityLoraHashes: string[] }> {
    if (!data.baseModels.length) throw badInput('A worker must run at least one base model.', [{ path: 'baseModels', message: 'required' }]);
    const capabilities = data.capabilities ?? null;
    const reach = this.reachOf(data.backend, data.baseModels, capabilities);
    await this.dataSource.query(
      `INSERT INTO workers (token_id, backend, base_models, vram_mb, loaded_checkpoint, loaded_lora_key, cached_lora_hashes, box_problem, capabilities, reach, last_heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $11, $12, now())
       ON CONFLICT (token_id) DO UPDATE SET backend = EXCLUDED.backend, base_models = EXCLUDED.base_models, vram_mb = EXCLUDED.vram_mb,
         loaded_checkpoint = CASE WHEN $8 THEN EXCLUDED.loaded_checkpoint ELSE workers.loaded_checkpoint END,
         loaded_lora_key = CASE WHEN $9 THEN EXCLUDED.loaded_lora_key ELSE workers.loaded_lora_key END,
         cached_lora_hashes = EXCLUDED.cached_lora_hashes, box_problem = EXCLUDED.box_problem,
         capabilities = CASE WHEN workers.capabilities IS NOT DISTINCT FROM EXCLUDED.capabilities THEN workers.capabilities ELSE EXCLUDED.capabilities END,
         reach = CASE WHEN workers.reach IS NOT DISTINCT FROM EXCLUDED.reach THEN workers.reach ELSE EXCLUDED.reach END,
         last_heartbeat_at = now()`,
      // A heartbeat that does not mention the loaded models keeps what the last lease recorded; one
      // that does not mention a box problem (an older worker's) says there is none, and one without
      // capabilities (an older worker's, or one whose ComfyUI never answered) that the box may run anything.
      // An unchanged report keeps the stored value as it is (no new copy of a large document every 15 s).
      [
        worker.id,
        data.backend,
        data.baseModels,
        data.vramMb ?? null,
        data.loadedCheckpoint ?? null,
        data.loadedLoraKey ?? null,
        data.cachedLoraHashes ?? [],
        data.loadedCheckpoint !== undefined,
        data.loadedLoraKey !== undefined,
        data.boxProblem ?? null,
        capabilities === null ? null : JSON.stringify(capabilities),
        reach === null ? null : JSON.stringify(reach),
      ],
    );
    const row = await this.dataSource.manager.findOneByOrFail(WorkerEntity, { tokenId: worker.id });
    this.workerRows.set(worker.id, row);
    return { worker: row, purgedIdentityLoraHashes: await this.withdrawnIdentityLoras(data.cachedLoraHashes ?? []) };
  }

  // What a ComfyUI box can run, from what it reported and this API's model files (libs/scheduler),
  // kept to the node classes compiled graphs use (COMFY_NODE_TABLE: validateComfyGraph allows no
  // other, so nothing a job needs is lost). Null (anything, as before) for a worker that reports
  // nothing and for the draft backend, which needs no models.
  private reachOf(backend: PreviewBackend, baseModels: Array<'sd15' | 'sdxl'>, capabilities: BoxCapabilitiesReport | null): BoxReach | null {
    if (backend !== 'comfyui' || !capabilities) return null;
    return computeBoxReach(capabilities, baseModels, this.comfyGraphs.loaderFiles(), this.comfyGraphs.compiledNodeClasses(), this.config.comfy.minVramMb);
  }

  // Which of the LoRA files a worker holds are identity LoRAs of withdrawn subjects (retired, or
  // consent expired), so that the GPU box deletes them at once instead of at size eviction.
  //
  // Bounded by what the worker reported (the heartbeat caps cachedLoraHashes at 10,000) rather than
  // by a time window or a cursor: the answer is exactly the files to delete, a worker that was
  // offline for months still hears of every purge, the API keeps no per-worker state, and once the
  // worker has deleted a file it stops reporting it, so it drops out of the answer by itself.
  // Withdrawn rather than swept: the box is told on the next heartbeat, without waiting for the
  // privacy sweep. A file another usable subject also uses stays (the sweep keeps it in storage too).
  //
  // Consumer apps' identity LoRAs count too: one deleted by its app (deleteAsset) or by the retention
  // sweep leaves its hash in purged_identity_lora_hashes. A hash is told only while no live identity
  // (an active, consented subject's, or an app identity LoRA still kept) has the same file.
  private async withdrawnIdentityLoras(cachedHashes: readonly string[]): Promise<string[]> {
    if (!cachedHashes.length) return [];
    const rows: Array<{ sha256: string }> = await this.dataSource.query(
      `WITH withdrawn AS (
         SELECT a.sha256 FROM preview_subjects s JOIN preview_subject_identity_loras l ON l.subject_id = s.id JOIN assets a ON a.id = l.asset_id
         WHERE a.sha256 = ANY($1::text[]) AND (NOT s.active OR s.consent_expires_at <= now())
         UNION
         SELECT p.sha256 FROM purged_identity_lora_hashes p WHERE p.sha256 = ANY($1::text[])
       )
       SELECT DISTINCT w.sha256 FROM withdrawn w
       WHERE NOT EXISTS (
           SELECT 1 FROM preview_subjects u JOIN preview_subject_identity_loras ul ON ul.subject_id = u.id JOIN assets ua ON ua.id = ul.asset_id
           WHERE ua.sha256 = w.sha256 AND u.active AND u.consent_expires_at > now())
         AND NOT EXISTS (SELECT 1 FROM assets kept WHERE kept.kind = 'IDENTITY_LORA' AND kept.state = 'READY' AND kept.sha256 = w.sha256)
       ORDER BY w.sha256`,
      [[...new Set(cachedHashes)]],
    );
    return rows.map((r) => r.sha256);
  }

  // Long-polls up to waitMs for a job; null when none came.
  async lease(worker: WorkerPrincipal, waitMs: number): Promise<LeasedJob | null> {
    const [leased] = await this.leaseMany(worker, waitMs, 1);
    return leased ?? null;
  }

  // Long-polls up to waitMs for up to `max` jobs (a box with several free GPUs), each its own lease;
  // answers as soon as at least one came, empty when none did.
  async leaseMany(worker: WorkerPrincipal, waitMs: number, max: number): Promise<LeasedJob[]> {
    let registered = this.workerRows.get(worker.id) ?? null;
    if (!registered) {
      registered = await this.dataSource.manager.findOneBy(WorkerEntity, { tokenId: worker.id });
      if (!registered) throw conflict('Send a heartbeat (POST /v1/workers/heartbeat) before leasing jobs.');
      this.workerRows.set(worker.id, registered);
    }
    const deadline = Date.now() + Math.min(Math.max(0, waitMs), MAX_LONG_POLL_MS);
    for (;;) {
      // A box that lacks what jobs need (its worker says so) fails every job it takes: none for it.
      const leased = registered.boxProblem ? [] : await this.tryLease(registered, max);
      // Shutting down: answer "no job" now rather than hold the connection open until the deadline.
      if (leased.length || Date.now() >= deadline || this.lifecycle.isShuttingDown) return leased;
      // Until the next poll, or sooner when a job is queued (an interactive preview then waits for
      // the notification, not for up to a poll step).
      await this.untilJobQueued(Math.min(POLL_STEP_MS, deadline - Date.now()));
    }
  }

  private untilJobQueued(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.events.onJobQueued(done);
    });
  }

  // One lease attempt: read the window (no locks, so parallel leasers see the same candidates), let
  // the policy choose up to `max`, then claim the choices in one statement (FOR UPDATE SKIP LOCKED, the
  // state machine's move applied only to rows still as the policy saw them), choosing again among the
  // rest for those another worker got first. No transaction: each claim is one atomic statement.
  private async tryLease(worker: WorkerEntity, max: number): Promise<LeasedJob[]> {
    const now = Date.now();
    const params: unknown[] = [worker.backend, new Date(now), worker.baseModels];
    // A box that said what it has is offered only the jobs whose graphs it can run, in the window
    // itself: jobs it cannot run never crowd out those it can.
    let reachSql = '';
    if (worker.reach) {
      const reach = worker.reach;
      const runnable = worker.baseModels.filter((baseModel) => reach[baseModel]);
      if (!runnable.length) return [];
      reachSql = `AND (${runnable
        .map((baseModel) => {
          params.push(baseModel, reach[baseModel]);
          return `(j.base_model = $${params.length - 1} AND j.node_classes <@ $${params.length}::text[])`;
        })
        .join(' OR ')})`;
    }
    const windowSize = Math.max(CANDIDATE_WINDOW, 2 * max);
    const readWindow = (withConsumer: boolean): Promise<WindowRow[]> =>
      this.dataSource.query(
        `SELECT j.id, j.designer_id, j.consumer_app_id, j.priority, j.base_model, j.lora_key, j.node_classes, j.created_at, j.state, j.attempts, j.max_attempts, j.available_at, j.lease_id, j.lease_expires_at,
                r.running_consumer, r.running_other
         FROM preview_jobs j, (${RUNNING_BY_CLASS_SQL}) r
         WHERE j.state = 'QUEUED' AND j.source_job_id IS NULL AND j.backend = $1 AND j.available_at <= $2 AND j.base_model = ANY($3::text[]) ${reachSql}
           ${withConsumer ? '' : `AND j.priority <> 'CONSUMER'`} AND ${usableSubjectSql('j', '$2')}
         ORDER BY ${priorityRankSql('j.priority')}, j.available_at, j.created_at
         LIMIT ${windowSize}`,
        params,
      );
    let candidates = await readWindow(true);
    if (!candidates.length) return [];
    // Consumer renders hold at most their share of the pool. When it is taken they leave the window;
    // a full window of them may hide bulk previews queued behind a long consumer burst (the same
    // rank), so then it is read again without them.
    const view = await this.poolView.view(worker.backend, worker.tokenId, now);
    const consumerSlots = consumerSlotsLeft(view.gpus, candidates[0]!.running_consumer, this.config.renders.consumerShare, candidates[0]!.running_other);
    if (consumerSlots === 0 && candidates.some((c) => c.priority === 'CONSUMER')) {
      const others = candidates.filter((c) => c.priority !== 'CONSUMER');
      candidates = others.length || candidates.length < windowSize ? others : await readWindow(false);
      if (!candidates.length) return [];
    }
    const leased = await this.claimBest(worker, candidates, now, max, view, consumerSlots);
    return Promise.all(leased.map((job) => this.payloads.describeLease(job)));
  }

  // The scheduling policy (libs/scheduler) decides among the window: first which jobs this worker
  // may take now (a job is briefly held for GPUs that already have its models loaded), then the
  // best of those by priority, aging, LoRA affinity and fair share — one pick after another for a
  // batch, each pick counting as running for its designer so that fair share holds within the batch.
  private async claimBest(worker: WorkerEntity, candidates: WindowRow[], now: number, max: number, view: PoolViewOf, consumerSlots: number): Promise<LeasedJobRow[]> {
    // A switch costs GPU seconds on ComfyUI only; the CPU draft renderer loads nothing.
    const swapCosts = worker.backend === 'comfyui' ? DEFAULT_SWAP_COSTS : { loraMs: 0, checkpointMs: 0 };
    const self = this.workerState(worker);
    const { pool, fairness } = view;
    let consumerSlotsFree = consumerSlots;
    const running = new Map(fairness.runningByDesigner);
    const batchFairness = { ...fairness, runningByDesigner: running };
    // Jobs this process is claiming (or just claimed) for other workers are not offered again:
    // parallel leasers read the same window, and the policy would send them all to the same job.
    const open = candidates.filter((c) => !this.claiming.has(queuedIncarnation(c), now));
    const rows = new Map(open.map((c) => [c.id, c]));
    let remaining = selectLeasableJobs(self, open.map((c) => this.schedulableJob(c)), pool, { now, swapCosts });
    const leased: LeasedJobRow[] = [];
    while (leased.length < max) {
      const picks: WindowRow[] = [];
      while (leased.length + picks.length < max) {
        const pick = pickNextJob(self, remaining, batchFairness, { now, swapCosts });
        if (!pick) break;
        const row = rows.get(pick.job.id)!;
        remaining = remaining.filter((c) => c.id !== row.id);
        if (row.priority === 'CONSUMER' && consumerSlotsFree-- <= 0) {
          // The consumer share of the pool is taken: the rest of this batch goes to designers' work.
          remaining = remaining.filter((c) => c.priority !== 'CONSUMER');
          continue;
        }
        picks.push(row);
        const share = fairShareKeyOf(row);
        running.set(share, (running.get(share) ?? 0) + 1);
      }
      if (!picks.length) break;
      leased.push(...(await this.claimWithinShare(worker, picks, now, view.gpus)));
    }
    return leased;
  }

  // Claims the picks. Consumer picks are claimed one claim at a time per process, after counting the
  // consumer renders leased right then: the share holds even when several workers lease at once (across
  // API processes it may be passed by a job or two while their claims race).
  private async claimWithinShare(worker: WorkerEntity, picks: WindowRow[], now: number, gpus: number): Promise<LeasedJobRow[]> {
    if (!picks.some((p) => p.priority === 'CONSUMER')) {
      for (const row of picks) this.claiming.add(queuedIncarnation(row), now);
      return this.claim(worker, picks, now);
    }
    const gate = this.consumerGate.then(async () => {
      const [running] = (await this.dataSource.query(RUNNING_BY_CLASS_SQL, [worker.backend])) as Array<{ running_consumer: number; running_other: number }>;
      let allowed = consumerSlotsLeft(gpus, running!.running_consumer, this.config.renders.consumerShare, running!.running_other);
      const kept = picks.filter((p) => p.priority !== 'CONSUMER' || allowed-- > 0);
      for (const row of kept) this.claiming.add(queuedIncarnation(row), now);
      return kept.length ? this.claim(worker, kept, now) : [];
    });
    this.consumerGate = gate.then(
      () => undefined,
      () => undefined,
    );
    return gate;
  }

  // Claims the picked jobs in one statement: each row still as the policy saw it (same state,
  // attempts and available_at) and not locked by another claimer gets its own lease; the rest are skipped.
  private async claim(worker: WorkerEntity, picks: WindowRow[], now: number): Promise<LeasedJobRow[]> {
    const moves = picks.flatMap((row) => {
      const moved = nextJobState(snapshotOf(row), { type: 'lease', leaseId: randomUUID(), workerId: worker.tokenId, leaseMs: this.config.previews.leaseSeconds * 1000 }, now);
      return moved.ok ? [{ row, next: moved.next }] : [];
    });
    if (!moves.length) return [];
    // What the GPU will hold once it runs this job; the draft renderer loads no models.
    const checkpointOf = (row: WindowRow) => (worker.backend === 'comfyui' ? this.config.comfy.checkpoints[row.base_model] : null);
    const claimedRows: Array<{ id: string; version_id: string; spec_hash: string; subject_id: string | null; render_id: string | null; subject_revision: number; seed: string; likeness: number; base_model: 'sd15' | 'sdxl'; backend: PreviewBackend; attempts: number; lease_id: string; lease_expires_at: Date }> =
      await this.dataSource.query(
        `WITH wanted AS (
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::int[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $11::int[])
             AS w(id, attempts, available_at, next_state, next_attempts, lease_id, lease_expires_at, next_available_at, pick_order)
         ), locked AS (
           SELECT c.id FROM preview_jobs c JOIN wanted w ON w.id = c.id
           WHERE c.state = 'QUEUED' AND c.attempts = w.attempts AND c.available_at = w.available_at AND c.source_job_id IS NULL AND ${usableSubjectSql('c', '$10')}
           FOR UPDATE OF c SKIP LOCKED
         ), claimed AS (
           UPDATE preview_jobs j SET state = w.next_state, attempts = w.next_attempts, lease_id = w.lease_id, lease_expires_at = w.lease_expires_at,
             available_at = w.next_available_at, leased_by = $9, started_at = $10, progress = 0
           FROM wanted w WHERE j.id = w.id AND j.id IN (SELECT id FROM locked)
           RETURNING j.id, j.version_id, j.spec_hash, j.subject_id, j.render_id, j.subject_revision, j.seed, j.likeness, j.base_model, j.backend, j.attempts, j.lease_id, j.lease_expires_at, j.lora_key, w.pick_order
         ), loaded AS (
           -- The box's last pick is what it holds last (one row per box: the policy's affinity hint).
           UPDATE workers w SET loaded_lora_key = last.lora_key, loaded_checkpoint = COALESCE($12, w.loaded_checkpoint)
           FROM (SELECT lora_key FROM claimed ORDER BY pick_order DESC LIMIT 1) last WHERE w.token_id = $9
         )
         SELECT * FROM claimed ORDER BY pick_order`,
        [
          moves.map((m) => m.row.id),
          moves.map((m) => m.row.attempts),
          moves.map((m) => m.row.available_at),
          moves.map((m) => m.next.state),
          moves.map((m) => m.next.attempts),
          moves.map((m) => m.next.leaseId),
          moves.map((m) => new Date(m.next.leaseExpiresAt!)),
          moves.map((m) => new Date(m.next.availableAt)),
          worker.tokenId,
          new Date(now),
          moves.map((_, i) => i),
          checkpointOf(moves[moves.length - 1]!.row),
        ],
      );
    const byId = new Map(moves.map((m) => [m.row.id, m.row]));
    return claimedRows.map((claimed) => {
      const row = byId.get(claimed.id)!;
      const checkpoint = checkpointOf(row);
      this.metrics.leaseWait.observe({ backend: worker.backend, priority: row.priority }, Math.max(0, now - new Date(row.available_at).getTime()) / 1000);
      worker.loadedLoraKey = row.lora_key;
      if (checkpoint) worker.loadedCheckpoint = checkpoint;
      this.poolView.noteLease(worker.backend, { workerId: worker.tokenId, designerId: fairShareKeyOf(row), loraKey: row.lora_key, checkpoint, busyForMs: DEFAULT_IMAGE_MS });
      return {
        id: claimed.id,
        versionId: claimed.version_id,
        specHash: claimed.spec_hash,
        subjectId: claimed.subject_id,
        renderId: claimed.render_id,
        subjectRevision: claimed.subject_revision,
        seed: Number(claimed.seed),
        likeness: claimed.likeness,
        baseModel: claimed.base_model,
        backend: claimed.backend,
        attempts: claimed.attempts,
        leaseId: claimed.lease_id,
        leaseExpiresAt: claimed.lease_expires_at,
      };
    });
  }

  private schedulableJob(job: WindowRow): SchedulableJob {
    return { id: job.id, designerId: fairShareKeyOf(job), priority: job.priority, baseModel: job.base_model, checkpoint: this.config.comfy.checkpoints[job.base_model], loraKey: job.lora_key, enqueuedAt: job.created_at.getTime(), nodeClasses: job.node_classes };
  }

  private workerState(w: WorkerEntity): WorkerState {
    return { id: w.tokenId, baseModels: w.baseModels, loadedCheckpoint: w.loadedCheckpoint, loadedLoraKey: w.loadedLoraKey, reach: w.reach };
  }

  // Online workers of the backend (with how long their current job still runs) and running jobs
  // per designer, for WorkerPoolView.
  private async readPool(backend: PreviewBackend): Promise<PoolReading> {
    const [workers, running]: [
      Array<{ token_id: string; base_models: Array<'sd15' | 'sdxl'>; loaded_checkpoint: string | null; loaded_lora_key: string | null; reach: BoxReach | null; remaining: number | null; slots: string }>,
      Array<{ share_key: string; n: string }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT w.token_id, w.base_models, w.loaded_checkpoint, w.loaded_lora_key, w.reach,
                (SELECT max(1 - j.progress) FROM preview_jobs j WHERE j.leased_by = w.token_id AND j.state = 'LEASED') AS remaining,
                -- What it runs at once: its GPUs, or as many jobs as it holds now.
                GREATEST(1, jsonb_array_length(coalesce(w.capabilities->'gpus', '[]'::jsonb)),
                         (SELECT count(*) FROM preview_jobs j WHERE j.leased_by = w.token_id AND j.state = 'LEASED')) AS slots
         FROM workers w WHERE w.backend = $1 AND w.last_heartbeat_at > now() - interval '60 seconds' AND w.box_problem IS NULL`,
        [backend],
      ),
      this.dataSource.query(
        `SELECT coalesce(consumer_app_id, designer_id) AS share_key, count(*) AS n FROM preview_jobs WHERE state = 'LEASED' AND backend = $1 GROUP BY 1`,
        [backend],
      ),
    ]);
    const gpus = workers.reduce((sum, w) => sum + Number(w.slots), 0);
    return {
      workers: workers.map((r) => ({ id: r.token_id, baseModels: r.base_models, loadedCheckpoint: r.loaded_checkpoint, loadedLoraKey: r.loaded_lora_key, reach: r.reach, busyForMs: r.remaining === null ? 0 : Math.round(Number(r.remaining) * DEFAULT_IMAGE_MS) })),
      runningByDesigner: new Map(running.map((r) => [r.share_key, Number(r.n)])),
      gpus,
    };
  }

  // Leases whose worker went quiet go back to the queue (or die after the last attempt).
  private async expireLeases(m: EntityManager, now: number): Promise<void> {
    const expired = await m
      .createQueryBuilder(PreviewJobEntity, 'j')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`j.state = 'LEASED' AND j.lease_expires_at < :now`, { now: new Date(now) })
      .limit(50)
      .getMany();
    for (const job of expired) {
      const moved = nextJobState(toSnapshot(job), { type: 'expire' }, now);
      if (!moved.ok) continue;
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), leasedBy: null, endedLeaseId: job.leaseId, lastError: moved.next.state === 'QUEUED' ? 'The worker stopped reporting; the job was re-queued.' : 'Workers kept stopping on this job; it was given up.' });
      if (moved.next.state !== 'QUEUED') await releaseFollowers(m, job.id);
    }
  }

  async progress(worker: WorkerPrincipal, jobId: string, leaseId: string, progress: number): Promise<JobStatusRow> {
    return this.moveReported(worker, jobId, (job, now) => {
      const moved = nextJobState(snapshotOf(job), { type: 'progress', leaseId, leaseMs: this.config.previews.leaseSeconds * 1000 }, now);
      if (!moved.ok) throw conflict(moved.message);
      return { next: moved.next, set: { progress: Math.min(1, Math.max(0, progress)) } };
    });
  }

  /**
   * A fresh URL to PUT the output to, for a lease that is still live. Output URLs last about a lease,
   * so a worker that stalled past its lease (or whose job was purged meanwhile) cannot upload.
   */
  async outputTarget(worker: WorkerPrincipal, jobId: string, leaseId: string): Promise<{ uploadUrl: string; uploadHeaders: Record<string, string>; expiresAt: string }> {
    const [job]: ReportRow[] = await this.dataSource.query(`SELECT ${REPORT_COLUMNS} FROM preview_jobs WHERE id = $1`, [jobId]);
    if (!job) throw new AppError('NOT_FOUND', 'Preview job not found.');
    if (job.leased_by !== null && job.leased_by !== worker.id) throw conflict('This job is leased by another worker.');
    // The check a progress report makes, without extending or changing anything.
    const live = nextJobState(snapshotOf(job), { type: 'progress', leaseId, leaseMs: this.config.previews.leaseSeconds * 1000 }, Date.now());
    if (!live.ok) throw conflict(live.message);
    const seconds = outputUrlSeconds(this.config.previews.leaseSeconds);
    const uploadUrl = await this.storage.presignPut(previewOutputKey(jobId, leaseId), seconds);
    return { uploadUrl, uploadHeaders: { 'Content-Type': 'image/png' }, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
  }

  // The worker gives the job back unfinished (shutting down); it is re-queued at once.
  async release(worker: WorkerPrincipal, jobId: string, leaseId: string): Promise<JobStatusRow> {
    return this.moveReported(worker, jobId, (job, now) => {
      if (job.ended_lease_id === leaseId) return 'unchanged';
      const moved = nextJobState(snapshotOf(job), { type: 'release', leaseId }, now);
      if (!moved.ok) throw conflict(moved.message);
      return { next: moved.next, set: { leased_by: null, ended_lease_id: leaseId, progress: 0 } };
    });
  }

  async fail(worker: WorkerPrincipal, jobId: string, leaseId: string, retryable: boolean, error: string): Promise<JobStatusRow> {
    let ran: ReportRow | null = null;
    const status = await this.moveReported(worker, jobId, (job, now) => {
      if (job.ended_lease_id === leaseId) return 'unchanged'; // the same failure reported again
      const moved = nextJobState(snapshotOf(job), { type: 'fail', leaseId, retryable }, now);
      if (!moved.ok) throw conflict(moved.message);
      ran = job;
      const ended = moved.next.state !== 'QUEUED';
      return { next: moved.next, set: { leased_by: null, ended_lease_id: leaseId, last_error: error.slice(0, 2000), finished_at: ended ? new Date(now) : null }, releaseFollowers: ended };
    });
    if (ran) this.observeRun(ran, 'failed');
    return status;
  }

  // How long a lease ran until it was reported, for atelier_preview_job_duration_seconds.
  private observeRun(job: Pick<ReportRow, 'started_at' | 'backend'>, outcome: 'succeeded' | 'failed'): void {
    if (job.started_at) this.metrics.jobDuration.observe({ backend: job.backend, outcome }, Math.max(0, Date.now() - new Date(job.started_at).getTime()) / 1000);
  }

  // A report in (usually) two statements and no transaction: read the job, let the state machine
  // decide, then write the move only if the row is still what was read (same state, attempts and
  // lease) — otherwise read again and decide again (a sweep or another report got there first).
  private async moveReported(
    worker: WorkerPrincipal,
    jobId: string,
    decide: (job: ReportRow, now: number) => 'unchanged' | { next: JobSnapshot; set: Record<string, unknown>; releaseFollowers?: boolean },
  ): Promise<JobStatusRow> {
    for (let attempt = 0; ; attempt++) {
      const [job]: ReportRow[] = await this.dataSource.query(`SELECT ${REPORT_COLUMNS} FROM preview_jobs WHERE id = $1`, [jobId]);
      if (!job) throw new AppError('NOT_FOUND', 'Preview job not found.');
      if (job.leased_by !== null && job.leased_by !== worker.id) throw conflict('This job is leased by another worker.');
      const decision = decide(job, Date.now());
      if (decision === 'unchanged') return statusOf(job);
      const { next, set } = decision;
      const columns: Record<string, unknown> = { state: next.state, attempts: next.attempts, lease_id: next.leaseId, lease_expires_at: next.leaseExpiresAt === null ? null : new Date(next.leaseExpiresAt), available_at: new Date(next.availableAt), ...set };
      const names = Object.keys(columns);
      const params: unknown[] = [jobId, job.state, job.attempts, job.lease_id, ...Object.values(columns)];
      const followers = decision.releaseFollowers
        ? `, followers AS (UPDATE preview_jobs f SET source_job_id = NULL FROM moved WHERE f.source_job_id = moved.id AND f.state = 'QUEUED')`
        : '';
      const [moved]: Array<{ id: string; state: PreviewJobState; attempts: number; progress: number; last_error: string | null }> = await this.dataSource.query(
        `WITH moved AS (
           UPDATE preview_jobs SET ${names.map((n, i) => `${n} = $${i + 5}`).join(', ')}
           WHERE id = $1 AND state = $2 AND attempts = $3 AND lease_id IS NOT DISTINCT FROM $4::uuid
           RETURNING ${STATUS_COLUMNS}
         )${followers}
         SELECT * FROM moved`,
        params,
      );
      if (moved) return statusOf(moved);
      if (attempt >= 5) throw new AppError('INTERNAL', `Preview job ${jobId} kept changing under this report`);
    }
  }

  // Reads a lease's upload, checks it is a usable image and stores it with a thumbnail under keys of
  // this lease (so a repeated or racing completion of another lease never overwrites them).
  private async stageOutput(jobId: string, leaseId: string): Promise<StagedOutput> {
    const staged = previewOutputKey(jobId, leaseId);
    // One GET, refused from its declared size before the body is read: a worker (or whoever holds the
    // URL) may have PUT anything up to 5 GB there.
    const arrived = await this.storage.readWithin(staged, MAX_OUTPUT_BYTES);
    if (arrived === null) throw badInput('The output image has not arrived; PUT it to the output uploadUrl first.', [{ path: 'output', message: 'missing' }]);
    if ('tooLarge' in arrived) {
      await this.storage.remove(staged).catch(() => undefined);
      throw badInput(`The output image is ${Math.ceil(arrived.tooLarge / MB)} MB; a preview may be at most ${MAX_OUTPUT_BYTES / MB} MB.`, [{ path: 'output', message: 'too large' }]);
    }
    const bytes = arrived.bytes;
    // The thumbnail is the inspection's decode of every pixel: the image is decoded once, not twice.
    let thumb: { data: Buffer; info: OutputInfo } | undefined;
    const checked = await inspectAssetContent(
      'REFERENCE_IMAGE',
      bytes,
      { contentType: 'image/png', fileName: 'preview.png', byteSize: bytes.length },
      { decode: async (image) => (thumb = await image.resize(256, 256, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true })) },
    );
    if (!checked.ok) throw badInput(`The output is not a usable image: ${checked.message}`, [{ path: 'output', message: checked.code }]);
    if (!thumb) throw new Error('inspectAssetContent passed an image without decoding it');
    const imageKey = `preview-image/${jobId}/${leaseId}/preview.png`;
    const thumbKey = `preview-image/${jobId}/${leaseId}/thumb.webp`;
    await Promise.all([this.storage.put(imageKey, bytes, checked.contentType), this.storage.put(thumbKey, thumb.data, 'image/webp')]);
    return { imageKey, thumbKey, bytes, checked: { contentType: checked.contentType, width: checked.width ?? null, height: checked.height ?? null }, thumb: { data: thumb.data, width: thumb.info.width, height: thumb.info.height } };
  }

  // The worker PUT the image to its output URL; check it, keep it (with a thumbnail) and finish.
  // Storage work (read, check, thumbnail, store) happens before the transaction, which then only
  // re-checks the lease under a row lock and writes the rows: no row stays locked across S3 calls.
  async complete(worker: WorkerPrincipal, jobId: string, leaseId: string, gpuMs: number | null): Promise<JobStatusRow> {
    const [job]: Array<ReportRow & { spec_hash: string; subject_id: string; subject_revision: number; seed: string; likeness: number }> = await this.dataSource.query(
      `SELECT ${REPORT_COLUMNS}, spec_hash, subject_id, subject_revision, seed, likeness FROM preview_jobs WHERE id = $1`,
      [jobId],
    );
    if (!job) throw new AppError('NOT_FOUND', 'Preview job not found.');
    if (job.leased_by !== null && job.leased_by !== worker.id) throw conflict('This job is leased by another worker.');
    const first = nextJobState(snapshotOf(job), { type: 'complete', leaseId }, Date.now());
    if (!first.ok) throw conflict(first.message);
    if (first.outcome === 'unchanged') return statusOf(job);

    const staged = previewOutputKey(jobId, leaseId);
    const { imageKey, thumbKey, bytes, checked, thumb } = await this.stageOutput(jobId, leaseId);

    const dropOurs = () => Promise.all([this.storage.remove(imageKey), this.storage.remove(thumbKey)]).catch(() => undefined);
    const outcome = await this.dataSource.transaction(async (m) => {
      const [locked]: ReportRow[] = await m.query(`SELECT ${REPORT_COLUMNS} FROM preview_jobs WHERE id = $1 FOR UPDATE`, [jobId]);
      const moved = nextJobState(snapshotOf(locked!), { type: 'complete', leaseId }, Date.now());
      if (!moved.ok) throw conflict(moved.message);
      // The same lease completed meanwhile (a repeated report racing this one): its files are these keys.
      if (moved.outcome === 'unchanged') return { status: statusOf(locked!), keptOurs: true, ran: false };
      // One stored result per render key, even when two workers finish the same render at once.
      // (The face's render revision and the likeness are part of the key: see migration AddPreviewJobLikeness.)
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [renderKeyOf(job)]);
      const [earlier]: Array<{ id: string; output_asset_id: string; thumbnail_asset_id: string }> = await m.query(
        `SELECT id, output_asset_id, thumbnail_asset_id FROM preview_jobs
          WHERE spec_hash = $1 AND subject_id = $2 AND subject_revision = $5 AND seed = $3 AND likeness = $6 AND backend = $4 AND state = 'SUCCEEDED' AND NOT cached`,
        [job.spec_hash, job.subject_id, job.seed, job.backend, job.subject_revision, job.likeness],
      );
      const next = moved.next;
      const params: unknown[] = [jobId, next.state, next.attempts, next.leaseId, next.leaseExpiresAt === null ? null : new Date(next.leaseExpiresAt), new Date(next.availableAt), gpuMs, worker.id];
      let assets: string;
      if (earlier) {
        params.push(earlier.id, earlier.output_asset_id, earlier.thumbnail_asset_id);
        assets = `SELECT $9::uuid AS source_id, $10::uuid AS image_id, $11::uuid AS thumb_id`;
      } else {
        const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
        params.push(this.storage.bucket, imageKey, checked.contentType, bytes.length, sha(bytes), checked.width, checked.height, thumbKey, thumb.data.length, sha(thumb.data), thumb.width, thumb.height);
        assets = `SELECT NULL::uuid AS source_id,
             (SELECT id FROM inserted WHERE object_key = $10) AS image_id, (SELECT id FROM inserted WHERE object_key = $16) AS thumb_id`;
      }
      const insert = earlier
        ? ''
        : `inserted AS (
             INSERT INTO assets (kind, state, bucket, object_key, file_name, content_type, byte_size, sha256, width, height, completed_at)
             VALUES ('PREVIEW_IMAGE', 'READY', $9, $10, 'preview.png', $11, $12, $13, $14, $15, now()),
                    ('PREVIEW_IMAGE', 'READY', $9, $16, 'thumb.webp', 'image/webp', $17, $18, $19, $20, now())
             RETURNING id, object_key
           ), `;
      const [done]: Array<{ id: string; state: PreviewJobState; attempts: number; progress: number; last_error: string | null }> = await m.query(
        `WITH ${insert}result AS (${assets}),
         moved AS (
           UPDATE preview_jobs SET state = $2, attempts = $3, lease_id = $4, lease_expires_at = $5, available_at = $6, progress = 1, gpu_ms = $7, finished_at = now(),
             cached = (SELECT source_id IS NOT NULL FROM result), source_job_id = (SELECT source_id FROM result),
             output_asset_id = (SELECT image_id FROM result), thumbnail_asset_id = (SELECT thumb_id FROM result)
           WHERE id = $1
           RETURNING ${STATUS_COLUMNS}, output_asset_id, thumbnail_asset_id
         ),
         counted AS (UPDATE workers SET jobs_done = jobs_done + 1, gpu_ms = gpu_ms + coalesce($7, 0), last_heartbeat_at = now() WHERE token_id = $8),
         -- Jobs of other batches that waited for this very render are done too.
         followers AS (
           UPDATE preview_jobs f SET state = 'SUCCEEDED', cached = true, progress = 1, output_asset_id = moved.output_asset_id, thumbnail_asset_id = moved.thumbnail_asset_id, finished_at = now()
           FROM moved WHERE f.source_job_id = $1 AND f.state = 'QUEUED'
         )
         SELECT ${STATUS_COLUMNS} FROM moved`,
        params,
      );
      return { status: statusOf(done!), keptOurs: !earlier, ran: true };
    }).catch(async (error: unknown) => {
      await dropOurs(); // the lease was lost meanwhile: nothing points at these files
      throw error;
    });
    // Files nobody points at: our copy when an identical render was kept first, and the upload
    // area (this lease's upload, plus any left by killed attempts before it).
    if (outcome.ran) this.observeRun(job, 'succeeded');
    if (!outcome.keptOurs) await dropOurs();
    await (job.attempts > 1 ? this.storage.removePrefix(`preview-output/${jobId}/`) : this.storage.remove(staged)).catch(() => undefined);
    return outcome.status;
  }

  /**
   * Several finished jobs of one worker in one call (POST /v1/jobs/report): each item is checked
   * against its own lease as its single report would be, and a refused item (stale lease, missing or
   * unusable output) changes nothing and gets its own result; the others go through. The storage work
   * of the completions runs in parallel, then one short transaction locks the rows, decides each item
   * again and writes them all in set-based statements.
   */
  async reportMany(worker: WorkerPrincipal, items: readonly BatchReportItem[]): Promise<BatchReportOutcome[]> {
    const results: BatchReportOutcome[] = items.map((item) => ({ jobId: item.jobId, error: conflict('Not reported.') }));
    const refuse = (i: number, error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      results[i] = { jobId: items[i]!.jobId, error };
    };
    const rows = await this.readBatchRows(this.dataSource.manager, items.map((i) => i.jobId), false);
    // A first check without locks, so that no storage work is done for a stale lease.
    const pending: number[] = [];
    for (const [i, item] of items.entries()) {
      const decided = this.decideBatchItem(worker, item, rows.get(item.jobId), Date.now());
      if ('error' in decided) results[i] = { jobId: item.jobId, error: decided.error };
      else if (decided.unchanged) results[i] = { jobId: item.jobId, status: statusOf(decided.row) };
      else pending.push(i);
    }
    // Two completions of the same render in one call: the later one goes on its own afterwards
    // (it then finds the first one's files and points at them).
    const renderKeys = new Set<string>();
    const later: number[] = [];
    const now: number[] = [];
    for (const i of pending) {
      const item = items[i]!;
      if (item.type === 'complete') {
        const key = renderKeyOf(rows.get(item.jobId)!);
        if (renderKeys.has(key)) {
          later.push(i);
          continue;
        }
        renderKeys.add(key);
      }
      now.push(i);
    }
    const staged = new Map<number, StagedOutput>();
    const dropStaged = (which: Iterable<number>) =>
      this.storage.removeMany([...which].flatMap((i) => (staged.has(i) ? [staged.get(i)!.imageKey, staged.get(i)!.thumbKey] : []))).catch(() => undefined);
    let broken: unknown = null;
    await Promise.all(
      now.map(async (i) => {
        const item = items[i]!;
        if (item.type !== 'complete') return;
        try {
          staged.set(i, await this.stageOutput(item.jobId, item.leaseId));
        } catch (error) {
          if (error instanceof AppError) refuse(i, error);
          else broken ??= error;
        }
      }),
    );
    if (broken !== null) {
      await dropStaged(staged.keys()); // storage failed: the whole call is refused and may be repeated
      throw broken;
    }
    const ready = now.filter((i) => items[i]!.type === 'fail' || staged.has(i));
    let written: { moved: Map<number, { status: JobStatusRow; ran: ReportRow; keptOurs: boolean }>; refused: Map<number, AppError>; unchanged: Map<number, JobStatusRow> };
    try {
      written = ready.length ? await this.dataSource.transaction((m) => this.writeBatch(m, worker, items, ready, staged)) : { moved: new Map(), refused: new Map(), unchanged: new Map() };
    } catch (error) {
      await dropStaged(staged.keys()); // nothing points at these files
      throw error;
    }
    const unkept: number[] = [];
    const uploads: string[] = [];
    const prefixes: string[] = [];
    for (const i of ready) {
      const item = items[i]!;
      const moved = written.moved.get(i);
      if (moved) {
        results[i] = { jobId: item.jobId, status: moved.status };
        this.observeRun(moved.ran, item.type === 'complete' ? 'succeeded' : 'failed');
        if (item.type !== 'complete') continue;
        if (!moved.keptOurs) unkept.push(i);
        // The upload area: this lease's upload, plus any left by killed attempts before it.
        if (moved.ran.attempts > 1) prefixes.push(`preview-output/${item.jobId}/`);
        else uploads.push(previewOutputKey(item.jobId, item.leaseId));
        continue;
      }
      const unchanged = written.unchanged.get(i);
      if (unchanged) results[i] = { jobId: item.jobId, status: unchanged }; // the same lease completed meanwhile: its files are these keys
      else {
        unkept.push(i);
        results[i] = { jobId: item.jobId, error: written.refused.get(i) ?? conflict('Not reported.') };
      }
    }
    await Promise.all([
      unkept.length ? dropStaged(unkept) : undefined,
      this.storage.removeMany(uploads).catch(() => undefined),
      ...prefixes.map((prefix) => this.storage.removePrefix(prefix).catch(() => undefined)),
    ]);
    for (const i of later) {
      const item = items[i]!;
      try {
        results[i] = { jobId: item.jobId, status: item.type === 'complete' ? await this.complete(worker, item.jobId, item.leaseId, item.gpuMs ?? null) : await this.fail(worker, item.jobId, item.leaseId, item.retryable, item.error) };
      } catch (error) {
        refuse(i, error);
      }
    }
    return results;
  }

  private async readBatchRows(m: EntityManager, ids: readonly string[], lock: boolean): Promise<Map<string, BatchRow>> {
    const rows: BatchRow[] = await m.query(
      `SELECT ${REPORT_COLUMNS}, spec_hash, subject_id, subject_revision, seed, likeness FROM preview_jobs WHERE id = ANY($1::uuid[])${lock ? ' ORDER BY id FOR UPDATE' : ''}`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  // What the state machine says of one item of a batch, as its single report would decide it.
  private decideBatchItem(worker: WorkerPrincipal, item: BatchReportItem, row: BatchRow | undefined, now: number): { error: AppError } | { unchanged: boolean; row: BatchRow; next: JobSnapshot } {
    if (!row) return { error: new AppError('NOT_FOUND', 'Preview job not found.') };
    if (row.leased_by !== null && row.leased_by !== worker.id) return { error: conflict('This job is leased by another worker.') };
    if (item.type === 'fail' && row.ended_lease_id === item.leaseId) return { unchanged: true, row, next: snapshotOf(row) }; // the same failure reported again
    const moved = nextJobState(snapshotOf(row), item.type === 'complete' ? { type: 'complete', leaseId: item.leaseId } : { type: 'fail', leaseId: item.leaseId, retryable: item.retryable }, now);
    if (!moved.ok) return { error: conflict(moved.message) };
    return { unchanged: moved.outcome === 'unchanged', row, next: moved.next };
  }

  // The transaction of a batch: lock the rows, decide again, then one statement for the completions
  // (their asset rows, the jobs, the worker's counters, followers) and one for the failures.
  private async writeBatch(m: EntityManager, worker: WorkerPrincipal, items: readonly BatchReportItem[], ready: readonly number[], staged: ReadonlyMap<number, StagedOutput>) {
    const moved = new Map<number, { status: JobStatusRow; ran: ReportRow; keptOurs: boolean }>();
    const refused = new Map<number, AppError>();
    const unchanged = new Map<number, JobStatusRow>();
    const rows = await this.readBatchRows(m, ready.map((i) => items[i]!.jobId), true);
    const completes: Array<{ i: number; row: BatchRow; next: JobSnapshot; key: string }> = [];
    const fails: Array<{ i: number; row: BatchRow; next: JobSnapshot }> = [];
    const now = Date.now();
    for (const i of ready) {
      const item = items[i]!;
      const decided = this.decideBatchItem(worker, item, rows.get(item.jobId), now);
      if ('error' in decided) refused.set(i, decided.error);
      else if (decided.unchanged) unchanged.set(i, statusOf(decided.row));
      else if (item.type === 'complete') completes.push({ i, row: decided.row, next: decided.next, key: renderKeyOf(decided.row) });
      else fails.push({ i, row: decided.row, next: decided.next });
    }
    const earlier = new Map<string, { id: string; output_asset_id: string; thumbnail_asset_id: string }>();
    if (completes.length) {
      // One stored result per render key, even when two workers finish the same render at once; the
      // locks are taken in one order (by their hash) so that two batches never wait on each other.
      const keys = completes.map((c) => c.key);
      await m.query(`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS keys`, [keys]);
      const found: Array<{ key: string; id: string; output_asset_id: string; thumbnail_asset_id: string }> = await m.query(
        `SELECT k.key, e.id, e.output_asset_id, e.thumbnail_asset_id
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::int[], $5::bigint[], $6::double precision[], $7::text[]) AS k(key, spec_hash, subject_id, subject_revision, seed, likeness, backend)
         CROSS JOIN LATERAL (
           SELECT id, output_asset_id, thumbnail_asset_id FROM preview_jobs
            WHERE spec_hash = k.spec_hash AND subject_id = k.subject_id AND subject_revision = k.subject_revision AND seed = k.seed AND likeness = k.likeness AND backend = k.backend AND state = 'SUCCEEDED' AND NOT cached
            LIMIT 1) AS e`,
        [keys, ...(['spec_hash', 'subject_id', 'subject_revision', 'seed', 'likeness', 'backend'] as const).map((column) => completes.map((c) => c.row[column]))],
      );
      for (const f of found) earlier.set(f.key, f);
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const column = <T>(pick: (c: (typeof completes)[number], out: StagedOutput, e: { id: string; output_asset_id: string; thumbnail_asset_id: string } | undefined) => T) =>
        completes.map((c) => pick(c, staged.get(c.i)!, earlier.get(c.key)));
      const gpuMsOf = (c: (typeof completes)[number]) => {
        const item = items[c.i]!;
        return item.type === 'complete' ? (item.gpuMs ?? null) : null;
      };
      const done: Array<{ id: string; state: PreviewJobState; attempts: number; progress: number; last_error: string | null }> = await m.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::timestamptz[], $6::int[], $7::uuid[], $8::uuid[], $9::uuid[],
                                $10::text[], $11::text[], $12::int[], $13::text[], $14::int[], $15::int[], $16::text[], $17::int[], $18::text[], $19::int[], $20::int[])
             AS t(job_id, state, attempts, lease_id, available_at, gpu_ms, source_id, source_image_id, source_thumb_id,
                  image_key, content_type, byte_size, sha256, width, height, thumb_key, thumb_size, thumb_sha256, thumb_width, thumb_height)
         ),
         inserted AS (
           INSERT INTO assets (kind, state, bucket, object_key, file_name, content_type, byte_size, sha256, width, height, completed_at)
           SELECT 'PREVIEW_IMAGE', 'READY', $21, image_key, 'preview.png', content_type, byte_size, sha256, width, height, now() FROM input WHERE source_id IS NULL
           UNION ALL
           SELECT 'PREVIEW_IMAGE', 'READY', $21, thumb_key, 'thumb.webp', 'image/webp', thumb_size, thumb_sha256, thumb_width, thumb_height, now() FROM input WHERE source_id IS NULL
           RETURNING id, object_key
         ),
         result AS (
           SELECT i.*, coalesce(i.source_image_id, (SELECT id FROM inserted WHERE object_key = i.image_key)) AS image_id,
                  coalesce(i.source_thumb_id, (SELECT id FROM inserted WHERE object_key = i.thumb_key)) AS thumb_id
           FROM input i
         ),
         moved AS (
           UPDATE preview_jobs j SET state = r.state, attempts = r.attempts, lease_id = r.lease_id, lease_expires_at = NULL, available_at = r.available_at, progress = 1, gpu_ms = r.gpu_ms, finished_at = now(),
             cached = r.source_id IS NOT NULL, source_job_id = r.source_id, output_asset_id = r.image_id, thumbnail_asset_id = r.thumb_id
           FROM result r WHERE j.id = r.job_id
           RETURNING j.${STATUS_COLUMNS.split(', ').join(', j.')}, j.output_asset_id, j.thumbnail_asset_id
         ),
         counted AS (UPDATE workers SET jobs_done = jobs_done + $23, gpu_ms = gpu_ms + $24, last_heartbeat_at = now() WHERE token_id = $22),
         -- Jobs of other batches that waited for these very renders are done too.
         followers AS (
           UPDATE preview_jobs f SET state = 'SUCCEEDED', cached = true, progress = 1, output_asset_id = moved.output_asset_id, thumbnail_asset_id = moved.thumbnail_asset_id, finished_at = now()
           FROM moved WHERE f.source_job_id = moved.id AND f.state = 'QUEUED'
         )
         SELECT ${STATUS_COLUMNS} FROM moved`,
        [
          column((c) => c.row.id),
          column((c) => c.next.state),
          column((c) => c.next.attempts),
          column((c) => c.next.leaseId),
          column((c) => new Date(c.next.availableAt)),
          column((c) => gpuMsOf(c)),
          column((_c, _o, e) => e?.id ?? null),
          column((_c, _o, e) => e?.output_asset_id ?? null),
          column((_c, _o, e) => e?.thumbnail_asset_id ?? null),
          column((_c, o) => o.imageKey),
          column((_c, o) => o.checked.contentType),
          column((_c, o) => o.bytes.length),
          column((_c, o, e) => (e ? null : sha(o.bytes))),
          column((_c, o) => o.checked.width),
          column((_c, o) => o.checked.height),
          column((_c, o) => o.thumbKey),
          column((_c, o) => o.thumb.data.length),
          column((_c, o, e) => (e ? null : sha(o.thumb.data))),
          column((_c, o) => o.thumb.width),
          column((_c, o) => o.thumb.height),
          this.storage.bucket,
          worker.id,
          completes.length,
          completes.reduce((sum, c) => sum + (gpuMsOf(c) ?? 0), 0),
        ],
      );
      const byId = new Map(done.map((d) => [d.id, d]));
      for (const c of completes) moved.set(c.i, { status: statusOf(byId.get(c.row.id)!), ran: c.row, keptOurs: !earlier.has(c.key) });
    }
    if (fails.length) {
      const done: Array<{ id: string; state: PreviewJobState; attempts: number; progress: number; last_error: string | null }> = await m.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::uuid[], $8::text[], $9::boolean[])
             AS t(job_id, state, attempts, lease_id, lease_expires_at, available_at, ended_lease_id, last_error, ended)
         ),
         moved AS (
           UPDATE preview_jobs j SET state = i.state, attempts = i.attempts, lease_id = i.lease_id, lease_expires_at = i.lease_expires_at, available_at = i.available_at,
             leased_by = NULL, ended_lease_id = i.ended_lease_id, last_error = i.last_error, finished_at = CASE WHEN i.ended THEN now() END
           FROM input i WHERE j.id = i.job_id
           RETURNING j.${STATUS_COLUMNS.split(', ').join(', j.')}, i.ended
         ),
         followers AS (UPDATE preview_jobs f SET source_job_id = NULL FROM moved WHERE moved.ended AND f.source_job_id = moved.id AND f.state = 'QUEUED')
         SELECT ${STATUS_COLUMNS} FROM moved`,
        [
          fails.map((f) => f.row.id),
          fails.map((f) => f.next.state),
          fails.map((f) => f.next.attempts),
          fails.map((f) => f.next.leaseId),
          fails.map((f) => (f.next.leaseExpiresAt === null ? null : new Date(f.next.leaseExpiresAt))),
          fails.map((f) => new Date(f.next.availableAt)),
          fails.map((f) => items[f.i]!.leaseId),
          fails.map((f) => {
            const item = items[f.i]!;
            return item.type === 'fail' ? item.error.slice(0, 2000) : null;
          }),
          fails.map((f) => f.next.state !== 'QUEUED'),
        ],
      );
      const byId = new Map(done.map((d) => [d.id, d]));
      for (const f of fails) moved.set(f.i, { status: statusOf(byId.get(f.row.id)!), ran: f.row, keptOurs: true });
    }
    return { moved, refused, unchanged };
  }


}

// Jobs running on the backend ($1), consumer renders and designers' work apart (the consumer share's inputs).
const RUNNING_BY_CLASS_SQL = `SELECT count(*) FILTER (WHERE priority = 'CONSUMER')::int AS running_consumer, count(*) FILTER (WHERE priority <> 'CONSUMER')::int AS running_other
  FROM preview_jobs WHERE state = 'LEASED' AND backend = $1`;

// The job's preview subject is active and their consent still valid at `now` (a SQL parameter):
// never a lease for a retired or consent-expired subject (the privacy sweep cancels those jobs).
// A consumer render has no preview subject (its identity is the app's, deleted with its jobs cancelled).
function usableSubjectSql(jobAlias: string, now: string): string {
  return `(${jobAlias}.subject_id IS NULL OR EXISTS (SELECT 1 FROM preview_subjects s WHERE s.id = ${jobAlias}.subject_id AND s.active AND s.consent_expires_at > ${now}))`;
}

// Whose fair share a job counts against: its consumer app for a hosted render, else its designer.
function fairShareKeyOf(row: Pick<WindowRow, 'designer_id' | 'consumer_app_id'>): string {
  return row.consumer_app_id ?? row.designer_id;
}

