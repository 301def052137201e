// The soak's load balancer: a small round-robin HTTP proxy in front of the API processes, with the
// retry rules of the Caddy proxy in deploy/Caddyfile (Caddy's defaults for what it retries), so
// killing one API is what a load balancer would see.
//
// What it retries, and why:
// - A request that could not be delivered (the upstream refused or never accepted the connection:
//   a dial error) is tried on the next upstream, whatever its method: the upstream never saw it.
//   That upstream is then skipped for FAIL_DURATION_MS (Caddy's fail_duration).
// - A request that was delivered, whose connection then broke before a complete answer came back
//   (reset, hang-up, timeout), is retried only for GET and HEAD. For a POST, and so for every
//   GraphQL call and every worker report, the upstream may have committed it: the proxy answers
//   502 (x-soak-proxy: upstream-reset) and the client decides, as it would behind Caddy.
// - Answers are never retried, whatever their status: a 503 from an API is passed through.
// - No upstream available (all failing their /readyz or marked down): the request waits, trying
//   every TRY_INTERVAL_MS, for up to TRY_DURATION_MS (Caddy's lb_try_duration), then gets 503
//   (x-soak-proxy: no-upstream).
// Upstream connections are not kept alive: a dial error is then always a fresh connection that was
// refused, never an idle keep-alive socket the upstream closed, so the two cases above stay apart.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const HEALTH_INTERVAL_MS = 2_000;
const HEALTH_TIMEOUT_MS = 2_000;
const FAIL_DURATION_MS = 10_000;
const TRY_DURATION_MS = 5_000;
const TRY_INTERVAL_MS = 250;
// Long enough for a worker's 20 s lease long-poll.
const UPSTREAM_TIMEOUT_MS = 60_000;
const RETRIED_AFTER_DELIVERY = new Set(['GET', 'HEAD']);

export interface Upstream {
  name: string;
  port: number;
}

export interface ProxyObservation {
  at: number;
  method: string;
  path: string;
  status: number;
  upstream: string | null;
  /** The request's Authorization header (which worker leased, say). */
  authorization: string | undefined;
}

export interface ProxyStats {
  requests: number;
  byUpstream: Record<string, number>;
  /** Tried again on another upstream after a dial error (any method). */
  retriedAfterDialError: number;
  /** GET/HEAD tried again after a delivered request lost its connection. */
  retriedAfterReset: number;
  /** 502 answered by the proxy: a non-idempotent request lost its connection after delivery. */
  upstreamReset502: number;
  /** 503 answered by the proxy: no upstream became available within TRY_DURATION_MS. */
  noUpstream503: number;
  /** The client's connection was cut because the upstream broke off mid-answer. */
  brokenMidAnswer: number;
  /** Health transitions, in order, at `clock()` time. */
  healthChanges: Array<{ t: number; upstream: string; healthy: boolean; detail: string }>;
}

interface UpstreamState extends Upstream {
  healthy: boolean;
  downUntil: number;
}

export class SoakProxy {
  readonly stats: ProxyStats = { requests: 0, byUpstream: {}, retriedAfterDialError: 0, retriedAfterReset: 0, upstreamReset502: 0, noUpstream503: 0, brokenMidAnswer: 0, healthChanges: [] };
  private readonly upstreams: UpstreamState[];
  private readonly agent = new Agent({ keepAlive: false });
  private server: Server | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private next = 0;
  private readonly sockets = new Set<Socket>();

  /** `observe` hears every answer the proxy passed on or made (for recovery times); `clock` stamps health changes. */
  constructor(
    upstreams: Upstream[],
    private readonly observe: (o: ProxyObservation) => void = () => undefined,
    private readonly clock: () => number = Date.now,
  ) {
    this.upstreams = upstreams.map((u) => ({ ...u, healthy: true, downUntil: 0 }));
    for (const u of upstreams) this.stats.byUpstream[u.name] = 0;
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_INTERVAL_MS);
    void this.checkHealth();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (this.healthTimer) clearInterval(this.healthTimer);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pick(tried: Set<string>): UpstreamState | null {
    const now = Date.now();
    const usable = this.upstreams.filter((u) => u.healthy && u.downUntil <= now && !tried.has(u.name));
    if (!usable.length) return null;
    return usable[this.next++ % usable.length]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      return; // the client went away
    }
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const started = Date.now();
    const tried = new Set<string>();
    for (;;) {
      const upstream = this.pick(tried);
      if (!upstream) {
        // Every upstream was tried for this request or is unavailable: wait for one (a fresh round).
        if (Date.now() - started >= TRY_DURATION_MS) return this.answer(req, res, 503, 'no-upstream', null);
        await new Promise((r) => setTimeout(r, TRY_INTERVAL_MS));
        tried.clear();
        continue;
      }
      tried.add(upstream.name);
      const outcome = await this.forward(upstream, req, res, body);
      if (outcome === 'done') return;
      if (outcome === 'dial-error') {
        upstream.downUntil = Date.now() + FAIL_DURATION_MS;
        this.stats.retriedAfterDialError++;
        continue;
      }
      // Delivered, then the connection broke before an answer.
      if (RETRIED_AFTER_DELIVERY.has(method)) {
        this.stats.retriedAfterReset++;
        continue;
      }
      return this.answer(req, res, 502, 'upstream-reset', upstream.name);
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse, status: number, reason: 'no-upstream' | 'upstream-reset', upstream: string | null): void {
    if (reason === 'no-upstream') this.stats.noUpstream503++;
    else this.stats.upstreamReset502++;
    this.observe({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '/', status, upstream, authorization: req.headers.authorization });
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', 'x-soak-proxy': reason, ...(status === 503 ? { 'retry-after': '1' } : {}) });
    res.end(JSON.stringify({ code: reason === 'no-upstream' ? 'NO_UPSTREAM' : 'UPSTREAM_RESET', message: reason === 'no-upstream' ? 'no API process is available' : 'the API process broke off the connection' }));
  }

  // 'done' once an answer was passed on (or the client went away); otherwise why it failed.
  private forward(upstream: UpstreamState, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<'done' | 'dial-error' | 'reset'> {
    return new Promise((resolve) => {
      let connected = false;
      let settled = false;
      const settle = (v: 'done' | 'dial-error' | 'reset') => {
        if (!settled) {
          settled = true;
          resolve(v);
        }
      };
      const headers = { ...req.headers, host: `127.0.0.1:${upstream.port}`, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', connection: 'close' };
      delete (headers as Record<string, unknown>)['keep-alive'];
      const up = request({ host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers, agent: this.agent, timeout: UPSTREAM_TIMEOUT_MS }, (upRes) => {
        this.stats.byUpstream[upstream.name] = (this.stats.byUpstream[upstream.name] ?? 0) + 1;
        const status = upRes.statusCode ?? 502;
        res.writeHead(status, upRes.headers);
        upRes.pipe(res);
        upRes.on('end', () => {
          this.observe({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '/', status, upstream: upstream.name, authorization: req.headers.authorization });
          settle('done');
        });
        // Too late to retry once part of the answer went out: the client sees a broken answer.
        let broken = false;
        const breakOff = () => {
          if (!broken) this.stats.brokenMidAnswer++;
          broken = true;
          res.destroy();
          settle('done');
        };
        upRes.on('error', breakOff);
        upRes.on('aborted', breakOff);
      });
      up.on('socket', (s: Socket) => {
        if (!s.connecting) connected = true;
        else s.once('connect', () => (connected = true));
      });
      up.on('timeout', () => up.destroy(new Error('upstream timeout')));
      up.on('error', () => settle(connected ? 'reset' : 'dial-error'));
      res.on('close', () => {
        // The client gave up: stop the upstream request too.
        if (!res.writableFinished) up.destroy();
        settle('done');
      });
      up.end(body);
    });
  }

  // Active health checks, as Caddy's health_uri /readyz (health_fails 1, health_passes 1).
  private async checkHealth(): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (u) => {
        let healthy = false;
        let detail = '';
        try {
          const res = await fetch(`http://127.0.0.1:${u.port}/readyz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
          healthy = res.status === 200;
          detail = `HTTP ${res.status}`;
          await res.body?.cancel();
        } catch (e) {
          detail = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        }
        if (healthy !== u.healthy) this.stats.healthChanges.push({ t: this.clock(), upstream: u.name, healthy, detail });
        // As in Caddy, passing /readyz does not lift a passive fail_duration mark early.
        u.healthy = healthy;
      }),
    );
  }
}
