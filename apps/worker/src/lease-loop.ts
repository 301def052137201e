import { setTimeout as sleep } from 'node:timers/promises';
import type { BoxCapabilitiesReport } from '@atelier/preview-job';
import { StaleLeaseError, WorkerApiError, type CallOptions, type HeartbeatBody, type LeasedJob, type WorkerApiClient } from './api-client.js';
import { isBadJobInput, isBoxProblem, type RenderBackend } from './backends/backend.js';
import { ReportBatcher } from './report-batcher.js';

// The worker's life: heartbeat, then lease (long-poll) -> render -> upload -> report, over and over.
// The API decides every state move; the loop only reports, and every report is safe to repeat. One
// job's error is reported as that job's failure and never stops the loop; a stale lease (409) means
// someone else owns the job now, so it is dropped without a word.

export interface WorkerLog {
  info(line: string): void;
  warn(line: string): void;
}

export type LeaseLoopClient = Pick<WorkerApiClient, 'heartbeat' | 'lease' | 'leaseMany' | 'progress' | 'complete' | 'fail' | 'reportMany' | 'release' | 'outputTarget' | 'uploadOutput'>;

export interface LeaseLoopOptions {
  client: LeaseLoopClient;
  /**
   * The renderer, or one per GPU of the box (a ComfyUI each): the loop then leases up to its free
   * GPUs in one call and runs each job on a free one; heartbeats report every GPU.
   */
  backend: RenderBackend | readonly RenderBackend[];
  /** Long-poll wait of each lease call, 0..20 s. */
  leaseWaitSeconds: number;
  /** Abort to stop: no new leases; the running job gets shutdownGraceMs to finish. */
  signal: AbortSignal;
  log: WorkerLog;
  heartbeatIntervalMs?: number;
  /** How often a running job reports progress (which extends its lease). */
  progressIntervalMs?: number;
  shutdownGraceMs?: number;
  /** How long a job's reports keep retrying while the API is unreachable (its lease runs out anyway). */
  reportRetryMs?: number;
  /** Pause after a lease call failed for a reason retrying at once would not fix (e.g. a 400). */
  errorPauseMs?: number;
  /** While the box has a problem (backend.boxProblem), how often it is looked at again. */
  boxRecheckMs?: number;
  /**
   * Several GPUs: how long a finished job's report waits for others finishing meanwhile, to go out
   * together in one POST /v1/jobs/report (default 5 ms; 0 reports each job on its own).
   */
  reportBatchMs?: number;
}

export interface LeaseLoopSummary {
  succeeded: number;
  /** Reported to the API as failed (retryable or not). */
  failed: number;
  /** Lease lost (409), or the outcome could not be reported; the API re-queues these on lease expiry. */
  dropped: number;
}

export const SHUTDOWN_ERROR_TEXT = 'worker shutting down';

class WorkerShutdownError extends Error {
  constructor() {
    super(SHUTDOWN_ERROR_TEXT);
    this.name = 'WorkerShutdownError';
  }
}

/** A revoked or wrong token: nothing this worker does will succeed, so the loop ends with it. */
export function isFatalApiError(error: unknown): error is WorkerApiError {
  return error instanceof WorkerApiError && (error.status === 401 || error.status === 403);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

// Resolves or rejects with the promise, or rejects with signal.reason as soon as signal aborts.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined); // its late rejection is not an unhandled one
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

/**
 * What the box reports in a heartbeat from what each of its GPUs' backends says: the first one's
 * models, every GPU (numbered across the box), every LoRA file held, and the first problem any has.
 */
export function describeBox(gpus: readonly RenderBackend[]): Omit<HeartbeatBody, 'backend' | 'baseModels'> {
  const parts = gpus.map((gpu) => gpu.describeForHeartbeat?.() ?? {});
  const first = parts[0] ?? {};
  if (parts.length === 1) return first;
  const reports = parts.map((p) => p.capabilities).filter((c): c is BoxCapabilitiesReport => !!c);
  const capabilities = reports.length ? { ...reports[0]!, gpus: reports.flatMap((c) => c.gpus).map((g, index) => ({ ...g, index })) } : first.capabilities;
  const hashes = parts.flatMap((p) => p.cachedLoraHashes ?? []);
  return {
    ...first,
    ...(hashes.length || first.cachedLoraHashes ? { cachedLoraHashes: [...new Set(hashes)] } : {}),
    ...(parts.some((p) => p.boxProblem !== undefined) ? { boxProblem: parts.map((p) => p.boxProblem ?? null).find((x) => x !== null) ?? null } : {}),
    ...(capabilities !== undefined ? { capabilities } : {}),
  };
}

/** Runs until signal aborts (then finishes or hands back the current job) and says what it did. */
export async function runLeaseLoop(options: LeaseLoopOptions): Promise<LeaseLoopSummary> {
  const { client, signal, log } = options;
  const gpus: readonly RenderBackend[] = Array.isArray(options.backend) ? options.backend : [options.backend as RenderBackend];
  if (!gpus.length) throw new Error('runLeaseLoop needs at least one backend');
  const backend = gpus[0]!;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 15_000;
  const progressIntervalMs = options.progressIntervalMs ?? 5_000;
  const graceMs = options.shutdownGraceMs ?? 25_000;
  const reportRetryMs = options.reportRetryMs ?? 5 * 60_000;
  const errorPauseMs = options.errorPauseMs ?? 5_000;
  const boxRecheckMs = options.boxRecheckMs ?? 30_000;
  const summary: LeaseLoopSummary = { succeeded: 0, failed: 0, dropped: 0 };

  // `signal` means "stop leasing"; `deadline` fires graceMs later and means "stop everything".
  const deadline = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const startGrace = () => {
    graceTimer = setTimeout(() => deadline.abort(new WorkerShutdownError()), graceMs);
  };
  if (signal.aborted) startGrace();
  else signal.addEventListener('abort', startGrace, { once: true });
  // Ends heartbeats and any report still retrying once the loop returns.
  const finished = new AbortController();

  // The answer names identity LoRAs of withdrawn subjects this box holds: they are deleted at once
  // (a file the running job uses, right after it), not left for the cache's size eviction.
  // Each heartbeat says what the box has now (an admin may just have installed a checkpoint).
  const heartbeat = async (opts: CallOptions) => {
    await Promise.all(gpus.map((gpu) => gpu.readBox?.().catch((error: unknown) => log.warn(`reading what the box has failed: ${messageOf(error)}`))));
    const ack = await client.heartbeat({ backend: backend.name, baseModels: [...backend.baseModels], ...describeBox(gpus) }, opts);
    const purged = ack.purgedIdentityLoraHashes ?? [];
    if (purged.length) {
      // A count only: the hashes identify people's LoRAs and have no place in a log.
      let removed = 0;
      for (const gpu of gpus) {
        if (!gpu.purgeIdentityLoras) continue;
        removed += await gpu.purgeIdentityLoras(purged).catch((error: unknown) => {
          log.warn(`deleting identity LoRA files of withdrawn subjects failed: ${messageOf(error)}`);
          return 0;
        });
      }
      if (removed) log.info(`deleted ${removed} identity LoRA file${removed === 1 ? '' : 's'} of withdrawn preview subjects`);
    }
    return ack;
  };

  // Job reports retry while the API is down, but not past the shutdown deadline; after it, one
  // short attempt so a stopping worker still hands its job back when it can.
  const reportOptions = (): CallOptions =>
    deadline.signal.aborted
      ? { signal: AbortSignal.any([finished.signal, AbortSignal.timeout(5_000)]), stopRetrying: deadline.signal }
      : { signal: finished.signal, stopRetrying: AbortSignal.any([deadline.signal, AbortSignal.timeout(reportRetryMs)]) };

  // Several GPUs: completions and failures that come close together go out in one call.
  const reportBatchMs = options.reportBatchMs ?? 5;
  const batcher = gpus.length > 1 && reportBatchMs > 0 ? new ReportBatcher(client, reportOptions, reportBatchMs) : null;
  const complete = (jobId: string, leaseId: string, gpuMs: number | null) =>
    batcher ? batcher.report({ type: 'complete', jobId, leaseId, gpuMs }) : client.complete(jobId, leaseId, gpuMs, reportOptions());
  const fail = (jobId: string, leaseId: string, retryable: boolean, error: string) =>
    batcher ? batcher.report({ type: 'fail', jobId, leaseId, retryable, error }) : client.fail(jobId, leaseId, retryable, error, reportOptions());

  async function runJob(lease: LeasedJob, gpu: RenderBackend): Promise<void> {
    const { job } = lease;
    const started = performance.now();
    // Logs name jobs and subject ids, never a person's name.
    const label = `job ${job.id} seed ${job.seed} subject ${job.subject.id}`;
    const elapsed = () => Math.round(performance.now() - started);
    // `lost`: the API said 409, the job is no longer ours. `jobOver`: stop reporting progress.
    const lost = new AbortController();
    const jobOver = new AbortController();
    const renderSignal = AbortSignal.any([lost.signal, deadline.signal]);

    let latestProgress = 0;
    let progressInFlight = false;
    let progressPending = false;
    const reportProgress = () => {
      if (jobOver.signal.aborted) return;
      if (progressInFlight) {
        progressPending = true;
        return;
      }
      progressInFlight = true;
      client
        .progress(job.id, lease.leaseId, latestProgress, { signal: jobOver.signal })
        .catch((error: unknown) => {
          if (jobOver.signal.aborted) return;
          if (error instanceof StaleLeaseError) lost.abort(error);
          else log.warn(`${label}: progress report failed: ${messageOf(error)}`);
        })
        .finally(() => {
          progressInFlight = false;
          if (progressPending) {
            progressPending = false;
            reportProgress();
          }
        });
    };
    // Regular progress reports keep the lease alive however long the render takes.
    // Report at least three times per lease, so a short lease never runs out under a live render.
    const ticker = setInterval(reportProgress, Math.min(progressIntervalMs, (lease.leaseSeconds * 1000) / 3));
    const stopProgress = () => {
      clearInterval(ticker);
      jobOver.abort();
    };

    try {
      // A lease that was already in flight when the stop came: hand the job straight back.
      if (signal.aborted) throw new WorkerShutdownError();
      const onProgress = (progress: number) => {
        latestProgress = Math.min(1, Math.max(0, progress));
        reportProgress();
      };
      const result = await untilAborted(gpu.render(job, { onProgress, signal: renderSignal }), renderSignal);
      // A fresh URL: output URLs last about a lease, and a render may take several.
      const target = await client.outputTarget(job.id, lease.leaseId, { signal: renderSignal, stopRetrying: AbortSignal.timeout(reportRetryMs) });
      await client.uploadOutput(target, result.png, { signal: renderSignal, stopRetrying: AbortSignal.timeout(reportRetryMs) });
      stopProgress();
      await complete(job.id, lease.leaseId, result.gpuMs);
      summary.succeeded++;
      log.info(`${label} done in ${elapsed()} ms`);
    } catch (error) {
      stopProgress();
      if (error instanceof StaleLeaseError || lost.signal.aborted) {
        summary.dropped++;
        log.warn(`${label} dropped after ${elapsed()} ms: ${messageOf(lost.signal.aborted ? lost.signal.reason : error)}`);
        return;
      }
      // The box lacks what the job needs (a model file): not the job's fault, and another worker may
      // have it. Handed back without spending an attempt; the loop leases nothing until it is fixed.
      if (isBoxProblem(error) && !deadline.signal.aborted) {
        try {
          await client.release(job.id, lease.leaseId, reportOptions());
          summary.failed++;
          log.warn(`${label} released after ${elapsed()} ms, the box cannot render it: ${messageOf(error)}`);
        } catch (releaseError) {
          summary.dropped++;
          log.warn(`${label} dropped after ${elapsed()} ms (box problem: ${messageOf(error)}): ${releaseError instanceof StaleLeaseError ? 'the lease is no longer ours' : `the release could not be reported (${messageOf(releaseError)})`}`);
        }
        // Admins see it on the Workers page at once, not at the next heartbeat.
        await heartbeat({ signal: finished.signal, stopRetrying: AbortSignal.timeout(reportRetryMs) }).catch((e: unknown) => log.warn(`heartbeat failed: ${messageOf(e)}`));
        return;
      }
      const shuttingDown = error instanceof WorkerShutdownError || (deadline.signal.aborted && renderSignal.aborted);
      const retryable = shuttingDown || !isBadJobInput(error);
      const text = shuttingDown ? SHUTDOWN_ERROR_TEXT : messageOf(error);
      try {
        // Shutting down hands the job back without spending one of its attempts.
        if (shuttingDown) await client.release(job.id, lease.leaseId, reportOptions());
        else await fail(job.id, lease.leaseId, retryable, text);
        summary.failed++;
        log.warn(`${label} failed (${retryable ? 'retryable' : 'not retryable'}) in ${elapsed()} ms: ${text}`);
      } catch (failError) {
        summary.dropped++;
        const why = failError instanceof StaleLeaseError ? 'the lease is no longer ours' : `the failure could not be reported (${messageOf(failError)}); the API re-queues it when the lease runs out`;
        log.warn(`${label} dropped after ${elapsed()} ms (${text}): ${why}`);
      }
    }
  }

  let heartbeatTimer: NodeJS.Timeout | undefined;
  try {
    // The API refuses leases from a worker it has not heard from.
    try {
      await heartbeat({ signal: deadline.signal, stopRetrying: signal });
    } catch (error) {
      if (signal.aborted && !isFatalApiError(error)) return summary;
      throw error;
    }
    let heartbeatInFlight = false;
    heartbeatTimer = setInterval(() => {
      if (heartbeatInFlight) return;
      heartbeatInFlight = true;
      heartbeat({ signal: finished.signal, stopRetrying: signal })
        .catch((error: unknown) => {
          if (!finished.signal.aborted && !signal.aborted) log.warn(`heartbeat failed: ${messageOf(error)}`);
        })
        .finally(() => {
          heartbeatInFlight = false;
        });
    }, heartbeatIntervalMs);

    // GPUs without a job, and the jobs running on the others.
    const free = [...gpus];
    const running = new Set<Promise<void>>();
    const boxProblem = () => gpus.map((gpu) => gpu.boxProblem?.() ?? null).find((problem) => problem !== null) ?? null;
    while (!signal.aborted) {
      // A box that lacks what jobs need would fail every one: no lease until it is fixed. The
      // heartbeats say so meanwhile (describeForHeartbeat), and the API leases it nothing either.
      if (boxProblem()) {
        await pause(boxRecheckMs, signal);
        if (signal.aborted) break;
        const remaining = (await Promise.all(gpus.map((gpu) => (gpu.recheckBox ? gpu.recheckBox().catch(() => gpu.boxProblem?.() ?? null) : (gpu.boxProblem?.() ?? null))))).find((problem) => problem !== null);
        if (!remaining) {
          log.info('the box problem is gone; taking jobs again');
          await heartbeat({ signal: deadline.signal, stopRetrying: signal }).catch((e: unknown) => log.warn(`heartbeat failed: ${messageOf(e)}`));
        }
        continue;
      }
      // Every GPU busy: lease again when one is free.
      if (!free.length) {
        await untilAborted(Promise.race(running), signal).catch(() => undefined);
        continue;
      }
      let leases: LeasedJob[];
      try {
        // A long-poll in flight when the stop comes is let finish (within the grace period): a job
        // it brings is handed back at once rather than left leased until its lease expires.
        // One GPU asks as workers always did; several ask for up to their free GPUs in one call.
        const callOptions = { signal: deadline.signal, stopRetrying: signal };
        if (gpus.length === 1) {
          const lease = await client.lease(options.leaseWaitSeconds, callOptions);
          leases = lease ? [lease] : [];
        } else {
          leases = await client.leaseMany(options.leaseWaitSeconds, free.length, callOptions);
        }
      } catch (error) {
        if (isFatalApiError(error)) throw error;
        if (signal.aborted) break;
        if (error instanceof WorkerApiError && error.status === 409) {
          // The API forgot us (or never heard the first heartbeat): register again.
          log.warn(`lease refused (${error.message}); sending a heartbeat`);
          await heartbeat({ signal: deadline.signal, stopRetrying: signal }).catch((e: unknown) => log.warn(`heartbeat failed: ${messageOf(e)}`));
        } else {
          log.warn(`lease failed: ${messageOf(error)}; trying again in ${errorPauseMs} ms`);
        }
        await pause(errorPauseMs, signal);
        continue;
      }
      for (const lease of leases) {
        // More jobs than free GPUs (an API that ignored max): the extra one is handed back at once.
        const gpu = free.shift();
        const run: Promise<void> = gpu
          ? runJob(lease, gpu).finally(() => {
              free.push(gpu);
              running.delete(run);
            })
          : client
              .release(lease.job.id, lease.leaseId, reportOptions())
              .then(
                () => undefined,
                () => undefined,
              )
              .finally(() => running.delete(run));
        running.add(run);
      }
      // One GPU: the job runs to its end before the next lease, as before.
      if (gpus.length === 1 && running.size) await Promise.all(running);
      else if (!leases.length && options.leaseWaitSeconds === 0) await pause(1_000, signal); // no long-poll: do not spin
    }
    await Promise.all(running);
    return summary;
  } finally {
    clearInterval(heartbeatTimer);
    clearTimeout(graceTimer);
    signal.removeEventListener('abort', startGrace);
    finished.abort();
  }
}
