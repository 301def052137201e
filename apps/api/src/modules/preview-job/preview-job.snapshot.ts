import type { JobSnapshot } from '@atelier/preview-job';
import type { PreviewJobEntity } from './preview-job.entity.js';

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
