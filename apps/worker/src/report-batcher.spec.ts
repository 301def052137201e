import { describe, expect, it } from '@jest/globals';
import type { BatchReportItem, BatchReportResult, JobStatus as ProtocolJobStatus } from '@atelier/preview-job';
import { ApiUnavailableError, StaleLeaseError, WorkerApiError } from './api-client.js';
import { ReportBatcher, type ReportBatcherClient } from './report-batcher.js';

const status = (id: string, state: ProtocolJobStatus['state']): ProtocolJobStatus => ({ id, state, attempts: 1, progress: 1, error: null });

// A client that records its calls; reportMany answers what `batch` says.
function fakeClient(batch: (items: readonly BatchReportItem[]) => Promise<BatchReportResult[]>) {
  const calls: string[] = [];
  const client: ReportBatcherClient = {
    reportMany: (items) => {
      calls.push(`report:${items.map((i) => i.jobId).join(',')}`);
      return batch(items);
    },
    complete: async (jobId) => {
      calls.push(`complete:${jobId}`);
      return status(jobId, 'SUCCEEDED');
    },
    fail: async (jobId) => {
      calls.push(`fail:${jobId}`);
      return status(jobId, 'QUEUED');
    },
  };
  return { client, calls };
}

const complete = (jobId: string): BatchReportItem => ({ type: 'complete', jobId, leaseId: `lease-${jobId}`, gpuMs: 1 });

describe('ReportBatcher', () => {
  it('sends reports made within its window together, gives each its own result, and a lone one as the single report', async () => {
    const { client, calls } = fakeClient(async (items) =>
      items.map((i) => (i.jobId === 'b' ? { jobId: 'b', ok: false as const, status: 409, code: 'INVALID_STATE_TRANSITION', message: 'stale' } : { jobId: i.jobId, ok: true as const, job: status(i.jobId, 'SUCCEEDED') })),
    );
    const batcher = new ReportBatcher(client, () => ({}), 10);
    const [a, b, c] = await Promise.allSettled([batcher.report(complete('a')), batcher.report(complete('b')), batcher.report({ type: 'fail', jobId: 'c', leaseId: 'lease-c', retryable: true, error: 'oom' })]);
    expect(a).toEqual({ status: 'fulfilled', value: status('a', 'SUCCEEDED') });
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(StaleLeaseError);
    expect(c.status).toBe('fulfilled');
    expect(await batcher.report(complete('d'))).toEqual(status('d', 'SUCCEEDED'));
    expect(calls).toEqual(['report:a,b,c', 'complete:d']);
  });

  it('falls back to single reports for good when the API does not know POST /v1/jobs/report', async () => {
    const { client, calls } = fakeClient(async () => {
      throw new WorkerApiError(404, 'HTTP_404', 'Cannot POST /v1/jobs/report', 'jobs/report');
    });
    const batcher = new ReportBatcher(client, () => ({}), 10);
    await Promise.all([batcher.report(complete('a')), batcher.report(complete('b'))]);
    await Promise.all([batcher.report(complete('c')), batcher.report(complete('d'))]);
    expect(calls).toEqual(['report:a,b', 'complete:a', 'complete:b', 'complete:c', 'complete:d']);
  });

  it('fails every report of a call the API could not be reached for', async () => {
    const { client } = fakeClient(async () => {
      throw new ApiUnavailableError('jobs/report: ECONNREFUSED (gave up after 3 attempts)', 3);
    });
    const batcher = new ReportBatcher(client, () => ({}), 10);
    const settled = await Promise.allSettled([batcher.report(complete('a')), batcher.report(complete('b'))]);
    expect(settled.map((s) => s.status === 'rejected' && s.reason instanceof ApiUnavailableError)).toEqual([true, true]);
  });
});
