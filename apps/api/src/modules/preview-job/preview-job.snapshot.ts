import type { EntityManager } from 'typeorm';
import { nextJobState, type JobSnapshot, type JobTransition } from '@atelier/preview-job';
import { PreviewJobEntity } from './preview-job.entity.js';

// Row <-> the pure state machine's view of a job.
export function toSnapshot(job: PreviewJobEntity): JobSnapshot {
  return {
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    leaseId: job.leaseId,
    leaseExpiresAt: job.leaseExpiresAt?.getTime() ?? null,
    availableAt: job.availableAt.getTime(),
  };
}

export function applySnapshot(s: JobSnapshot): Partial<PreviewJobEntity> {
  return {
    state: s.state,
    attempts: s.attempts,
    leaseId: s.leaseId,
    leaseExpiresAt: s.leaseExpiresAt === null ? null : new Date(s.leaseExpiresAt),
    availableAt: new Date(s.availableAt),
  };
}

/**
 * Cancels a job (in the caller's transaction, on a row it locked) through the state machine, saying
 * why in lastError; a leased job's lease is ended, so its worker's reports are refused. Answers the
 * move: not ok for a finished job, 'unchanged' for one cancelled already (nothing is written then).
 */
export async function cancelJob(m: EntityManager, job: PreviewJobEntity, lastError: string, now = Date.now()): Promise<JobTransition> {
  const moved = nextJobState(toSnapshot(job), { type: 'cancel' }, now);
  if (moved.ok && moved.outcome === 'moved') {
    await m.update(PreviewJobEntity, { id: job.id }, { ...applySnapshot(moved.next), ...(job.leaseId ? { leasedBy: null, endedLeaseId: job.leaseId } : {}), finishedAt: new Date(now), lastError });
  }
  return moved;
}

