import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { RequestTally } from './request-tally.js';

// Process metrics (CPU, memory, event loop, GC) are the process's, however many apps it runs (the
// test suite starts many): collected once, merged into every app's answer.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

// GraphQL operation names come from clients: only this many distinct ones get their own label value.
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** An answered HTTP request, as the middleware saw it. */
export interface AnsweredRequest {
  route: string;
  operation: string;
  method: string;
  status: number;
  seconds: number;
  /** extensions.code of each error in a GraphQL answer (see graphql-error-codes.plugin.ts). */
  graphqlErrorCodes: readonly string[];
}

interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** What operators scrape at /metrics, in Prometheus' text format. Figures that live in the database are read when scraped. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly httpDuration = new Histogram({
    name: 'atelier_http_request_duration_seconds',
    help: 'HTTP requests by route (the GraphQL operation for /graphql), method and status.',
    labelNames: ['route', 'operation', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'atelier_graphql_errors_total',
    help: 'GraphQL answers over HTTP that carried errors (most are HTTP 200), once per distinct extensions.code in the answer.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  /** The same requests per minute, for the admins' system page (RequestCountsService writes them to PostgreSQL). */
  readonly tally = new RequestTally();

  readonly leaseWait = new Histogram({
    name: 'atelier_preview_lease_wait_seconds',
    help: 'How long a preview job waited in the queue before a worker leased it.',
    labelNames: ['backend', 'priority'] as const,
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'atelier_preview_job_duration_seconds',
    help: 'How long a leased preview job took until it was reported done or failed.',
    labelNames: ['backend', 'outcome'] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly usageEvents = new Counter({
    name: 'atelier_usage_events_total',
    help: 'Usage events consumer apps reported, by result (ACCEPTED, DUPLICATE, CONFLICT, REJECTED).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    const dataSource_ = this.dataSource;
    new Gauge({
      name: 'atelier_preview_jobs',
      help: 'Preview jobs waiting or rendering, by state and priority.',
      labelNames: ['state', 'priority'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: Array<{ state: string; priority: string; n: number }> = await dataSource_.query(
          `SELECT state, priority, count(*)::int AS n FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED') GROUP BY state, priority`,
        );
        for (const r of rows) this.set({ state: r.state, priority: r.priority }, r.n);
      },
    });
    new Gauge({
      name: 'atelier_workers_online',
      help: 'Workers that sent a heartbeat in the last minute, by backend.',
      labelNames: ['backend'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: Array<{ backend: string; n: number }> = await dataSource_.query(
          `SELECT w.backend, count(*)::int AS n FROM workers w JOIN worker_tokens t ON t.id = w.token_id
            WHERE t.revoked_at IS NULL AND w.last_heartbeat_at > now() - interval '60 seconds' GROUP BY w.backend`,
        );
        for (const r of rows) this.set({ backend: r.backend }, r.n);
      },
    });
    new Gauge({
      name: 'atelier_db_pool_connections',
      help: "The API's PostgreSQL pool: connections open (total), idle, and requests waiting for one.",
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (dataSource_.driver as unknown as { master?: PoolLike }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  /**
   * Counts one answered request, the one place that does: Prometheus' request histogram and GraphQL
   * error counter, and this process's per-minute tally that the system page sums over every process.
   */
  countRequest(r: AnsweredRequest): void {
    this.httpDuration.observe({ route: r.route, operation: r.operation, method: r.method, status: String(r.status) }, r.seconds);
    const codes = [...new Set(r.graphqlErrorCodes)];
    for (const code of codes) this.graphqlErrors.inc({ code });
    this.tally.count(this.clock.now(), { status: r.status, graphqlErrorCodes: codes });
  }

  /** A GraphQL operation's label: its name while fewer than MAX_OPERATION_LABELS are known, else "other". */
  operationLabel(name: unknown): string {
    if (typeof name !== 'string' || !OPERATION_NAME.test(name)) return name === undefined || name === null ? '' : 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
