import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A pool of real worker processes (the compiled apps/worker/dist/main.js) that a chaos test can
// SIGKILL and restart one by one. Each slot keeps its token across restarts and the output of every
// process it ran; stopAll() ends whatever still runs (and a process 'exit' hook does too, so a
// crashed test never leaves workers polling a dead API).

const WORKER_MAIN = fileURLToPath(new URL('../../apps/worker/dist/main.js', import.meta.url));

export interface WorkerSlot {
  name: string;
  token: string;
  tokenId: string;
  child: ChildProcess | null;
  /** stdout+stderr of every process this slot ran, in order. */
  output: string[];
  starts: number;
  /** Date.now() when the current process was spawned. */
  spawnedAt: number;
  kills: number;
  /** Exits the pool did not cause (crashes): `code/signal` per exit. */
  unexpectedExits: string[];
}

export class WorkerPool {
  readonly slots: WorkerSlot[];
  private readonly killing = new Set<ChildProcess>();
  private readonly all = new Set<ChildProcess>();
  private readonly onExit = () => {
    for (const c of this.all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };

  constructor(
    private readonly apiUrl: string,
    tokens: Array<{ name: string; token: string; tokenId: string }>,
    private readonly args: string[] = ['--backend', 'draft', '--lease-wait', '2'],
  ) {
    this.slots = tokens.map((t) => ({ ...t, child: null, output: [], starts: 0, spawnedAt: 0, kills: 0, unexpectedExits: [] }));
    process.once('exit', this.onExit);
  }

  start(slot: WorkerSlot): void {
    if (isAlive(slot.child)) return;
    const child = spawn(process.execPath, [WORKER_MAIN, '--api', this.apiUrl, ...this.args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', WORKER_TOKEN: slot.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const index = slot.output.push('') - 1;
    const append = (d: Buffer) => (slot.output[index] += String(d));
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.once('exit', (code, signal) => {
      this.all.delete(child);
      if (!this.killing.delete(child)) slot.unexpectedExits.push(`${code}/${signal}`);
    });
    this.all.add(child);
    slot.child = child;
    slot.spawnedAt = Date.now();
    slot.starts++;
  }

  startAll(): void {
    for (const s of this.slots) this.start(s);
  }

  alive(): WorkerSlot[] {
    return this.slots.filter((s) => isAlive(s.child));
  }

  /** SIGKILL: no release, no last report; the job it holds stays leased until the lease runs out. */
  async kill(slot: WorkerSlot): Promise<void> {
    const child = slot.child;
    if (!child || !isAlive(child)) return;
    this.killing.add(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    slot.kills++;
    await exited;
  }

  /** Graceful stop (SIGTERM), resolving with each slot's exit code; SIGKILL after timeoutMs. */
  async stopAll(signal: NodeJS.Signals = 'SIGKILL', timeoutMs = 10_000): Promise<Array<number | null>> {
    const codes = await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        if (!child || !isAlive(child)) return child?.exitCode ?? null;
        this.killing.add(child);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }),
    );
    process.removeListener('exit', this.onExit);
    return codes;
  }

  /** Every "job <id> … done in N ms" line any process of the pool printed, as job ids. */
  doneJobIds(): string[] {
    const ids: string[] = [];
    for (const slot of this.slots) for (const out of slot.output) for (const m of out.matchAll(/ job (\S+) seed \d+ subject \S+ done in \d+ ms$/gm)) ids.push(m[1]!);
    return ids;
  }
}

function isAlive(child: ChildProcess | null): boolean {
  return !!child && child.exitCode === null && child.signalCode === null;
}
