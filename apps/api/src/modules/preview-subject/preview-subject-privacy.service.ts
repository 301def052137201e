import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager, type QueryRunner } from 'typeorm';
import { isUuid } from '../../common/app-error.js';
import { Clock } from '../../common/clock.js';
import { runExclusively } from '../../common/exclusive-run.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { AssetEntity } from '../asset/asset.entity.js';
import { StorageService } from '../asset/storage.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PreviewJobEntity } from '../preview-job/preview-job.entity.js';
import { cancelJob } from '../preview-job/preview-job.snapshot.js';
import { PreviewSubjectEntity, PreviewSubjectPhotoEntity } from './preview-subject.entity.js';

// One sweep at a time across every API process sharing the database.
const SWEEP_LOCK = 'atelier:preview-subject-privacy-sweep';
// Jobs handled per transaction, so a subject with thousands of previews never holds one huge transaction.
const JOBS_PER_TRANSACTION = 100;
// A worker's output is left alone this long after it was written (its completion may be under way).
const STALE_UPLOAD_GRACE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export type WithdrawalReason = 'RETIRED' | 'CONSENT_EXPIRED';

export interface SubjectPurge {
  subjectId: string;
  reason: WithdrawalReason;
  cancelledJobs: number;
  removedPreviews: number;
  deletedFiles: number;
  identityLoraDeleted: boolean;
}

export interface StaleUploads {
  outputs: number;
  staged: number;
  pendingAssets: number;
}

export interface PrivacySweepResult {
  // False when another process was sweeping already (this run did nothing).
  ran: boolean;
  purges: SubjectPurge[];
  staleUploads?: StaleUploads;
}

function withdrawalOf(subject: PreviewSubjectEntity, now: number): WithdrawalReason | null {
  if (!subject.active) return 'RETIRED';
  return subject.consentExpiresAt.getTime() <= now ? 'CONSENT_EXPIRED' : null;
}

const CANCEL_MESSAGE: Record<WithdrawalReason, string> = {
  RETIRED: 'Cancelled: this preview subject was retired, so their previews are no longer made or kept.',
  CONSENT_EXPIRED: "Cancelled: this preview subject's consent expired, so their previews are no longer made or kept.",
};

// Privacy of preview subjects: once a subject is retired or their consent has expired, their still
// queued jobs are cancelled, and their identity LoRA and every preview image and thumbnail made from
// it are deleted from storage (asset rows stay as DELETED, jobs stay with removed_at for history).
//
// An in-process interval guarded by a PostgreSQL advisory lock, not a job queue: the work is one
// idempotent sweep, so a missed or repeated run is harmless, and the lock keeps several API
// processes from running it at once. Jobs a worker is still rendering (LEASED) are left alone;
// when they finish (or their lease runs out) the next sweep removes (or cancels) them as well.
@Injectable()
export class PreviewSubjectPrivacyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PreviewSubjectPrivacyService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.purgeWithdrawnSubjects().catch((e: unknown) => this.logger.error(`Privacy sweep failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    }, this.config.privacy.sweepSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  // One sweep over every withdrawn subject that still has something to delete. Safe to re-run: a
  // subject with nothing left is not touched (and gets no audit row).
  async purgeWithdrawnSubjects(): Promise<PrivacySweepResult> {
    return runExclusively(this.dataSource, SWEEP_LOCK, { ran: false, purges: [] } as PrivacySweepResult, async (runner) => {
      const due: Array<{ id: string }> = await runner.query(
        `SELECT s.id FROM preview_subjects s
         WHERE (NOT s.active OR s.consent_expires_at <= now())
           AND (s.purged_at IS NULL OR EXISTS (SELECT 1 FROM preview_jobs j WHERE j.subject_id = s.id AND j.removed_at IS NULL AND j.state <> 'LEASED'))
         ORDER BY s.created_at, s.id`,
      );
      const purges: SubjectPurge[] = [];
      for (const { id } of due) {
        const purge = await this.purgeSubject(runner, id);
        if (purge) purges.push(purge);
      }
      const staleUploads = await this.removeStaleUploads(runner);
      return { ran: true, purges, staleUploads };
    });
  }

  // Uploads nobody will use, which could hold a face: a worker's output for a job that is over or
  // removed (a stalled worker may PUT after the job was purged; its URL outlives the lease), staged
  // studio uploads older than a day, and the PENDING assets they belonged to.
  private async removeStaleUploads(runner: QueryRunner): Promise<StaleUploads> {
    const now = this.clock.now().getTime();
    const settled = now - STALE_UPLOAD_GRACE_MS;
    const outputs = (await this.storage.list('preview-output/')).filter((o) => o.lastModified.getTime() < settled);
    const jobIds = [...new Set(outputs.map((o) => o.key.split('/')[1]!).filter(isUuid))];
    const live: Array<{ id: string }> = jobIds.length
      ? await runner.query(`SELECT id FROM preview_jobs WHERE id = ANY($1::uuid[]) AND removed_at IS NULL AND state IN ('QUEUED', 'LEASED')`, [jobIds])
      : [];
    const liveIds = new Set(live.map((j) => j.id));
    const deadOutputs = outputs.filter((o) => !liveIds.has(o.key.split('/')[1]!)).map((o) => o.key);
    await this.storage.removeMany(deadOutputs);

    const dayAgo = now - DAY_MS;
    const staged = (await this.storage.list('incoming/')).filter((o) => o.lastModified.getTime() < dayAgo).map((o) => o.key);
    await this.storage.removeMany(staged);
    // (TypeORM answers an UPDATE with [rows, count].)
    const [expiredAssets]: [Array<{ id: string; object_key: string }>, number] = await runner.query(
      `UPDATE assets SET state = 'REJECTED', rejection_reason = 'The upload was never completed.', completed_at = now()
       WHERE state = 'PENDING' AND created_at < $1 RETURNING id, object_key`,
      [new Date(dayAgo)],
    );
    await this.storage.removeMany(expiredAssets.map((a) => a.object_key));
    return { outputs: deadOutputs.length, staged: staged.length, pendingAssets: expiredAssets.length };
  }

  // Batches of the subject's jobs, each in its own transaction with its audit row.
  private async purgeSubject(runner: QueryRunner, subjectId: string): Promise<SubjectPurge | null> {
    const batches: SubjectPurge[] = [];
    for (;;) {
      const batch = await this.inTransaction(runner, (m) => this.purgeBatch(m, subjectId));
      if (batch) batches.push(batch);
      if (!batch || batch.removedPreviews < JOBS_PER_TRANSACTION) break;
    }
    if (!batches.length) return null;
    const sum = (pick: (b: SubjectPurge) => number) => batches.reduce((n, b) => n + pick(b), 0);
    return {
      subjectId,
      reason: batches[0]!.reason,
      cancelledJobs: sum((b) => b.cancelledJobs),
      removedPreviews: sum((b) => b.removedPreviews),
      deletedFiles: sum((b) => b.deletedFiles),
      identityLoraDeleted: batches.some((b) => b.identityLoraDeleted),
    };
  }

  private async inTransaction<T>(runner: QueryRunner, work: (m: EntityManager) => Promise<T>): Promise<T> {
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (e) {
      await runner.rollbackTransaction();
      throw e;
    }
  }

  // Objects are removed before the rows say so: if the commit fails the next sweep removes them
  // again (removing a missing object is a no-op), so a DELETED row never points at a kept file.
  private async purgeBatch(m: EntityManager, subjectId: string): Promise<SubjectPurge | null> {
    const subject = await m.findOne(PreviewSubjectEntity, { where: { id: subjectId }, lock: { mode: 'pessimistic_write' } });
    const now = Date.now();
    const reason = subject ? withdrawalOf(subject, now) : null;
    if (!subject || !reason) return null;

    // Jobs a worker is rendering right now are left to finish; one being reported on is skipped.
    const jobs = await m
      .createQueryBuilder(PreviewJobEntity, 'j')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`j.subject_id = :subjectId AND j.removed_at IS NULL AND j.state <> 'LEASED'`, { subjectId })
      .orderBy('j.created_at')
      .limit(JOBS_PER_TRANSACTION)
      .getMany();
    if (!jobs.length && subject.purgedAt) return null;

    let cancelledJobs = 0;
    for (const job of jobs) {
      if (job.state !== 'QUEUED') continue;
      const moved = await cancelJob(m, job, CANCEL_MESSAGE[reason], now);
      if (moved.ok && moved.outcome === 'moved') cancelledJobs++;
    }

    const fileIds = new Set(jobs.flatMap((j) => [j.outputAssetId, j.thumbnailAssetId]).filter((id): id is string => id !== null));
    // Every identity LoRA of the face (one per base model) and its photos, on its first purge.
    const identityLoraIds = subject.purgedAt ? [] : await this.identityLorasNoLongerUsed(m, subject);
    for (const id of identityLoraIds) fileIds.add(id);
    if (!subject.purgedAt) for (const photo of await m.find(PreviewSubjectPhotoEntity, { where: { subjectId } })) fileIds.add(photo.assetId);
    const files = fileIds.size ? await m.find(AssetEntity, { where: { id: In([...fileIds]), state: Not('DELETED') }, lock: { mode: 'pessimistic_write' } }) : [];
    for (const file of files) await this.storage.remove(file.objectKey);
    // Uploads of attempts that never completed (a lease that ran out or failed after its PUT).
    for (const job of jobs) await this.storage.removePrefix(`preview-output/${job.id}/`);

    const deletedAt = new Date(now);
    if (files.length) await m.update(AssetEntity, { id: In(files.map((f) => f.id)) }, { state: 'DELETED', deletedAt });
    if (jobs.length) await m.update(PreviewJobEntity, { id: In(jobs.map((j) => j.id)) }, { removedAt: deletedAt });
    if (!subject.purgedAt) await m.update(PreviewSubjectEntity, { id: subject.id }, { purgedAt: deletedAt });
    const purge: SubjectPurge = { subjectId, reason, cancelledJobs, removedPreviews: jobs.length, deletedFiles: files.length, identityLoraDeleted: files.some((f) => identityLoraIds.includes(f.id)) };
    await this.audit.record(m, { actor: { kind: 'SYSTEM', id: null }, action: 'preview_subject.purged', entityType: 'preview_subject', entityId: subjectId, after: { ...purge, deletedAssetIds: files.map((f) => f.id) } });
    return purge;
  }

  // The face's identity LoRA files, less any registered for another subject who may still be
  // rendered: such a file goes when that subject is withdrawn too.
  private async identityLorasNoLongerUsed(m: EntityManager, subject: PreviewSubjectEntity): Promise<string[]> {
    const rows: Array<{ asset_id: string }> = await m.query(
      `SELECT l.asset_id FROM preview_subject_identity_loras l
        WHERE l.subject_id = $1
          AND NOT EXISTS (
            SELECT 1 FROM preview_subject_identity_loras o JOIN preview_subjects s ON s.id = o.subject_id
             WHERE o.asset_id = l.asset_id AND o.subject_id <> $1 AND s.active AND s.consent_expires_at > now())`,
      [subject.id],
    );
    return rows.map((r) => r.asset_id);
  }
}
