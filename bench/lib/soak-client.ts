// How the soak's simulated people and apps call the API (through the proxy): GraphQL over keep-alive
// HTTP, every answer classified, counted per operation, and handed to the recovery clock.
import { Agent, request } from 'node:http';

export type Auth = { bearer: string } | { apiKey: string } | null;

export type CallResult<T> =
  | { ok: true; data: T; status: number }
  | {
      ok: false;
      /** What went wrong, for the error table: `<HTTP status> <extensions.code>`, `proxy 502 upstream-reset`, `net ECONNRESET`, `timeout`. */
      key: string;
      status: number;
      code: string | null;
      message: string;
      /** The request may or may not have been carried out (no answer, or a 5xx): repeat it or find out. */
      unknownOutcome: boolean;
      /** How long the answer asked to wait (Retry-After), else a default. */
      retryAfterMs: number;
    };

export type OpKind = 'write' | 'read';

export interface OpStats {
  kind: OpKind;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  latencyMs: number[];
}

export interface CallObservation {
  op: string;
  kind: OpKind;
  ok: boolean;
  /** The error key when not ok. */
  key: string | null;
  startedAt: number;
  endedAt: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class SoakClient {
  readonly ops = new Map<string, OpStats>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly observe: (o: CallObservation) => void = () => undefined,
  ) {
    this.url = new URL('/graphql', baseUrl);
  }

  close(): void {
    this.agent.destroy();
  }

  private stats(op: string, kind: OpKind): OpStats {
    let s = this.ops.get(op);
    if (!s) this.ops.set(op, (s = { kind, ok: 0, failed: 0, errors: {}, latencyMs: [] }));
    return s;
  }

  /** Counts an outcome the caller decided is an error although the call answered (e.g. a usage event CONFLICT). */
  countError(op: string, kind: OpKind, key: string): void {
    const s = this.stats(op, kind);
    s.errors[key] = (s.errors[key] ?? 0) + 1;
  }

  async gql<T>(op: string, kind: OpKind, query: string, variables: Record<string, unknown>, auth: Auth): Promise<CallResult<T>> {
    const startedAt = Date.now();
    const result = await this.post<T>(query, variables, auth);
    const endedAt = Date.now();
    const s = this.stats(op, kind);
    if (result.ok) {
      s.ok++;
      s.latencyMs.push(endedAt - startedAt);
    } else {
      s.failed++;
      s.errors[result.key] = (s.errors[result.key] ?? 0) + 1;
    }
    this.observe({ op, kind, ok: result.ok, key: result.ok ? null : result.key, startedAt, endedAt });
    return result;
  }

  private post<T>(query: string, variables: Record<string, unknown>, auth: Auth): Promise<CallResult<T>> {
    const body = JSON.stringify({ query, variables });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (auth && 'bearer' in auth) headers['authorization'] = `Bearer ${auth.bearer}`;
    if (auth && 'apiKey' in auth) headers['x-api-key'] = auth.apiKey;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (r: CallResult<T>) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const req = request({ method: 'POST', hostname: this.url.hostname, port: this.url.port, path: this.url.pathname, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => settle(networkFailure(e)));
        res.on('aborted', () => settle(networkFailure(Object.assign(new Error('answer broken off'), { code: 'ABORTED' }))));
        res.on('end', () => settle(classify<T>(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
      req.on('error', (e) => settle(networkFailure(e)));
      req.end(body);
    });
  }
}

function networkFailure(e: Error & { code?: string }): CallResult<never> {
  const code = e.code ?? 'ERROR';
  return { ok: false, key: code === 'TIMEOUT' ? 'timeout' : `net ${code}`, status: 0, code: null, message: e.message, unknownOutcome: true, retryAfterMs: 1_000 };
}

function classify<T>(status: number, headers: Record<string, string | string[] | undefined>, text: string): CallResult<T> {
  let json: { data?: T; errors?: Array<{ message?: string; extensions?: { code?: string } }>; code?: string; message?: string } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (an HTML error page, say)
  }
  const retryAfter = Number(headers['retry-after']);
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1_000;
  const proxy = headers['x-soak-proxy'];
  if (typeof proxy === 'string') return { ok: false, key: `proxy ${status} ${proxy}`, status, code: json?.code ?? null, message: json?.message ?? '', unknownOutcome: true, retryAfterMs };
  const firstError = json?.errors?.[0];
  if (status === 200 && json && !json.errors && json.data !== undefined) return { ok: true, data: json.data as T, status };
  const code = firstError?.extensions?.code ?? json?.code ?? null;
  return {
    ok: false,
    key: `${status} ${code ?? 'no-code'}`,
    status,
    code,
    message: firstError?.message ?? json?.message ?? text.slice(0, 200),
    // A 5xx (or an answer that is not GraphQL) leaves open whether the request was carried out.
    unknownOutcome: status >= 500 || status === 0 || !json,
    retryAfterMs,
  };
}

/** p50/p99/max of a list of latencies (ms). */
export function percentiles(values: number[]): { count: number; p50: number; p99: number; max: number } {
  if (!values.length) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}
