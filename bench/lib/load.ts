import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AutocannonOptions } from 'autocannon';

export interface LoadSummary {
  requestsPerSec: number;
  totalRequests: number;
  durationSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  bytesPerSec: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));
const running = new Set<ReturnType<typeof fork>>();

// One autocannon pass in a separate Node process; resolves with its summary.
export function runLoad(opts: AutocannonOptions): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    running.add(child);
    let settled = false;
    child.once('message', (m: { ok: true; summary: LoadSummary } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.summary);
      else reject(new Error(`autocannon failed: ${m.error}`));
    });
    child.once('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    child.once('exit', (code) => {
      running.delete(child);
      if (!settled) reject(new Error(`autocannon worker exited with code ${code} before reporting`));
      settled = true;
    });
    child.send(opts);
  });
}

// For signal handlers: stop any load generator still running.
export function killLoadWorkers(): void {
  for (const c of running) c.kill('SIGKILL');
}
