import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { batchReportAnswerSchema, leaseBatchSchema, leasedJobSchema, outputTargetSchema, workerHeartbeatAckSchema, type BatchReportItem, type BatchReportResult, type BoxCapabilitiesReport, type LeasedJob, type OutputTarget, type WorkerHeartbeatAck } from '@atelier/preview-job';
import type { WorkerBackendName, WorkerBaseModel } from './worker-config.js';

// The worker's only way to the API (`/v1`, Bearer wkr_…) and to the presigned storage URLs it hands
// out. Every protocol call is safe to repeat, so network errors, timeouts and 408/429/5xx are retried
// with exponential backoff and jitter: a worker started before the API, or across an API restart,
// simply reconnects.

export interface HeartbeatBody {
  backend: WorkerBackendName;
  baseModels: WorkerBaseModel[];
  vramMb?: number | null;
  loadedCheckpoint?: string | null;
  loadedLoraKey?: string | null;
  cachedLoraHashes?: string[];
  /** What is wrong with the GPU box; the API leases this worker nothing while it is set. */
  boxProblem?: string | null;
  /** What the GPU box has (ComfyUI's node classes, model files, GPUs): the API leases it only jobs it can run. */
  capabilities?: BoxCapabilitiesReport | null;
}

export type { LeasedJob } from '@atelier/preview-job';
export type PreviewJobPayload = LeasedJob['job'];

export interface JobStatus {
  id: string;
  state: string;
  attempts: number;
  progress: number | null;
  error: string | null;
}

/** A non-2xx answer from the API, with its `{code, message}` body. */
export class WorkerApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly call: string,
  ) {
    super(`${call}: ${status} ${code}: ${message}`);
    this.name = 'WorkerApiError';
  }
}

/** 409 (or 404) on a job report: the lease is stale, foreign or the job is gone; stop working on it. */
export class StaleLeaseError extends WorkerApiError {
  constructor(status: number, code: string, message: string, call: string) {
    super(status, code, message, call);
    this.name = 'StaleLeaseError';
  }
}

/** A presigned storage URL refused the upload or download (e.g. 403 once it expired). */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/** The API or storage could not be reached (or kept answering 5xx) and retrying was stopped. */
export class ApiUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

export interface RetryPolicy {
  /** First retry delay; doubles each attempt. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 500, maxMs: 30_000 };

export interface CallOptions {
  /** Aborts the call at once, including a request in flight. */
  signal?: AbortSignal;
  /** Once aborted, the next failure is thrown instead of retried (a request in flight still finishes). */
  stopRetrying?: AbortSignal;
}

export interface RetryNotice {
  call: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface WorkerApiClientOptions {
  apiUrl: string;
  token: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout of API calls (a lease adds its long-poll wait on top). */
  requestTimeoutMs?: number;
  /** Per-attempt timeout of storage uploads and downloads. */
  transferTimeoutMs?: number;
  onRetry?: (notice: RetryNotice) => void;
}

/** Attempt n (0-based) -> a delay in [d/2, d] where d = base * 2^n capped at maxMs ("equal jitter"). */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function describeNetworkError(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

// An answer checked against its protocol schema; PROTOCOL_MISMATCH names the first field that is off.
function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, what: string, call: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new WorkerApiError(200, 'PROTOCOL_MISMATCH', `the ${what} answer is not understood: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, call);
  return parsed.data;
}

export class WorkerApiClient {
  private readonly apiUrl: string;
  private readonly retry: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly transferTimeoutMs: number;

  constructor(private readonly options: WorkerApiClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.transferTimeoutMs = options.transferTimeoutMs ?? 120_000;
  }

  /** Registers the worker; the answer may name identity LoRA files to delete (purgedIdentityLoraHashes). */
  async heartbeat(body: HeartbeatBody, opts: CallOptions = {}): Promise<WorkerHeartbeatAck> {
    return parseAnswer(workerHeartbeatAckSchema, await this.post('workers/heartbeat', body, opts), 'heartbeat', 'workers/heartbeat');
  }

  /** Long-polls up to waitSeconds (0..20); null when no job came. A 409 means: heartbeat first. */
  async lease(waitSeconds: number, opts: CallOptions = {}): Promise<LeasedJob | null> {
    const body = await this.post(`jobs/lease?wait=${waitSeconds}`, {}, opts, waitSeconds * 1000);
    if (body === null) return null;
    return parseAnswer(leasedJobSchema, body, 'lease', 'lease');
  }

  /** For a box with several GPUs: long-polls for up to `max` (1..16) jobs, each its own lease; [] when none came. */
  async leaseMany(waitSeconds: number, max: number, opts: CallOptions = {}): Promise<LeasedJob[]> {
    const body = await this.post(`jobs/lease?wait=${waitSeconds}&max=${max}`, {}, opts, waitSeconds * 1000);
    if (body === null) return [];
    return parseAnswer(leaseBatchSchema, body, 'lease', 'lease').leases;
  }

  /** Reports progress (0..1) and extends the lease. */
  progress(jobId: string, leaseId: string, progress: number, opts: CallOptions = {}): Promise<JobStatus> {
    return this.report(jobId, 'progress', { leaseId, progress: Math.min(1, Math.max(0, progress)) }, opts);
  }

  /** Call after uploadOutput; gpuMs is rounded and clamped to the API's 0..1 h. */
  complete(jobId: string, leaseId: string, gpuMs: number | null, opts: CallOptions = {}): Promise<JobStatus> {
    const ms = gpuMs === null || !Number.isFinite(gpuMs) ? null : Math.min(3_600_000, Math.max(0, Math.round(gpuMs)));
    return this.report(jobId, 'complete', { leaseId, gpuMs: ms }, opts);
  }

  fail(jobId: string, leaseId: string, retryable: boolean, error: string, opts: CallOptions = {}): Promise<JobStatus> {
    const text = error.trim().slice(0, 2000) || 'unknown error';
    return this.report(jobId, 'fail', { leaseId, retryable, error: text }, opts);
  }

  /**
   * Several finished jobs in one call (POST /v1/jobs/report), each on its own lease; one result per
   * item, in their order. An item the API refused is a result with `ok: false`, not an error.
   */
  async reportMany(items: readonly BatchReportItem[], opts: CallOptions = {}): Promise<BatchReportResult[]> {
    const reports = items.map((item) =>
      item.type === 'complete'
        ? { ...item, gpuMs: item.gpuMs === null || item.gpuMs === undefined || !Number.isFinite(item.gpuMs) ? null : Math.min(3_600_000, Math.max(0, Math.round(item.gpuMs))) }
        : { ...item, error: item.error.trim().slice(0, 2000) || 'unknown error' },
    );
    const answer = parseAnswer(batchReportAnswerSchema, await this.post('jobs/report', { reports }, opts), 'report', 'jobs/report');
    if (answer.results.length !== items.length) throw new WorkerApiError(200, 'PROTOCOL_MISMATCH', `the report answer has ${answer.results.length} results for ${items.length} reports`, 'jobs/report');
    return answer.results;
  }

  /** Hands an unfinished job back (worker shutting down); the API re-queues it without counting the attempt. */
  release(jobId: string, leaseId: string, opts: CallOptions = {}): Promise<JobStatus> {
    return this.report(jobId, 'release', { leaseId }, opts);
  }

  /** A fresh URL to PUT the result to, valid for about a lease; a 409/404 means the lease is gone. */
  async outputTarget(jobId: string, leaseId: string, opts: CallOptions = {}): Promise<OutputTarget> {
    return parseAnswer(outputTargetSchema, await this.jobCall(jobId, 'output', { leaseId }, opts), 'output', 'output');
  }

  /** PUTs the PNG to the presigned output URL (no worker token: the URL carries its own signature). */
  async uploadOutput(output: Pick<OutputTarget, 'uploadUrl' | 'uploadHeaders'>, png: Buffer, opts: CallOptions = {}): Promise<void> {
    const res = await this.send('upload', output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: new Uint8Array(png) }, opts, this.transferTimeoutMs);
    if (!res.ok) throw new StorageError(res.status, `upload refused: ${res.status} ${(await res.text().catch(() => '')).slice(0, 300)}`);
    await res.body?.cancel();
  }

  /** GETs a presigned URL (reference image, LoRA file). */
  async download(url: string, opts: CallOptions = {}): Promise<Buffer> {
    const res = await this.send('download', url, { method: 'GET' }, opts, this.transferTimeoutMs);
    if (!res.ok) throw new StorageError(res.status, `download refused: ${res.status} ${(await res.text().catch(() => '')).slice(0, 300)}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /**
   * Streams a presigned URL to `filePath` (large LoRA files never sit in memory) and returns the
   * SHA-256 and size of what was written. The caller checks the hash and owns the file.
   */
  async downloadToFile(url: string, filePath: string, opts: CallOptions = {}): Promise<{ sha256: string; bytes: number }> {
    const res = await this.send('download', url, { method: 'GET' }, opts, this.transferTimeoutMs);
    if (!res.ok || !res.body) throw new StorageError(res.status, `download refused: ${res.status} ${(await res.text().catch(() => '')).slice(0, 300)}`);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), tap, createWriteStream(filePath));
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw new StorageError(0, `download broke off after ${bytes} bytes: ${describeNetworkError(error)}`);
    }
    return { sha256: hash.digest('hex'), bytes };
  }

  private async report(jobId: string, action: 'progress' | 'complete' | 'fail' | 'release', body: unknown, opts: CallOptions): Promise<JobStatus> {
    return (await this.jobCall(jobId, action, body, opts)) as JobStatus;
  }

  // A POST about one leased job; a 409/404 means the lease is gone (StaleLeaseError).
  private async jobCall(jobId: string, action: 'progress' | 'complete' | 'fail' | 'release' | 'output', body: unknown, opts: CallOptions): Promise<unknown> {
    try {
      return await this.post(`jobs/${encodeURIComponent(jobId)}/${action}`, body, opts);
    } catch (error) {
      if (error instanceof WorkerApiError && (error.status === 409 || error.status === 404)) throw new StaleLeaseError(error.status, error.code, error.message, error.call);
      throw error;
    }
  }

  // JSON POST to /v1; null for 204; WorkerApiError for any other non-2xx.
  private async post(path: string, body: unknown, opts: CallOptions, extraTimeoutMs = 0): Promise<unknown> {
    const call = path.split('?')[0]!;
    const res = await this.send(
      call,
      `${this.apiUrl}/v1/${path}`,
      { method: 'POST', headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) },
      opts,
      this.requestTimeoutMs + extraTimeoutMs,
    );
    const text = await res.text();
    if (res.status === 204 || (res.ok && !text)) return null;
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // a proxy's HTML error page, say
    }
    if (res.ok) return json;
    const err = (json ?? {}) as { code?: unknown; message?: unknown };
    const message = typeof err.message === 'string' ? err.message : Array.isArray(err.message) ? err.message.join('; ') : text.slice(0, 300) || res.statusText;
    throw new WorkerApiError(res.status, typeof err.code === 'string' ? err.code : `HTTP_${res.status}`, message, call);
  }

  // One request with retries; resolves with the first non-retryable response.
  private async send(call: string, url: string, init: RequestInit, opts: CallOptions, timeoutMs: number): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      opts.signal?.throwIfAborted();
      let reason: string;
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        const res = await fetch(url, { ...init, signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout });
        if (!isRetryableStatus(res.status)) return res;
        reason = `HTTP ${res.status}`;
        await res.body?.cancel().catch(() => undefined);
      } catch (error) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        reason = describeNetworkError(error);
      }
      if (opts.stopRetrying?.aborted) throw new ApiUnavailableError(`${call}: ${reason} (gave up after ${plural(attempt + 1, 'attempt')})`, attempt + 1);
      const delayMs = retryDelayMs(attempt, this.retry);
      this.options.onRetry?.({ call, attempt: attempt + 1, delayMs, reason });
      const wake = [opts.signal, opts.stopRetrying].filter((s): s is AbortSignal => s !== undefined);
      try {
        await sleep(delayMs, undefined, wake.length ? { signal: AbortSignal.any(wake) } : undefined);
      } catch {
        if (opts.signal?.aborted) throw opts.signal.reason;
        throw new ApiUnavailableError(`${call}: ${reason} (gave up after ${plural(attempt + 1, 'attempt')})`, attempt + 1);
      }
    }
  }
}
