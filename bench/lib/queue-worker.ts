// Child-process side of runQueueLoad(): N simulated GPU workers, each an async loop speaking the
// real /v1 protocol (heartbeat, then lease -> [PUT output -> complete | fail] over and over). Kept
// out of the API's process so the load generator never shares its event loop. Plain node:http with
// keep-alive: cheaper per request than fetch, so more of the 2 CPUs go to the system under test.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LatencyStats, QueueLoadRequest, QueueLoadResult, WorkerToParent } from './queue-procs.js';

const send = (m: WorkerToParent) => process.send!(m);

interface Reply {
  status: number;
  body: string;
}

const agents = new Map<string, Agent>();
function agentFor(url: URL): Agent {
  let a = agents.get(url.host);
  if (!a) agents.set(url.host, (a = new Agent({ keepAlive: true, maxSockets: 256 })));
  return a;
}

function call(method: string, target: string, headers: Record<string, string>, body?: Buffer | string): Promise<Reply> {
  const url = new URL(target);
  const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      { method, hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent: agentFor(url), headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url.pathname}: timed out after 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function stats(samples: number[]): LatencyStats {
  if (!samples.length) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { count: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1]!), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}

async function run(req: QueueLoadRequest): Promise<QueueLoadResult> {
  const api = req.apiUrl.replace(/\/$/, '');
  const png = Buffer.from(req.pngBase64, 'base64');
  const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' });

  // Every worker registers first (the API refuses leases from workers it has not heard from).
  await Promise.all(
    req.tokens.map(async (token) => {
      const r = await call('POST', `${api}/v1/workers/heartbeat`, auth(token), JSON.stringify({ backend: 'draft', baseModels: ['sd15', 'sdxl'] }));
      if (r.status !== 200) throw new Error(`heartbeat refused: ${r.status} ${r.body.slice(0, 300)}`);
    }),
  );

  const lat = { lease: [] as number[], upload: [] as number[], report: [] as number[], cycle: [] as number[] };
  const leasedIds = new Set<string>();
  const finishedIds = new Set<string>();
  let leases = 0;
  let finished = 0;
  let windowFinished = 0;
  let empty = 0;
  let windowEmpty = 0;
  let reportCalls = 0;
  const errors: Record<string, number> = {};
  const errorSamples: string[] = [];
  const error = (what: string, detail: string) => {
    errors[what] = (errors[what] ?? 0) + 1;
    if (errorSamples.length < 5) errorSamples.push(`${what}: ${detail.slice(0, 300)}`);
  };

  const t0 = performance.now();
  const windowStart = t0 + req.warmupMs;
  const windowEnd = windowStart + req.durationMs;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;
  const cpuAtStart = process.cpuUsage();
  const startTimer = setTimeout(() => send({ type: 'window-start', cpu: process.cpuUsage(cpuAtStart) }), Math.max(0, windowStart - performance.now()));
  const endTimer = setTimeout(() => send({ type: 'window-end', cpu: process.cpuUsage(cpuAtStart) }), Math.max(0, windowEnd - performance.now()));

  type Lease = { leaseId: string; job: { id: string }; output: { uploadUrl: string; uploadHeaders: Record<string, string> } };
  const noteLease = (lease: Lease) => {
    leases++;
    if (leasedIds.has(lease.job.id)) error('duplicate lease', `job ${lease.job.id} was leased twice`);
    leasedIds.add(lease.job.id);
  };
  // One leased job to its report: PUT the output and complete (full, batched) or fail (queue-only).
  const completeAlone = async (headers: Record<string, string>, lease: Lease): Promise<Reply> => {
    const reply = await call('POST', `${api}/v1/jobs/${lease.job.id}/complete`, headers, JSON.stringify({ leaseId: lease.leaseId, gpuMs: 1 }));
    if (reply.status === 200) reportCalls++;
    return reply;
  };
  // A box's completions that come within reportBatchMs of the first go out in one POST /v1/jobs/report
  // (one alone goes as its own complete, as the worker agent does); each gets its own item's answer.
  const reportBatcher = (headers: Record<string, string>, windowMs: number) => {
    let waiting: Array<{ lease: Lease; resolve: (r: Reply) => void; reject: (e: unknown) => void }> = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = async () => {
      timer = undefined;
      const batch = waiting;
      waiting = [];
      if (batch.length === 1) return completeAlone(headers, batch[0]!.lease).then(batch[0]!.resolve, batch[0]!.reject);
      try {
        const reports = batch.map((w) => ({ type: 'complete', jobId: w.lease.job.id, leaseId: w.lease.leaseId, gpuMs: 1 }));
        const reply = await call('POST', `${api}/v1/jobs/report`, headers, JSON.stringify({ reports }));
        if (reply.status !== 200) return batch.forEach((w) => w.resolve(reply));
        reportCalls++;
        const { results } = JSON.parse(reply.body) as { results: Array<{ ok: boolean; status?: number; job?: unknown }> };
        batch.forEach((w, i) => {
          const r = results[i]!;
          w.resolve(r.ok ? { status: 200, body: JSON.stringify(r.job) } : { status: r.status ?? 0, body: JSON.stringify(r) });
        });
      } catch (e) {
        batch.forEach((w) => w.reject(e));
      }
    };
    return (lease: Lease) =>
      new Promise<Reply>((resolve, reject) => {
        waiting.push({ lease, resolve, reject });
        timer ??= setTimeout(() => void flush(), windowMs);
      });
  };
  const finish = async (headers: Record<string, string>, lease: Lease, started: number, leased: number, reportVia?: (lease: Lease) => Promise<Reply>) => {
    const renders = req.mode !== 'queue-only';
    let reportStarted: number;
    let reply: Reply;
    try {
      if (renders) {
        const put = await call('PUT', lease.output.uploadUrl, lease.output.uploadHeaders, png);
        const uploaded = performance.now();
        if (inWindow(started)) lat.upload.push(uploaded - leased);
        if (put.status !== 200) {
          error(`upload ${put.status}`, put.body);
          return;
        }
        reportStarted = uploaded;
        reply = await (reportVia ? reportVia(lease) : completeAlone(headers, lease));
      } else {
        reportStarted = performance.now();
        reply = await call('POST', `${api}/v1/jobs/${lease.job.id}/fail`, headers, JSON.stringify({ leaseId: lease.leaseId, retryable: false, error: 'bench: queue-only run, nothing rendered' }));
        if (reply.status === 200) reportCalls++;
      }
    } catch (e) {
      error(renders ? 'complete' : 'fail', e instanceof Error ? e.message : String(e));
      return;
    }
    const done = performance.now();
    if (reply.status !== 200) {
      error(`${renders ? 'complete' : 'fail'} ${reply.status}`, reply.body);
      return;
    }
    noteFinished(lease, (JSON.parse(reply.body) as { state: string }).state, renders ? 'SUCCEEDED' : 'FAILED', { started, reportStarted, done });
  };
  // A job's report was answered: counted once, in the window or not, with its latencies.
  const noteFinished = (lease: Lease, state: string, expected: string, at: { started: number; reportStarted: number; done: number }) => {
    if (state !== expected) error(`state ${state}`, `job ${lease.job.id} ended ${state}, expected ${expected}`);
    finished++;
    if (finishedIds.has(lease.job.id)) error('duplicate completion', `job ${lease.job.id} was finished twice`);
    finishedIds.add(lease.job.id);
    if (inWindow(at.done)) windowFinished++;
    if (inWindow(at.started)) {
      lat.report.push(at.done - at.reportStarted);
      lat.cycle.push(at.done - at.started);
    }
  };
  // A lease call; null after a 204 or an error (already counted, and paused after).
  const leaseCall = async (headers: Record<string, string>, query: string): Promise<{ body: unknown; started: number; leased: number } | null> => {
    const started = performance.now();
    let leaseReply: Reply;
    try {
      leaseReply = await call('POST', `${api}/v1/jobs/lease?${query}`, headers, '{}');
    } catch (e) {
      error('lease', e instanceof Error ? e.message : String(e));
      return null;
    }
    const leased = performance.now();
    if (inWindow(started)) lat.lease.push(leased - started);
    if (leaseReply.status === 204) {
      // Nothing leasable right now (queue drained, or every job in the window was taken).
      empty++;
      if (inWindow(started)) windowEmpty++;
      await new Promise((r) => setTimeout(r, 5));
      return null;
    }
    if (leaseReply.status !== 200) {
      error(`lease ${leaseReply.status}`, leaseReply.body);
      await new Promise((r) => setTimeout(r, 50));
      return null;
    }
    return { body: JSON.parse(leaseReply.body), started, leased };
  };

  // One worker, one GPU: lease one job, finish it, again.
  const loop = async (token: string) => {
    const headers = auth(token);
    while (performance.now() < windowEnd) {
      const got = await leaseCall(headers, 'wait=0');
      if (!got) continue;
      const lease = got.body as Lease;
      noteLease(lease);
      await finish(headers, lease, got.started, got.leased);
    }
  };

  // One box of several GPUs: lease up to its free GPUs in one call, each job runs on a free GPU,
  // and the box asks again as soon as one is free.
  const boxLoop = async (token: string, gpus: number) => {
    const headers = auth(token);
    const report = req.reportBatchMs ? reportBatcher(headers, req.reportBatchMs) : undefined;
    let free = gpus;
    const running = new Set<Promise<void>>();
    while (performance.now() < windowEnd) {
      if (!free) {
        await Promise.race(running);
        continue;
      }
      const got = await leaseCall(headers, `wait=0&max=${free}`);
      if (!got) continue;
      for (const lease of (got.body as { leases: Lease[] }).leases) {
        noteLease(lease);
        free--;
        const run: Promise<void> = finish(headers, lease, got.started, got.leased, report).finally(() => {
          free++;
          running.delete(run);
        });
        running.add(run);
      }
    }
    await Promise.all(running);
  };
  // One box, queue only: lease up to all its GPUs in one call, fail what came in one POST /v1/jobs/report
  // (each item on its own lease), again. What a queue's own fetch(n) -> complete(ids) costs per job.
  // As on a real box, the GPUs are free once their jobs are done, not once the report is answered: the
  // next lease call goes out while the report is on its way (one report in flight per box).
  const queueBoxLoop = async (token: string, gpus: number) => {
    const headers = auth(token);
    let reporting: Promise<void> = Promise.resolve();
    while (performance.now() < windowEnd) {
      const got = await leaseCall(headers, `wait=0&max=${gpus}`);
      if (!got) continue;
      const leased = (got.body as { leases: Lease[] }).leases;
      leased.forEach(noteLease);
      await reporting;
      reporting = reportFailures(headers, leased, got.started);
    }
    await reporting;
  };
  const reportFailures = async (headers: Record<string, string>, leased: Lease[], started: number): Promise<void> => {
    const reportStarted = performance.now();
    let reply: Reply;
    try {
      const reports = leased.map((l) => ({ type: 'fail', jobId: l.job.id, leaseId: l.leaseId, retryable: false, error: 'bench: queue-only run, nothing rendered' }));
      reply = await call('POST', `${api}/v1/jobs/report`, headers, JSON.stringify({ reports }));
    } catch (e) {
      error('report', e instanceof Error ? e.message : String(e));
      return;
    }
    const done = performance.now();
    if (reply.status !== 200) {
      error(`report ${reply.status}`, reply.body);
      return;
    }
    reportCalls++;
    const { results } = JSON.parse(reply.body) as { results: Array<{ ok: boolean; job?: { state: string } }> };
    results.forEach((r, i) => {
      const lease = leased[i]!;
      if (!r.ok || !r.job) return error('fail item', JSON.stringify(r));
      noteFinished(lease, r.job.state, 'FAILED', { started, reportStarted, done });
    });
  };
  const loopOf = (t: string) => (req.mode === 'batched' ? boxLoop(t, req.gpusPerBox ?? 8) : req.mode === 'queue-batched' ? queueBoxLoop(t, req.gpusPerBox ?? 8) : loop(t));
  await Promise.all(req.tokens.map(loopOf));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  for (const a of agents.values()) a.destroy();

  return {
    leases,
    distinctLeased: leasedIds.size,
    finished,
    distinctFinished: finishedIds.size,
    windowFinished,
    empty,
    windowEmpty,
    reportCalls,
    errors,
    errorSamples,
    latencyMs: { lease: stats(lat.lease), upload: stats(lat.upload), report: stats(lat.report), cycle: stats(lat.cycle) },
    wallMs: performance.now() - t0,
  };
}

process.once('message', (req: QueueLoadRequest) => {
  run(req).then(
    (result) => process.send!({ type: 'result', result } satisfies WorkerToParent, () => process.exit(0)),
    (e: unknown) => process.send!({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerToParent, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(0));
