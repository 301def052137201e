import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ApiUnavailableError, retryDelayMs, StaleLeaseError, WorkerApiClient, WorkerApiError, type HeartbeatBody, type RetryNotice } from './api-client.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

// A real HTTP server on 127.0.0.1 answering from `handle`; records what it was sent.
async function startServer(handle: (req: Seen, res: ServerResponse) => void, port = 0): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      handle(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const fast = { baseMs: 20, maxMs: 100 };
const HEARTBEAT: HeartbeatBody = { backend: 'draft', baseModels: ['sdxl'] };

describe('WorkerApiClient', () => {
  it('backs off on 503 and succeeds once the API answers', async () => {
    let calls = 0;
    const api = await startServer((_req, res) => {
      calls++;
      if (calls <= 2) json(res, 503, { code: 'INTERNAL', message: 'starting up' });
      else json(res, 200, { workerId: 'w1', backend: 'draft', lastHeartbeatAt: '2026-01-01T00:00:00.000Z' });
    });
    const notices: RetryNotice[] = [];
    const client = new WorkerApiClient({ apiUrl: api.url, token: 'wkr_test', retry: fast, onRetry: (n) => notices.push(n) });

    const started = Date.now();
    const result = await client.heartbeat(HEARTBEAT);

    expect(result.workerId).toBe('w1');
    expect(api.seen).toHaveLength(3);
    expect(api.seen.every((s) => s.method === 'POST' && s.url === '/v1/workers/heartbeat' && s.authorization === 'Bearer wkr_test')).toBe(true);
    expect(JSON.parse(api.seen[2]!.body)).toEqual(HEARTBEAT);
    expect(notices.map((n) => [n.call, n.attempt, n.reason])).toEqual([
      ['workers/heartbeat', 1, 'HTTP 503'],
      ['workers/heartbeat', 2, 'HTTP 503'],
    ]);
    // Equal jitter: attempt n waits between half and all of base * 2^n.
    expect(notices[0]!.delayMs).toBeGreaterThanOrEqual(10);
    expect(notices[0]!.delayMs).toBeLessThanOrEqual(20);
    expect(notices[1]!.delayMs).toBeGreaterThanOrEqual(20);
    expect(notices[1]!.delayMs).toBeLessThanOrEqual(40);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('reconnects when the API was down at the first call', async () => {
    // Find a free port, leave it closed, and only start the API there after a few refused tries.
    const probe = await startServer(() => undefined);
    const port = Number(new URL(probe.url).port);
    await new Promise((resolve) => probe.server.close(resolve));
    servers.splice(servers.indexOf(probe.server), 1);

    const notices: RetryNotice[] = [];
    const client = new WorkerApiClient({ apiUrl: probe.url, token: 'wkr_test', retry: fast, onRetry: (n) => notices.push(n) });
    const pending = client.lease(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await startServer((_req, res) => res.writeHead(204).end(), port);

    expect(await pending).toBeNull();
    expect(notices.length).toBeGreaterThanOrEqual(2);
    expect(notices[0]!.reason).toBe('ECONNREFUSED');
  });

  it('turns 409 on a job report into StaleLeaseError and does not retry it', async () => {
    const api = await startServer((_req, res) => json(res, 409, { code: 'INVALID_STATE_TRANSITION', message: 'This lease is no longer valid.' }));
    const client = new WorkerApiClient({ apiUrl: api.url, token: 'wkr_test', retry: fast });

    const error = await client.complete('job-1', 'lease-1', 1234.6).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StaleLeaseError);
    expect((error as StaleLeaseError).message).toContain('This lease is no longer valid.');
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]!.url).toBe('/v1/jobs/job-1/complete');
    expect(JSON.parse(api.seen[0]!.body)).toEqual({ leaseId: 'lease-1', gpuMs: 1235 });
  });

  it('surfaces a 400 with its code and message at once', async () => {
    const api = await startServer((_req, res) => json(res, 400, { code: 'BAD_USER_INPUT', message: 'wait must be 0 to 20 seconds.' }));
    const client = new WorkerApiClient({ apiUrl: api.url, token: 'wkr_test', retry: fast });

    const error = await client.lease(20).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkerApiError);
    expect(error).not.toBeInstanceOf(StaleLeaseError);
    expect(error).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(api.seen).toHaveLength(1);
  });

  it('stops retrying once told to and says why', async () => {
    const api = await startServer((_req, res) => json(res, 502, { code: 'BAD_GATEWAY', message: 'upstream down' }));
    const client = new WorkerApiClient({ apiUrl: api.url, token: 'wkr_test', retry: { baseMs: 1_000, maxMs: 1_000 } });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);

    const error = await client.fail('job-1', 'lease-1', true, 'boom', { stopRetrying: stop.signal }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiUnavailableError);
    expect((error as Error).message).toBe('jobs/job-1/fail: HTTP 502 (gave up after 1 attempt)');
  });

  it('uploads and downloads presigned URLs without the worker token', async () => {
    const storage = await startServer((req, res) => {
      if (req.method === 'PUT') res.writeHead(200).end();
      else res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([1, 2, 3]));
    });
    const client = new WorkerApiClient({ apiUrl: 'http://127.0.0.1:9', token: 'wkr_test', retry: fast });

    await client.uploadOutput({ uploadUrl: `${storage.url}/out.png?X-Amz-Signature=abc`, uploadHeaders: { 'Content-Type': 'image/png' } }, Buffer.from('png bytes'));
    const bytes = await client.download(`${storage.url}/ref.png?X-Amz-Signature=def`);

    expect(storage.seen.map((s) => [s.method, s.url, s.authorization])).toEqual([
      ['PUT', '/out.png?X-Amz-Signature=abc', undefined],
      ['GET', '/ref.png?X-Amz-Signature=def', undefined],
    ]);
    expect(storage.seen[0]!.body).toBe('png bytes');
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and never exceeds the 30 s cap', () => {
    expect(retryDelayMs(0, { baseMs: 500, maxMs: 30_000 }, () => 1)).toBe(500);
    expect(retryDelayMs(3, { baseMs: 500, maxMs: 30_000 }, () => 1)).toBe(4_000);
    expect(retryDelayMs(3, { baseMs: 500, maxMs: 30_000 }, () => 0)).toBe(2_000);
    expect(retryDelayMs(40, undefined, () => 1)).toBe(30_000);
  });
});
