import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

// What every benchmark needs around its measurement: a quietness check, the commit it measured,
// and cleanups that run once whether the run ends, fails or is interrupted.

/** Share of the machine's CPU (in %) used by other processes over `ms`. */
export async function cpuBusyPercent(ms = 1000): Promise<number> {
  const snap = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, total: 0 });
  const a = snap();
  const own = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ms));
  const b = snap();
  const ownUsed = process.cpuUsage(own);
  const total = b.total - a.total; // ms, summed over CPUs
  const busy = total - (b.idle - a.idle) - (ownUsed.user + ownUsed.system) / 1000;
  return total > 0 ? Math.max(0, Math.round((100 * busy) / total)) : 0;
}

/** Short SHA of HEAD, with `-dirty` when tracked files changed; null outside git. */
export function gitCommit(): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return null;
  }
}

export interface Cleanups {
  cleanups: Array<{ what: string; run: () => Promise<void> | void }>;
  cleanup(): Promise<void>;
  /** True once a signal started the interrupt path (which exits on its own). */
  isInterrupted(): boolean;
}

/** Cleanups run once, last registered first; SIGINT/SIGTERM run onInterrupt, then them, then exit 130. */
export function setUpCleanups(log: (message: string) => void, onInterrupt: () => void): Cleanups {
  const cleanups: Cleanups['cleanups'] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaning ??= (async () => {
      for (const c of cleanups.reverse()) {
        try {
          await c.run();
        } catch (e) {
          log(`cleanup (${c.what}) failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })();
    return cleaning;
  };
  // Nest's shutdown hooks may also listen for these; this one stays registered (guarded) to finish
  // dropping the database first.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${signal}: stopping and cleaning up`);
      onInterrupt();
      void cleanup().finally(() => process.exit(130));
    });
  }
  return { cleanups, cleanup, isInterrupted: () => interrupted };
}

/** A numeric knob from the environment (the fallback when unset), refusing anything below `min`. */
export function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min} (got "${raw}")`);
  return n;
}
