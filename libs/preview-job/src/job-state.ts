// The life of a preview job as a pure function. The API applies it inside transactions; the
// worker never decides a job's state, it only reports.
export const PREVIEW_JOB_STATES = ['QUEUED', 'LEASED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'DEAD'] as const;
export type PreviewJobState = (typeof PREVIEW_JOB_STATES)[number];

// Priority classes belong to the scheduling policy; re-exported so job code needs one import.
export { PREVIEW_PRIORITIES, type PreviewPriority } from '@atelier/scheduler';

export interface JobSnapshot {
  state: PreviewJobState;
  attempts: number;
  maxAttempts: number;
  leaseId: string | null;
  leaseExpiresAt: number | null;
  availableAt: number;
}

export type JobEvent =
  | { type: 'lease'; leaseId: string; workerId: string; leaseMs: number }
  | { type: 'progress'; leaseId: string; leaseMs: number }
  | { type: 'complete'; leaseId: string }
  | { type: 'fail'; leaseId: string; retryable: boolean }
  | { type: 'release'; leaseId: string }
  | { type: 'expire' }
  | { type: 'cancel' }
  | { type: 'retry' };

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 5 * 60_000 };

export type JobTransition =
  | { ok: true; next: JobSnapshot; outcome: 'moved' | 'unchanged' }
  | { ok: false; reason: 'STALE_LEASE' | 'ILLEGAL'; message: string };

/** Delay before attempt n+1 after n failed attempts: base * 2^(n-1), capped. */
export function backoffMs(failedAttempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

const TERMINAL: ReadonlySet<PreviewJobState> = new Set(['SUCCEEDED', 'CANCELLED', 'DEAD', 'FAILED']);

export function isTerminal(state: PreviewJobState): boolean {
  return TERMINAL.has(state);
}

/** (job, event, now) -> the job after the event, or why the event does not apply. */
export function nextJobState(job: JobSnapshot, event: JobEvent, now: number, backoff: BackoffPolicy = DEFAULT_BACKOFF): JobTransition {
  const illegal = (message: string): JobTransition => ({ ok: false, reason: 'ILLEGAL', message });
  const stale = (): JobTransition => ({ ok: false, reason: 'STALE_LEASE', message: 'This lease is no longer valid; the job was re-queued, finished or cancelled.' });
  // A failed attempt waits out a backoff; a vanished worker is not the job's fault, so an expired
  // lease is re-queued at once (still counted, so a job that kills workers ends DEAD).
  const requeueOrDie = (retryable: boolean, delayMs: number): JobSnapshot =>
    !retryable || job.attempts >= job.maxAttempts
      ? { ...job, state: retryable ? 'DEAD' : 'FAILED', leaseId: null, leaseExpiresAt: null }
      : { ...job, state: 'QUEUED', leaseId: null, leaseExpiresAt: null, availableAt: now + delayMs };

  switch (event.type) {
    case 'lease':
      if (job.state !== 'QUEUED' || job.availableAt > now) return illegal(`A ${job.state.toLowerCase()} job cannot be leased.`);
      return { ok: true, outcome: 'moved', next: { ...job, state: 'LEASED', attempts: job.attempts + 1, leaseId: event.leaseId, leaseExpiresAt: now + event.leaseMs } };
    case 'progress':
      if (job.leaseId !== event.leaseId || job.state !== 'LEASED') return stale();
      return { ok: true, outcome: 'moved', next: { ...job, leaseExpiresAt: now + event.leaseMs } };
    case 'complete':
      // Repeating a report of the same lease is safe: the second one changes nothing.
      if (job.state === 'SUCCEEDED' && job.leaseId === event.leaseId) return { ok: true, outcome: 'unchanged', next: job };
      if (job.leaseId !== event.leaseId || job.state !== 'LEASED') return stale();
      return { ok: true, outcome: 'moved', next: { ...job, state: 'SUCCEEDED', leaseExpiresAt: null } };
    case 'fail':
      if (job.leaseId !== event.leaseId || job.state !== 'LEASED') return stale();
      return { ok: true, outcome: 'moved', next: requeueOrDie(event.retryable, backoffMs(job.attempts, backoff)) };
    case 'release':
      // A worker handing a job back (it is shutting down): not the job's fault, so the attempt
      // is given back too and the job is available at once.
      if (job.leaseId !== event.leaseId || job.state !== 'LEASED') return stale();
      return { ok: true, outcome: 'moved', next: { ...job, state: 'QUEUED', attempts: Math.max(0, job.attempts - 1), leaseId: null, leaseExpiresAt: null, availableAt: now } };
    case 'expire':
      if (job.state !== 'LEASED' || job.leaseExpiresAt === null || job.leaseExpiresAt > now) return illegal('Only a leased job whose lease ran out can expire.');
      return { ok: true, outcome: 'moved', next: requeueOrDie(true, 0) };
    case 'cancel':
      if (job.state === 'CANCELLED') return { ok: true, outcome: 'unchanged', next: job };
      if (job.state !== 'QUEUED' && job.state !== 'LEASED') return illegal(`A ${job.state.toLowerCase()} job cannot be cancelled.`);
      return { ok: true, outcome: 'moved', next: { ...job, state: 'CANCELLED', leaseId: null, leaseExpiresAt: null } };
    case 'retry':
      if (job.state !== 'FAILED' && job.state !== 'DEAD' && job.state !== 'CANCELLED') return illegal(`A ${job.state.toLowerCase()} job cannot be retried.`);
      return { ok: true, outcome: 'moved', next: { ...job, state: 'QUEUED', attempts: 0, leaseId: null, leaseExpiresAt: null, availableAt: now } };
  }
}

/** Two reproducible seeds from a hex string (a spec hash): its first two 32-bit words. */
export function defaultSeedsFor(specHash: string): [number, number] {
  return [Number.parseInt(specHash.slice(0, 8), 16), Number.parseInt(specHash.slice(8, 16), 16)];
}

/**
 * The two default seeds of a template: the same for every version of it, so the previews of two
 * versions compare like for like (same face, same seed: only the template's changes differ).
 */
export function defaultSeedsForTemplate(templateId: string): [number, number] {
  return defaultSeedsFor(templateId.replace(/-/g, ''));
}
