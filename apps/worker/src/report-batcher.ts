import type { BatchReportItem, BatchReportResult } from '@atelier/preview-job';
import { StaleLeaseError, WorkerApiError, type CallOptions, type JobStatus } from './api-client.js';

// A box with several GPUs often finishes jobs within milliseconds of each other (the same model,
// similar work). Their reports then go out together in one POST /v1/jobs/report, which the API
// applies in one transaction: fewer requests and statements per job. A report waits at most
// `windowMs` for company, so a lone finished job is reported as good as at once.

export interface ReportBatcherClient {
  reportMany(items: readonly BatchReportItem[], opts?: CallOptions): Promise<BatchReportResult[]>;
  complete(jobId: string, leaseId: string, gpuMs: number | null, opts?: CallOptions): Promise<JobStatus>;
  fail(jobId: string, leaseId: string, retryable: boolean, error: string, opts?: CallOptions): Promise<JobStatus>;
}

interface Waiting {
  item: BatchReportItem;
  resolve: (status: JobStatus) => void;
  reject: (error: unknown) => void;
}

export class ReportBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  // An API from before POST /v1/jobs/report answers it 404: then every report goes on its own.
  private batchesRefused = false;

  constructor(
    private readonly client: ReportBatcherClient,
    // Options for a call, read when it is sent (a stopping worker retries for less long).
    private readonly callOptions: () => CallOptions,
    private readonly windowMs = 5,
    private readonly maxItems = 32,
  ) {}

  /** Like client.complete / client.fail: the job's status, StaleLeaseError for a 409/404, WorkerApiError for a 400. */
  report(item: BatchReportItem): Promise<JobStatus> {
    if (this.batchesRefused) return this.sendAlone(item);
    return new Promise<JobStatus>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length) void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    // One report alone goes as it always did: the single call is the simplest for the API too.
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      return this.sendAlone(only.item).then(only.resolve, only.reject);
    }
    let results: BatchReportResult[];
    try {
      results = await this.client.reportMany(
        batch.map((w) => w.item),
        this.callOptions(),
      );
    } catch (error) {
      // (A refused item is a result, never a 404 of the whole call.)
      if (error instanceof WorkerApiError && error.status === 404) {
        this.batchesRefused = true;
        for (const w of batch) this.sendAlone(w.item).then(w.resolve, w.reject);
        return;
      }
      for (const w of batch) w.reject(error);
      return;
    }
    for (const [i, w] of batch.entries()) {
      const result = results[i]!;
      if (result.ok) w.resolve(result.job);
      else if (result.status === 409 || result.status === 404) w.reject(new StaleLeaseError(result.status, result.code, result.message, 'jobs/report'));
      else w.reject(new WorkerApiError(result.status, result.code, result.message, 'jobs/report'));
    }
  }

  private sendAlone(item: BatchReportItem): Promise<JobStatus> {
    return item.type === 'complete'
      ? this.client.complete(item.jobId, item.leaseId, item.gpuMs ?? null, this.callOptions())
      : this.client.fail(item.jobId, item.leaseId, item.retryable, item.error, this.callOptions());
  }
}
