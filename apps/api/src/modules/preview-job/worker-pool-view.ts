import type { FairnessState, PoolWorker } from '@atelier/scheduler';
import type { PreviewBackend } from './preview-job.entity.js';

// The scheduler's view of the rest of the pool (which GPUs hold which models, how soon they free
// up) and of fair share (running jobs per designer). Reading it costs two queries over all workers
// and leased jobs, so one reading serves every lease for a short while; this process's own leases
// are added to it as they happen, so within that while it is not blind to what it just did.

export interface PoolReading {
  workers: PoolWorker[];
  /** Running jobs per fair-share key: the designer, or the consumer app of a hosted render. */
  runningByDesigner: Map<string, number>;
  /** Jobs the online workers run at once, in all (the pool the consumer share is a share of). */
  gpus: number;
}

/** What one worker's lease sees of the pool (WorkerPoolView.view). */
export interface PoolViewOf {
  pool: PoolWorker[];
  fairness: FairnessState;
  gpus: number;
}

/** How long one reading of the pool serves leases: a worker that went offline may still count as warm for this long. */
export const POOL_VIEW_MAX_AGE_MS = 200;

interface Snapshot extends PoolReading {
  readAt: number;
}

export class WorkerPoolView {
  private readonly snapshots = new Map<PreviewBackend, Snapshot>();
  private readonly reading = new Map<PreviewBackend, Promise<Snapshot>>();

  constructor(
    private readonly read: (backend: PreviewBackend) => Promise<PoolReading>,
    private readonly maxAgeMs = POOL_VIEW_MAX_AGE_MS,
  ) {}

  /** The other online workers of the backend, and fair-share counts. */
  async view(backend: PreviewBackend, selfId: string, now = Date.now()): Promise<PoolViewOf> {
    const snapshot = await this.snapshot(backend, now);
    return {
      pool: snapshot.workers.filter((w) => w.id !== selfId),
      fairness: { runningByDesigner: snapshot.runningByDesigner },
      // A worker asking for work is online even if it has not heartbeated into the reading yet.
      gpus: Math.max(1, snapshot.gpus),
    };
  }

  /** This process leased a job: the worker now holds its models and is busy; the designer runs one more. */
  noteLease(backend: PreviewBackend, lease: { workerId: string; designerId: string; loraKey: string; checkpoint: string | null; busyForMs: number }): void {
    const snapshot = this.snapshots.get(backend);
    if (!snapshot) return;
    snapshot.runningByDesigner.set(lease.designerId, (snapshot.runningByDesigner.get(lease.designerId) ?? 0) + 1);
    const worker = snapshot.workers.find((w) => w.id === lease.workerId);
    if (worker) Object.assign(worker, { loadedLoraKey: lease.loraKey, loadedCheckpoint: lease.checkpoint ?? worker.loadedCheckpoint, busyForMs: lease.busyForMs });
  }

  private snapshot(backend: PreviewBackend, now: number): Promise<Snapshot> {
    const current = this.snapshots.get(backend);
    if (current && now - current.readAt < this.maxAgeMs) return Promise.resolve(current);
    // One reading at a time per backend; callers meanwhile share it.
    let pending = this.reading.get(backend);
    if (!pending) {
      pending = this.read(backend)
        .then((reading) => {
          const snapshot = { ...reading, readAt: Date.now() };
          this.snapshots.set(backend, snapshot);
          return snapshot;
        })
        .finally(() => this.reading.delete(backend));
      this.reading.set(backend, pending);
    }
    return pending;
  }
}
