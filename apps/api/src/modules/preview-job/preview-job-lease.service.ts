import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import sharp from 'sharp';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ComfyCompileError } from '@atelier/comfy-compile';
import { nextJobState, type LeasedJob } from '@atelier/preview-job';
import type { TemplateSpec } from '@atelier/template-spec';
import { DEFAULT_SWAP_COSTS, pickNextJob, selectLeasableJobs, type FairnessState, type PoolWorker, type SchedulableJob, type WorkerState } from '@atelier/scheduler';
import { AppError, badInput } from '../../common/app-error.js';
import type { WorkerPrincipal } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { AssetEntity } from '../asset/asset.entity.js';
import { inspectAssetContent } from '../asset/asset-inspection.js';
import { StorageService } from '../asset/storage.service.js';
import { LoraEntity } from '../lora/lora.entity.js';
import { PreviewSubjectEntity } from '../preview-subject/preview-subject.entity.js';
import { TemplateVersionEntity } from '../template/template-version.entity.js';
import { PreviewJobEntity, WorkerEntity, type PreviewBackend } from './preview-job.entity.js';
import { applySnapshot, toSnapshot } from './preview-job.snapshot.js';
import { priorityRankSql } from './priority-rank.js';
import { releaseFollowers } from './preview-job.service.js';

const CANDIDATE_WINDOW = 32;
const URL_TTL_SECONDS = 30 * 60;
const MAX_LONG_POLL_MS = 20_000;
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
}

function conflict(message: string): AppError {
  return new AppError('INVALID_STATE_TRANSITION', message);
}

// The worker side of the queue: heartbeats, leasing (FOR UPDATE SKIP LOCKED over a bounded
// window, then a policy choice), progress, completion and failure. Every report names its lease;
// a stale or foreign lease changes nothing and gets 409.
@Injectable()
export class PreviewJobLeaseService implements OnModuleInit, OnModuleDestroy {
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly comfyGraphs: ComfyGraphService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
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

  async heartbeat(worker: WorkerPrincipal, data: HeartbeatData): Promise<WorkerEntity> {
    if (!data.baseModels.length) throw badInput('A worker must run at least one base model.', [{ path: 'baseModels', message: 'required' }]);
    await this.dataSource.query(
      `INSERT INTO workers (token_id, backend, base_models, vram_mb, loaded_checkpoint, loaded_lora_key, cached_lora_hashes, last_heartbeat_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (token_id) DO UPDATE SET backend = EXCLUDED.backend, base_models = EXCLUDED.base_models, vram_mb = EXCLUDED.vram_mb,
         loaded_checkpoint = CASE WHEN $8 THEN EXCLUDED.loaded_checkpoint ELSE workers.loaded_checkpoint END,
         loaded_lora_key = CASE WHEN $9 THEN EXCLUDED.loaded_lora_key ELSE workers.loaded_lora_key END,
         cached_lora_hashes = EXCLUDED.cached_lora_hashes, last_heartbeat_at = now()`,
      // A heartbeat that does not mention the loaded models keeps what the last lease recorded.
      [worker.id, data.backend, data.baseModels, data.vramMb ?? null, data.loadedCheckpoint ?? null, data.loadedLoraKey ?? null, data.cachedLoraHashes ?? [], data.loadedCheckpoint !== undefined, data.loadedLoraKey !== undefined],
    );
    return this.dataSource.manager.findOneByOrFail(WorkerEntity, { tokenId: worker.id });
  }

  // Long-polls up to waitMs for a job; null when none came.
  async lease(worker: WorkerPrincipal, waitMs: number): Promise<LeasedJob | null> {
    const registered = await this.dataSource.manager.findOneBy(WorkerEntity, { tokenId: worker.id });
    if (!registered) throw conflict('Send a heartbeat (POST /v1/workers/heartbeat) before leasing jobs.');
    const deadline = Date.now() + Math.min(Math.max(0, waitMs), MAX_LONG_POLL_MS);
    for (;;) {
      const leased = await this.tryLease(registered);
      if (leased || Date.now() >= deadline) return leased;
      await new Promise((r) => setTimeout(r, Math.min(POLL_STEP_MS, deadline - Date.now())));
    }
  }

  private async tryLease(worker: WorkerEntity): Promise<LeasedJob | null> {
    const now = Date.now();
    const leaseMs = this.config.previews.leaseSeconds * 1000;
    const leased = await this.dataSource.transaction(async (m) => {
      // (Expired leases are swept on a timer, off this hot path.)
      // The window is read without locks so parallel leasers see the same candidates; the chosen
      // one is then claimed with FOR UPDATE SKIP LOCKED, falling back to the next best if taken.
      // Never a job of a retired or consent-expired subject (the privacy sweep cancels those).
      const candidates = await m
        .createQueryBuilder(PreviewJobEntity, 'j')
        .where(`j.state = 'QUEUED' AND j.source_job_id IS NULL AND j.backend = :backend AND j.available_at <= :now AND j.base_model IN (:...models) AND ${USABLE_SUBJECT_SQL}`, { backend: worker.backend, now: new Date(now), models: worker.baseModels })
        .orderBy(priorityRankSql('j.priority'))
        .addOrderBy('j.available_at')
        .addOrderBy('j.created_at')
        .limit(CANDIDATE_WINDOW)
        .getMany();
      const job = await this.claimBest(m, worker, candidates, now);
      if (!job) return null;
      const leaseId = randomUUID();
      const moved = nextJobState(toSnapshot(job), { type: 'lease', leaseId, workerId: worker.tokenId, leaseMs }, now);
      if (!moved.ok) return null;
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), leasedBy: worker.tokenId, startedAt: new Date(now), progress: 0 });
      // What the GPU will hold once it runs this job; the draft renderer loads no models.
      const loaded = worker.backend === 'comfyui' ? { loadedLoraKey: job.loraKey, loadedCheckpoint: this.config.comfy.checkpoints[job.baseModel] } : { loadedLoraKey: job.loraKey };
      await m.update(WorkerEntity, { tokenId: worker.tokenId }, loaded);
      return { ...job, ...applySnapshot(moved.next) } as PreviewJobEntity;
    });
    return leased ? this.describeLease(leased) : null;
  }

  // The scheduling policy (libs/scheduler) decides among the window: first which jobs this worker
  // may take now (a job is briefly held for GPUs that already have its models loaded), then the
  // best of those by priority, aging, LoRA affinity and fair share.
  private async claimBest(m: EntityManager, worker: WorkerEntity, candidates: PreviewJobEntity[], now: number): Promise<PreviewJobEntity | null> {
    if (!candidates.length) return null;
    // A switch costs GPU seconds on ComfyUI only; the CPU draft renderer loads nothing.
    const swapCosts = worker.backend === 'comfyui' ? DEFAULT_SWAP_COSTS : { loraMs: 0, checkpointMs: 0 };
    const self = this.workerState(worker);
    const pool = await this.otherWorkers(m, worker);
    const fairness = await this.fairness(m);
    const schedulable = new Map(candidates.map((c) => [c.id, this.schedulableJob(c)]));
    let remaining = selectLeasableJobs(self, [...schedulable.values()], pool, { now, swapCosts });
    for (;;) {
      const pick = pickNextJob(self, remaining, fairness, { now, swapCosts });
      if (!pick) return null;
      const best = pick.job;
      const claimed = await m
        .createQueryBuilder(PreviewJobEntity, 'j')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        // The subject is checked again under the lock: it may have been retired since the window was read.
        .where(`j.id = :id AND j.state = 'QUEUED' AND ${USABLE_SUBJECT_SQL}`, { id: best.id, now: new Date(now) })
        .getOne();
      if (claimed) return claimed;
      remaining = remaining.filter((c) => c.id !== best.id);
    }
  }

  private schedulableJob(job: PreviewJobEntity): SchedulableJob {
    return { id: job.id, designerId: job.designerId, priority: job.priority, baseModel: job.baseModel, checkpoint: this.config.comfy.checkpoints[job.baseModel], loraKey: job.loraKey, enqueuedAt: job.createdAt.getTime() };
  }

  private workerState(w: WorkerEntity): WorkerState {
    return { id: w.tokenId, baseModels: w.baseModels, loadedCheckpoint: w.loadedCheckpoint, loadedLoraKey: w.loadedLoraKey };
  }

  // Online workers of the same backend, with how long their current job still runs.
  private async otherWorkers(m: EntityManager, worker: WorkerEntity): Promise<PoolWorker[]> {
    const rows: Array<{ token_id: string; base_models: Array<'sd15' | 'sdxl'>; loaded_checkpoint: string | null; loaded_lora_key: string | null; remaining: number | null }> = await m.query(
      `SELECT w.token_id, w.base_models, w.loaded_checkpoint, w.loaded_lora_key,
              (SELECT max(1 - j.progress) FROM preview_jobs j WHERE j.leased_by = w.token_id AND j.state = 'LEASED') AS remaining
       FROM workers w WHERE w.backend = $1 AND w.token_id <> $2 AND w.last_heartbeat_at > now() - interval '60 seconds'`,
      [worker.backend, worker.tokenId],
    );
    return rows.map((r) => ({ id: r.token_id, baseModels: r.base_models, loadedCheckpoint: r.loaded_checkpoint, loadedLoraKey: r.loaded_lora_key, busyForMs: r.remaining === null ? 0 : Math.round(Number(r.remaining) * DEFAULT_IMAGE_MS) }));
  }

  private async fairness(m: EntityManager): Promise<FairnessState> {
    const rows: Array<{ designer_id: string; n: string }> = await m.query(`SELECT designer_id, count(*) AS n FROM preview_jobs WHERE state = 'LEASED' GROUP BY designer_id`);
    return { runningByDesigner: new Map(rows.map((r) => [r.designer_id, Number(r.n)])) };
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

  private async describeLease(job: PreviewJobEntity): Promise<LeasedJob> {
    const m = this.dataSource.manager;
    const version = await m.findOneByOrFail(TemplateVersionEntity, { id: job.versionId });
    const subject = await m.findOneByOrFail(PreviewSubjectEntity, { id: job.subjectId });
    const identity = await m.findOneByOrFail(AssetEntity, { id: subject.identityLoraAssetId });
    const spec = version.spec as { styleLoras: Array<{ loraId: string }>; reference: { assetId: string } | null };
    const loras = spec.styleLoras.length ? await m.findBy(LoraEntity, { id: In(spec.styleLoras.map((l) => l.loraId)) }) : [];
    const loraFiles = loras.length ? await m.findBy(AssetEntity, { id: In(loras.map((l) => l.fileAssetId)) }) : [];
    const reference = spec.reference ? await m.findOneBy(AssetEntity, { id: spec.reference.assetId }) : null;
    const urlOf = (asset: AssetEntity) => this.storage.presignGet(asset.objectKey, URL_TTL_SECONDS);
    const comfy = job.backend === 'comfyui' ? this.compilePreviewGraph(version, job, identity, loras) : {};
    return {
      leaseId: job.leaseId!,
      leaseExpiresAt: job.leaseExpiresAt!.toISOString(),
      leaseSeconds: this.config.previews.leaseSeconds,
      job: {
        id: job.id,
        versionId: job.versionId,
        specHash: job.specHash,
        spec: version.spec,
        seed: job.seed,
        baseModel: job.baseModel,
        attempt: job.attempts,
        subject: { id: subject.id, name: subject.name, identityLora: { sha256: identity.sha256!, url: await urlOf(identity) } },
        styleLoras: await Promise.all(
          loras.map(async (l) => ({ loraId: l.id, name: l.name, sha256: l.sha256, triggerWords: l.triggerWords, url: await urlOf(loraFiles.find((a) => a.id === l.fileAssetId)!) })),
        ),
        referenceImageUrl: reference && reference.state === 'READY' ? await urlOf(reference) : null,
        ...comfy,
      },
      output: { uploadUrl: await this.storage.presignPut(outputKey(job.id, job.leaseId!), URL_TTL_SECONDS), uploadHeaders: { 'Content-Type': 'image/png' } },
    };
  }

  // A spec the compiler refuses (say, a style LoRA gone from the registry) fails this job on the
  // worker with the compiler's sentence, rather than failing the lease call over and over.
  private compilePreviewGraph(version: TemplateVersionEntity, job: PreviewJobEntity, identity: AssetEntity, loras: LoraEntity[]): Pick<LeasedJob['job'], 'comfy' | 'comfyError'> {
    try {
      const styleLoras = loras.map((l) => ({ id: l.id, sha256: l.sha256, triggerWords: l.triggerWords }));
      return { comfy: this.comfyGraphs.previewGraph(version.spec as TemplateSpec, job.specHash, { id: job.id, seed: job.seed, identityLoraSha256: identity.sha256!, styleLoras }) };
    } catch (error) {
      if (error instanceof ComfyCompileError) return { comfy: null, comfyError: error.message };
      throw error;
    }
  }

  async progress(worker: WorkerPrincipal, jobId: string, leaseId: string, progress: number): Promise<PreviewJobEntity> {
    return this.report(worker, jobId, async (m, job) => {
      const moved = nextJobState(toSnapshot(job), { type: 'progress', leaseId, leaseMs: this.config.previews.leaseSeconds * 1000 }, Date.now());
      if (!moved.ok) throw conflict(moved.message);
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), progress: Math.min(1, Math.max(0, progress)) });
    });
  }

  // The worker gives the job back unfinished (shutting down); it is re-queued at once.
  async release(worker: WorkerPrincipal, jobId: string, leaseId: string): Promise<PreviewJobEntity> {
    return this.report(worker, jobId, async (m, job) => {
      if (job.endedLeaseId === leaseId) return;
      const moved = nextJobState(toSnapshot(job), { type: 'release', leaseId }, Date.now());
      if (!moved.ok) throw conflict(moved.message);
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), leasedBy: null, endedLeaseId: leaseId, progress: 0 });
    });
  }

  async fail(worker: WorkerPrincipal, jobId: string, leaseId: string, retryable: boolean, error: string): Promise<PreviewJobEntity> {
    return this.report(worker, jobId, async (m, job) => {
      if (job.endedLeaseId === leaseId) return; // the same failure reported again
      const moved = nextJobState(toSnapshot(job), { type: 'fail', leaseId, retryable }, Date.now());
      if (!moved.ok) throw conflict(moved.message);
      const ended = moved.next.state !== 'QUEUED';
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), leasedBy: null, endedLeaseId: leaseId, lastError: error.slice(0, 2000), finishedAt: ended ? new Date() : null });
      if (ended) await releaseFollowers(m, job.id);
    });
  }

  // The worker PUT the image to its output URL; check it, keep it (with a thumbnail) and finish.
  async complete(worker: WorkerPrincipal, jobId: string, leaseId: string, gpuMs: number | null): Promise<PreviewJobEntity> {
    return this.report(worker, jobId, async (m, job) => {
      const moved = nextJobState(toSnapshot(job), { type: 'complete', leaseId }, Date.now());
      if (!moved.ok) throw conflict(moved.message);
      if (moved.outcome === 'unchanged') return;
      // One stored result per render key, even when two workers finish the same render at once.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`render:${job.specHash}:${job.subjectId}:${job.seed}:${job.backend}`]);
      const earlier = await m.findOneBy(PreviewJobEntity, { specHash: job.specHash, subjectId: job.subjectId, seed: job.seed, backend: job.backend, state: 'SUCCEEDED', cached: false });
      if (earlier) {
        await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), cached: true, sourceJobId: earlier.id, progress: 1, outputAssetId: earlier.outputAssetId, thumbnailAssetId: earlier.thumbnailAssetId, gpuMs, finishedAt: new Date() });
        await this.storage.remove(outputKey(job.id, leaseId)).catch(() => undefined);
        await m.query(`UPDATE workers SET jobs_done = jobs_done + 1, gpu_ms = gpu_ms + $2, last_heartbeat_at = now() WHERE token_id = $1`, [worker.id, gpuMs ?? 0]);
        return;
      }
      const staged = outputKey(job.id, leaseId);
      const size = await this.storage.statSize(staged);
      if (size === null) throw badInput('The output image has not arrived; PUT it to the output uploadUrl first.', [{ path: 'output', message: 'missing' }]);
      const bytes = await this.storage.read(staged);
      const checked = await inspectAssetContent('REFERENCE_IMAGE', bytes, { contentType: 'image/png', fileName: 'preview.png', byteSize: bytes.length });
      if (!checked.ok) throw badInput(`The output is not a usable image: ${checked.message}`, [{ path: 'output', message: checked.code }]);
      const image = await this.storeImage(m, `preview-image/${job.id}/preview.png`, bytes, checked.contentType, checked.width ?? null, checked.height ?? null);
      const thumbBytes = await sharp(bytes).resize(256, 256, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
      const thumbMeta = await sharp(thumbBytes).metadata();
      const thumb = await this.storeImage(m, `preview-image/${job.id}/thumb.webp`, thumbBytes, 'image/webp', thumbMeta.width, thumbMeta.height);
      // This lease's upload and any left by killed attempts before it.
      await this.storage.removePrefix(`preview-output/${job.id}/`).catch(() => undefined);
      await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), progress: 1, outputAssetId: image.id, thumbnailAssetId: thumb.id, gpuMs, finishedAt: new Date() });
      await m.query(`UPDATE workers SET jobs_done = jobs_done + 1, gpu_ms = gpu_ms + $2, last_heartbeat_at = now() WHERE token_id = $1`, [worker.id, gpuMs ?? 0]);
      // Jobs of other batches that waited for this very render are done too.
      await m.update(PreviewJobEntity, { sourceJobId: job.id, state: 'QUEUED' }, { state: 'SUCCEEDED', cached: true, progress: 1, outputAssetId: image.id, thumbnailAssetId: thumb.id, finishedAt: new Date() });
    });
  }

  private async storeImage(m: EntityManager, key: string, bytes: Buffer, contentType: string, width: number | null, height: number | null): Promise<AssetEntity> {
    await this.storage.put(key, bytes, contentType);
    return m.save(
      m.create(AssetEntity, { kind: 'PREVIEW_IMAGE', state: 'READY', bucket: this.storage.bucket, objectKey: key, fileName: key.split('/').pop()!, contentType, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), width, height, rejectionReason: null, ownerId: null, completedAt: new Date() }),
    );
  }

  // Loads the job under a row lock, checks it belongs to this worker's lease, applies the change.
  private async report(worker: WorkerPrincipal, jobId: string, apply: (m: EntityManager, job: PreviewJobEntity) => Promise<void>): Promise<PreviewJobEntity> {
    return this.dataSource.transaction(async (m) => {
      const job = await m.findOne(PreviewJobEntity, { where: { id: jobId }, lock: { mode: 'pessimistic_write' } });
      if (!job) throw new AppError('NOT_FOUND', 'Preview job not found.');
      if (job.leasedBy !== null && job.leasedBy !== worker.id) throw conflict('This job is leased by another worker.');
      await apply(m, job);
      return m.findOneByOrFail(PreviewJobEntity, { id: jobId });
    });
  }
}

// The job's preview subject is active and their consent still valid at :now.
const USABLE_SUBJECT_SQL = `EXISTS (SELECT 1 FROM preview_subjects s WHERE s.id = j.subject_id AND s.active AND s.consent_expires_at > :now)`;

function outputKey(jobId: string, leaseId: string): string {
  return `preview-output/${jobId}/${leaseId}.png`;
}

