// Parent side of the queue benchmark's helper processes: the embedded S3 server and the simulated
// workers each run in their own Node process (see queue-s3.ts and queue-worker.ts), plus CPU
// accounting per process so the report can say where the time went.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface QueueLoadRequest {
  apiUrl: string;
  tokens: string[];
  /**
   * full: lease -> PUT the PNG to the presigned URL -> complete. queue-only: lease -> fail(retryable: false).
   * batched: each token is a box of gpusPerBox GPUs leasing up to its free GPUs in one call
   * (lease?max=N), then each job as in full (PUT -> complete), each on its own lease.
   * queue-batched: boxes as in batched, each lease call's jobs failed (retryable: false) in one
   * POST /v1/jobs/report, each on its own lease: the queue's own cost per job when both ends batch.
   */
  mode: 'full' | 'queue-only' | 'batched' | 'queue-batched';
  /** batched only: GPUs per box (the most jobs one lease call asks for). */
  gpusPerBox?: number;
  /**
   * batched only: how long a finished job's complete waits for others of its box, to go out together
   * in one POST /v1/jobs/report (as the worker agent does); 0 = each job its own complete call.
   */
  reportBatchMs?: number;
  warmupMs: number;
  durationMs: number;
  pngBase64: string;
}

export interface QueueLoadResult {
  leases: number;
  distinctLeased: number;
  /** Jobs completed (full) or failed (queue-only) with a 200, over the whole run incl. warm-up. */
  finished: number;
  distinctFinished: number;
  /** Of those, finished inside the measured window: the throughput figure. */
  windowFinished: number;
  /** 204 answers to a lease (nothing leasable). */
  empty: number;
  windowEmpty: number;
  /** Report calls (complete, fail or jobs/report) answered 200, whole run: reports per call = finished / reportCalls. */
  reportCalls: number;
  errors: Record<string, number>;
  errorSamples: string[];
  /** Operations started inside the measured window. report = complete or fail; cycle = lease start to report end. */
  latencyMs: { lease: LatencyStats; upload: LatencyStats; report: LatencyStats; cycle: LatencyStats };
  wallMs: number;
}

export type WorkerToParent =
  | { type: 'window-start'; cpu: NodeJS.CpuUsage }
  | { type: 'window-end'; cpu: NodeJS.CpuUsage }
  | { type: 'result'; result: QueueLoadResult }
  | { type: 'failed'; error: string };

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const running = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

// For signal handlers and the end of the run: stop every helper process still running.
export function killQueueChildren(): void {
  for (const c of running) c.kill('SIGKILL');
}

export interface S3Process {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  pid: number;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

export function startS3Process(directory: string): Promise<S3Process> {
  const child = track(fork(here('./queue-s3.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  let nextId = 0;
  const waiting = new Map<number, (u: NodeJS.CpuUsage) => void>();
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type: string; id?: number; usage?: NodeJS.CpuUsage; endpoint?: string; accessKey?: string; secretKey?: string; error?: string }) => {
      if (m.type === 'cpu') {
        waiting.get(m.id!)?.(m.usage!);
        waiting.delete(m.id!);
      } else if (m.type === 'error') reject(new Error(`S3 process failed: ${m.error}`));
      else if (m.type === 'started')
        resolve({
          endpoint: m.endpoint!,
          accessKey: m.accessKey!,
          secretKey: m.secretKey!,
          pid: child.pid!,
          cpu: () =>
            new Promise((res) => {
              const id = nextId++;
              waiting.set(id, res);
              child.send({ type: 'cpu', id });
            }),
          stop: () =>
            new Promise<void>((res) => {
              if (child.exitCode !== null || child.signalCode !== null) return res();
              if (!child.connected) {
                child.kill('SIGKILL');
                return res();
              }
              const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
              child.once('exit', () => {
                clearTimeout(timer);
                res();
              });
              child.send({ type: 'stop' });
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`S3 process exited with code ${code} before starting`)));
    child.send({ type: 'start', directory });
  });
}

// One run of the simulated workers in a separate process. onWindow is called when the measured
// window opens and closes (after the warm-up), with the load generator's CPU time so far.
export function runQueueLoad(req: QueueLoadRequest, onWindow: (edge: 'start' | 'end', loadCpu: NodeJS.CpuUsage) => void): Promise<QueueLoadResult> {
  return new Promise((resolve, reject) => {
    const child = track(fork(here('./queue-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    let settled = false;
    child.on('message', (m: WorkerToParent) => {
      if (m.type === 'window-start') onWindow('start', m.cpu);
      else if (m.type === 'window-end') onWindow('end', m.cpu);
      else if (!settled) {
        settled = true;
        if (m.type === 'result') resolve(m.result);
        else reject(new Error(`simulated workers failed: ${m.error}`));
      }
    });
    child.once('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`simulated workers exited with code ${code} before reporting`));
      settled = true;
    });
    child.send(req);
  });
}

// CPU seconds used so far by every process named `postgres` (Linux /proc; null elsewhere). With a
// local or embedded server that is the database's whole cost: backends, WAL writer, checkpointer.
let ticksPerSecond: number | undefined;
export function postgresCpuSeconds(): number | null {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (stat.slice(open + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    }
    return ticks / ticksPerSecond;
  } catch {
    return null;
  }
}
