import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { backoffMs, defaultSeedsFor, defaultSeedsForTemplate, nextJobState, type JobSnapshot } from './job-state.js';

const queued = (over: Partial<JobSnapshot> = {}): JobSnapshot => ({ state: 'QUEUED', attempts: 0, maxAttempts: 3, leaseId: null, leaseExpiresAt: null, availableAt: 0, ...over });
const lease = (job: JobSnapshot, leaseId = 'L1', now = 1000) => {
  const r = nextJobState(job, { type: 'lease', leaseId, workerId: 'w', leaseMs: 30_000 }, now);
  if (!r.ok) throw new Error(r.message);
  return r.next;
};

describe('nextJobState', () => {
  it('leases a queued job, extends the lease on progress and completes once', () => {
    const leased = lease(queued());
    expect(leased).toMatchObject({ state: 'LEASED', attempts: 1, leaseId: 'L1', leaseExpiresAt: 31_000 });
    const progressed = nextJobState(leased, { type: 'progress', leaseId: 'L1', leaseMs: 30_000 }, 20_000);
    expect(progressed.ok && progressed.next.leaseExpiresAt).toBe(50_000);
    const done = nextJobState(leased, { type: 'complete', leaseId: 'L1' }, 2000);
    expect(done).toMatchObject({ ok: true, outcome: 'moved', next: { state: 'SUCCEEDED' } });
    const again = nextJobState((done as { next: JobSnapshot }).next, { type: 'complete', leaseId: 'L1' }, 3000);
    expect(again).toMatchObject({ ok: true, outcome: 'unchanged' });
  });

  it('gives a stale or foreign lease STALE_LEASE and changes nothing', () => {
    const leased = lease(queued());
    expect(nextJobState(leased, { type: 'complete', leaseId: 'other' }, 2000)).toMatchObject({ ok: false, reason: 'STALE_LEASE' });
    const expired = nextJobState(leased, { type: 'expire' }, 40_000);
    expect(expired).toMatchObject({ ok: true, next: { state: 'QUEUED', availableAt: 40_000, attempts: 1 } });
    expect(nextJobState((expired as { next: JobSnapshot }).next, { type: 'complete', leaseId: 'L1' }, 41_000)).toMatchObject({ ok: false, reason: 'STALE_LEASE' });
  });

  it('retries retryable failures with exponential backoff, then marks the job DEAD', () => {
    let job = queued();
    let now = 0;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      now = job.availableAt;
      job = lease(job, `L${attempt}`, now);
      const failed = nextJobState(job, { type: 'fail', leaseId: `L${attempt}`, retryable: true }, now + 10);
      if (!failed.ok) throw new Error(failed.message);
      job = failed.next;
      if (job.state === 'QUEUED') delays.push(job.availableAt - (now + 10));
    }
    expect(delays).toEqual([5_000, 10_000]);
    expect(job.state).toBe('DEAD');
  });

  it('takes a job handed back by a shutting-down worker without counting the attempt', () => {
    const leased = lease(queued());
    const released = nextJobState(leased, { type: 'release', leaseId: 'L1' }, 5000);
    expect(released).toMatchObject({ ok: true, next: { state: 'QUEUED', attempts: 0, availableAt: 5000, leaseId: null } });
    expect(nextJobState(leased, { type: 'release', leaseId: 'other' }, 5000)).toMatchObject({ ok: false, reason: 'STALE_LEASE' });
  });

  it('fails a job for good on a non-retryable error, and lets an admin retry it', () => {
    const failed = nextJobState(lease(queued()), { type: 'fail', leaseId: 'L1', retryable: false }, 2000);
    expect(failed.ok && failed.next.state).toBe('FAILED');
    const retried = nextJobState((failed as { next: JobSnapshot }).next, { type: 'retry' }, 3000);
    expect(retried).toMatchObject({ ok: true, next: { state: 'QUEUED', attempts: 0, availableAt: 3000 } });
  });

  it('does not lease a job before its backoff ends, nor cancel a finished one', () => {
    expect(nextJobState(queued({ availableAt: 5000 }), { type: 'lease', leaseId: 'L', workerId: 'w', leaseMs: 1 }, 4999)).toMatchObject({ ok: false, reason: 'ILLEGAL' });
    expect(nextJobState(queued({ state: 'SUCCEEDED' }), { type: 'cancel' }, 0)).toMatchObject({ ok: false, reason: 'ILLEGAL' });
  });

  it('never leaves a job leased without a lease id, whatever the events (property)', () => {
    const event = fc.oneof(
      fc.constantFrom('L1', 'L2').map((leaseId) => ({ type: 'lease' as const, leaseId, workerId: 'w', leaseMs: 1000 })),
      fc.constantFrom('L1', 'L2').map((leaseId) => ({ type: 'complete' as const, leaseId })),
      fc.record({ leaseId: fc.constantFrom('L1', 'L2'), retryable: fc.boolean() }).map((e) => ({ type: 'fail' as const, ...e })),
      fc.constant({ type: 'expire' as const }),
      fc.constant({ type: 'cancel' as const }),
      fc.constant({ type: 'retry' as const }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(event, fc.integer({ min: 0, max: 5000 })), { maxLength: 30 }), (steps) => {
        let job = queued();
        let now = 0;
        for (const [e, dt] of steps) {
          now += dt;
          const r = nextJobState(job, e, now);
          if (r.ok) job = r.next;
          expect(job.state === 'LEASED').toBe(job.leaseId !== null && job.leaseExpiresAt !== null);
          expect(job.attempts).toBeLessThanOrEqual(job.maxAttempts);
        }
      }),
    );
  });

  it('caps the backoff and derives two reproducible seeds from a spec hash', () => {
    expect(backoffMs(20)).toBe(300_000);
    const hash = 'a'.repeat(8) + 'b'.repeat(8) + '0'.repeat(48);
    expect(defaultSeedsFor(hash)).toEqual([0xaaaaaaaa, 0xbbbbbbbb]);
    expect(defaultSeedsForTemplate('8f3c2a10-5b7d-4e21-9a6f-0c1d2e3f4a5b')).toEqual([0x8f3c2a10, 0x5b7d4e21]);
  });
});
