// Child-process side of the ledger benchmark: N clients, each an async loop sending recordUsage
// batches over GraphQL (keep-alive node:http) until its share of events is sent. Kept out of the
// API's process so the load never shares its event loop. Config arrives as argv[2] (JSON); the
// result goes back over IPC.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LedgerLoadRequest {
  apiUrl: string;
  apiKey: string;
  clients: number;
  batchSize: number;
  events: number;
  /** Event ids are `${prefix}-${client}-${n}`, unique across phases when prefixes differ. */
  prefix: string;
  versionIds: string[];
  /** occurredAt is spread over [monthStart, monthEnd). */
  monthStartMs: number;
  monthEndMs: number;
}

export interface LedgerLoadResult {
  sent: number;
  accepted: number;
  notAccepted: number;
  batches: number;
  elapsedMs: number;
  batchMs: { p50: number; p99: number; max: number };
  errors: string[];
  cpu: NodeJS.CpuUsage;
}

const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`;

function post(agent: Agent, url: URL, apiKey: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, agent, headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('recordUsage timed out after 120 s')));
    req.on('error', reject);
    req.end(body);
  });
}

// A small deterministic generator, so runs are comparable.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function runLedgerLoad(req: LedgerLoadRequest): Promise<LedgerLoadResult> {
  const url = new URL('/graphql', req.apiUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: req.clients });
  const perClient = Math.ceil(req.events / req.clients);
  const latencies: number[] = [];
  const errors: string[] = [];
  let sent = 0;
  let accepted = 0;
  let batches = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: req.clients }, async (_, client) => {
      const rnd = random(client + 1);
      const quota = Math.min(perClient, req.events - client * perClient);
      for (let n = 0; n < quota; n += req.batchSize) {
        const size = Math.min(req.batchSize, quota - n);
        const events = Array.from({ length: size }, (_, k) => ({
          eventId: `${req.prefix}-${client}-${n + k}`,
          templateVersionId: req.versionIds[Math.floor(rnd() * req.versionIds.length)]!,
          occurredAt: new Date(req.monthStartMs + Math.floor(rnd() * (req.monthEndMs - req.monthStartMs))).toISOString(),
          grossAmount: 100 + Math.floor(rnd() * 4900),
          currency: 'CNY',
        }));
        const t0 = performance.now();
        const res = await post(agent, url, req.apiKey, JSON.stringify({ query: RECORD, variables: { events } }));
        latencies.push(performance.now() - t0);
        batches++;
        sent += size;
        let body: { data?: { recordUsage?: { accepted: number } }; errors?: unknown } = {};
        try {
          body = JSON.parse(res.text) as typeof body;
        } catch {
          // reported below
        }
        const got = body.data?.recordUsage?.accepted;
        if (res.status !== 200 || typeof got !== 'number') {
          if (errors.length < 5) errors.push(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
          continue;
        }
        accepted += got;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { sent, accepted, notAccepted: sent - accepted, batches, elapsedMs, batchMs: { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 }, errors, cpu: process.cpuUsage(cpuStart) };
}

if (process.send && process.argv[2]) {
  runLedgerLoad(JSON.parse(process.argv[2]) as LedgerLoadRequest).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
