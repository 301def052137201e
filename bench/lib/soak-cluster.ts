// What the soak runs and breaks: its own PostgreSQL (embedded, so it can be stopped and started
// again on the same data), the S3 server in its own process, API processes started as production
// starts them (the built apps/api/dist/main.js, ATELIER_ENV=production) and draft worker processes
// (the built apps/worker/dist/main.js). Never the machine's shared PostgreSQL on 5432.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@atelier/api/dist/embedded/embedded-postgres.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
export const WORKER_MAIN = join(ROOT, 'apps/worker/dist/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port within timeoutMs. */
export function isListening(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A PostgreSQL server of the soak's own, with its data kept across stop() and start(). */
export class SoakPostgres {
  private handle: EmbeddedPostgresHandle | null = null;
  url = '';

  constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly database = 'atelier',
  ) {}

  get isRunning(): boolean {
    return this.handle !== null;
  }

  async start(): Promise<void> {
    this.handle = await startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: this.database, persistent: true });
    this.url = this.handle.url;
  }

  /** A fast shutdown (SIGINT, what `pg_ctl stop` and `pg_ctl restart` do): sessions are ended, transactions rolled back. */
  async stop(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.stop();
  }
}

interface ChildSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  logFile: string;
}

/** A child Node process that may be killed and started again; its output goes to a log file (appended across starts). */
export class SoakChild {
  child: ChildProcess | null = null;
  starts = 0;
  /** Exits nobody asked for: `code/signal` each. */
  readonly unexpectedExits: string[] = [];
  private readonly log: WriteStream;
  private readonly expected = new Set<ChildProcess>();
  private recent = '';

  constructor(private readonly spec: ChildSpec) {
    this.log = createWriteStream(spec.logFile, { flags: 'a' });
  }

  get name(): string {
    return this.spec.name;
  }

  get isAlive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 20 KB of output, to quote when something goes wrong. */
  get tail(): string {
    return this.recent;
  }

  start(onLine?: (line: string) => void): void {
    if (this.isAlive) return;
    const child = spawn(process.execPath, this.spec.args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', ...this.spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.starts++;
    this.log.write(`\n----- ${new Date().toISOString()} start #${this.starts} (pid ${child.pid}) -----\n`);
    let partial = '';
    const onData = (d: Buffer) => {
      const text = String(d);
      this.log.write(text);
      this.recent = (this.recent + text).slice(-20_000);
      if (!onLine) return;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      this.log.write(`----- ${new Date().toISOString()} exit ${code ?? ''}${signal ?? ''} -----\n`);
      if (!this.expected.delete(child)) this.unexpectedExits.push(`${code}/${signal}`);
    });
    this.child = child;
  }

  /** Sends `signal` and resolves with the exit code once the process is gone (SIGKILL after timeoutMs). */
  async stop(signal: NodeJS.Signals, timeoutMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.isAlive) return child?.exitCode ?? null;
    this.expected.add(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(force);
    return code;
  }

  async closeLog(): Promise<void> {
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}

/** An API process behind the proxy, on a fixed port so a restart comes back where the proxy expects it. */
export class SoakApi extends SoakChild {
  constructor(
    name: string,
    readonly port: number,
    env: Record<string, string>,
    logFile: string,
  ) {
    super({ name, args: [API_MAIN], env: { ...env, PORT: String(port) }, logFile });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once /readyz answers 200 (rejects if it exits first or after timeoutMs). */
  async startReady(timeoutMs = 90_000): Promise<void> {
    this.start();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.isAlive) throw new Error(`${this.name} exited during start-up:\n${this.tail}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.tail}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A draft (CPU) worker agent leasing through the proxy with its own token. */
export class SoakWorker extends SoakChild {
  /** Job ids this slot's processes reported done ("job <id> … done in N ms"), in order, across restarts. */
  readonly doneJobIds: string[] = [];

  constructor(
    name: string,
    readonly token: string,
    readonly tokenId: string,
    apiUrl: string,
    leaseWaitSeconds: number,
    logFile: string,
  ) {
    super({ name, args: [WORKER_MAIN, '--api', apiUrl, '--backend', 'draft', '--lease-wait', String(leaseWaitSeconds)], env: { WORKER_TOKEN: token }, logFile });
  }

  override start(): void {
    super.start((line) => {
      const m = / job (\S+) seed \d+ subject \S+ done in \d+ ms$/.exec(line);
      if (m) this.doneJobIds.push(m[1]!);
    });
  }
}
