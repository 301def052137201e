import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import sharp from 'sharp';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { BoxCapabilitiesReport } from '@atelier/preview-job';
import { WorkerApiClient, type LeasedJob, type PreviewJobPayload } from './api-client.js';
import { BoxProblemError, type RenderBackend, type RenderContext, type RenderResult } from './backends/backend.js';
import { DraftBackend } from './backends/draft/draft-backend.js';
import { runLeaseLoop, type LeaseLoopOptions, type LeaseLoopSummary } from './lease-loop.js';
import { waitFor } from '../../../testing/poll.js';

interface Report {
  jobId: string;
  action: 'progress' | 'complete' | 'fail' | 'release';
  body: Record<string, unknown>;
}

interface FakeJob {
  id: string;
  seed?: number;
  spec?: unknown;
  referencePng?: Buffer;
  // Status the fake answers for a report of this job (default 200).
  statusFor?: Partial<Record<Report['action'], number>>;
}

// The /v1 worker protocol and the presigned storage URLs, in memory, over real HTTP on 127.0.0.1.
class FakeWorkerApi {
  readonly queue: LeasedJob[] = [];
  readonly leased: string[] = [];
  readonly heartbeats: Array<Record<string, unknown>> = [];
  readonly reports: Report[] = [];
  // Each POST /v1/jobs/report: how many reports it carried.
  readonly batchSizes: number[] = [];
  readonly uploads = new Map<string, Buffer>();
  // Jobs whose fresh output URL the worker asked for (right before each upload).
  readonly outputRequests: string[] = [];
  /** What the heartbeat answer names as identity LoRAs to delete (the field is left out when unset). */
  purgedIdentityLoraHashes: string[] | undefined;
  private readonly references = new Map<string, Buffer>();
  private readonly jobs = new Map<string, FakeJob>();
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req.method!, req.url!, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  addJob(job: FakeJob): void {
    this.jobs.set(job.id, job);
    if (job.referencePng) this.references.set(job.id, job.referencePng);
    this.queue.push({
      leaseId: `lease-${job.id}`,
      leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(),
      leaseSeconds: 60,
      job: {
        id: job.id,
        versionId: 'version-1',
        specHash: 'a'.repeat(64),
        spec: job.spec ?? smallSpec(),
        seed: job.seed ?? 42,
        baseModel: 'sdxl',
        attempt: 1,
        subject: { id: 'subject-1', name: 'Mei', identityLora: { sha256: 'b'.repeat(64), url: `${this.url}/storage/identity.safetensors` } },
        styleLoras: [],
        referenceImageUrl: job.referencePng ? `${this.url}/storage/reference/${job.id}?X-Amz-Signature=x` : null,
      },
      output: { uploadUrl: `${this.url}/storage/output/${job.id}?X-Amz-Signature=y`, uploadHeaders: { 'Content-Type': 'image/png' } },
    });
  }

  reportsOf(jobId: string, action?: Report['action']): Report[] {
    return this.reports.filter((r) => r.jobId === jobId && (!action || r.action === action));
  }

  private async handle(method: string, rawUrl: string, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(rawUrl, this.url);
    const send = (status: number, payload?: unknown) => {
      if (payload === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (method === 'PUT' && url.pathname.startsWith('/storage/output/')) {
      this.uploads.set(url.pathname.split('/').pop()!, body);
      return send(200);
    }
    if (method === 'GET' && url.pathname.startsWith('/storage/reference/')) {
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(this.references.get(url.pathname.split('/').pop()!));
    }
    if (url.pathname === '/v1/workers/heartbeat') {
      this.heartbeats.push(JSON.parse(body.toString()));
      return send(200, { workerId: 'worker-1', backend: 'draft', lastHeartbeatAt: new Date().toISOString(), ...(this.purgedIdentityLoraHashes ? { purgedIdentityLoraHashes: this.purgedIdentityLoraHashes } : {}) });
    }
    if (url.pathname === '/v1/jobs/lease') {
      // A short long-poll keeps the tests quick.
      const until = Date.now() + Math.min(Number(url.searchParams.get('wait')) * 1000, 100);
      while (!this.queue.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      const max = url.searchParams.get('max');
      if (max !== null) {
        const leases = this.queue.splice(0, Number(max));
        if (!leases.length) return send(204);
        this.leased.push(...leases.map((l) => l.job.id));
        return send(200, { leases });
      }
      const next = this.queue.shift();
      if (!next) return send(204);
      this.leased.push(next.job.id);
      return send(200, next);
    }
    if (url.pathname === '/v1/jobs/report') {
      const { reports } = JSON.parse(body.toString()) as { reports: Array<{ type: 'complete' | 'fail'; jobId: string } & Record<string, unknown>> };
      this.batchSizes.push(reports.length);
      const results = reports.map(({ type, jobId, ...rest }) => {
        this.reports.push({ jobId, action: type, body: rest });
        const status = this.jobs.get(jobId)?.statusFor?.[type] ?? 200;
        if (status !== 200) return { jobId, ok: false, status, code: 'INVALID_STATE_TRANSITION', message: 'This lease is no longer valid; the job was re-queued, finished or cancelled.' };
        return { jobId, ok: true, job: { id: jobId, state: type === 'complete' ? 'SUCCEEDED' : 'QUEUED', attempts: 1, progress: 1, error: null } };
      });
      return send(200, { results });
    }
    const output = url.pathname.match(/^\/v1\/jobs\/([^/]+)\/output$/);
    if (output) {
      this.outputRequests.push(output[1]!);
      return send(200, { uploadUrl: `${this.url}/storage/output/${output[1]}?X-Amz-Signature=fresh`, uploadHeaders: { 'Content-Type': 'image/png' }, expiresAt: new Date(Date.now() + 75_000).toISOString() });
    }
    const report = url.pathname.match(/^\/v1\/jobs\/([^/]+)\/(progress|complete|fail|release)$/);
    if (report) {
      const [, jobId, action] = report as unknown as [string, string, Report['action']];
      this.reports.push({ jobId, action, body: JSON.parse(body.toString()) });
      const status = this.jobs.get(jobId)?.statusFor?.[action] ?? 200;
      if (status === 409) return send(409, { code: 'INVALID_STATE_TRANSITION', message: 'This lease is no longer valid; the job was re-queued, finished or cancelled.' });
      return send(status, { id: jobId, state: action === 'complete' ? 'SUCCEEDED' : action === 'fail' || action === 'release' ? 'QUEUED' : 'LEASED', attempts: 1, progress: 0, error: null });
    }
    send(404, { code: 'NOT_FOUND', message: `${method} ${url.pathname}` });
  }
}

function smallSpec() {
  return { ...makeDefaultTemplateSpec('sdxl'), canvas: { width: 512, height: 512 } };
}

// A backend whose render does whatever the test says, per job.
class ScriptedBackend implements RenderBackend {
  readonly name = 'draft' as const;
  readonly baseModels = ['sdxl'] as const;
  readonly seenSignals: AbortSignal[] = [];
  constructor(private readonly script: (job: PreviewJobPayload, context: RenderContext) => Promise<RenderResult>) {}
  render(job: PreviewJobPayload, context: RenderContext): Promise<RenderResult> {
    this.seenSignals.push(context.signal);
    return this.script(job, context);
  }
}

const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

const apis: FakeWorkerApi[] = [];
afterEach(async () => {
  await Promise.all(apis.splice(0).map((a) => a.close()));
});

async function startLoop(backendFor: (client: WorkerApiClient) => RenderBackend | readonly RenderBackend[], options: Partial<LeaseLoopOptions> = {}) {
  const api = await new FakeWorkerApi().start();
  apis.push(api);
  const client = new WorkerApiClient({ apiUrl: api.url, token: 'wkr_test', retry: { baseMs: 10, maxMs: 50 } });
  const stop = new AbortController();
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
  let summary: LeaseLoopSummary | undefined;
  const running = runLeaseLoop({ client, backend: backendFor(client), leaseWaitSeconds: 1, signal: stop.signal, log, progressIntervalMs: 50, errorPauseMs: 20, ...options }).then((s) => (summary = s));
  return {
    api,
    lines,
    stop: async () => {
      stop.abort();
      await running;
      return summary!;
    },
    abort: () => stop.abort(),
    running,
  };
}

describe('runLeaseLoop', () => {
  it('registers, renders a real draft, uploads the PNG and completes with the render time', async () => {
    const referencePng = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c04020' } }).png().toBuffer();
    const loop = await startLoop((client) => new DraftBackend(client, ['sdxl']));
    loop.api.addJob({ id: 'job-1', seed: 7, referencePng });

    await waitFor(() => expect(loop.api.reportsOf('job-1', 'complete')).toHaveLength(1), { timeout: 10_000 });
    const summary = await loop.stop();

    expect(loop.api.heartbeats[0]).toEqual({ backend: 'draft', baseModels: ['sdxl'] });
    expect(loop.api.reportsOf('job-1', 'progress').map((r) => r.body)).toContainEqual({ leaseId: 'lease-job-1', progress: 0.5 });
    const complete = loop.api.reportsOf('job-1', 'complete')[0]!.body;
    expect(complete.leaseId).toBe('lease-job-1');
    expect(complete.gpuMs).toEqual(expect.any(Number));
    const meta = await sharp(loop.api.uploads.get('job-1')!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
    // The upload went to a fresh URL asked for right before it (output URLs last about a lease).
    expect(loop.api.outputRequests).toEqual(['job-1']);
    expect(summary).toEqual({ succeeded: 1, failed: 0, dropped: 0 });
    expect(loop.lines).toContainEqual(expect.stringMatching(/^job job-1 seed 7 subject subject-1 done in \d+ ms$/));
    // Nothing personal in the GPU box's logs: the subject's id, never the person's name.
    expect(loop.lines.join('\n')).not.toContain('Mei');
  });

  it("reports a throwing backend's job as a retryable failure with the error text and goes on to the next job", async () => {
    const loop = await startLoop(
      () =>
        new ScriptedBackend(async (job) => {
          if (job.id === 'job-1') throw new Error('CUDA out of memory');
          return { png: PNG_1PX, gpuMs: 5 };
        }),
    );
    loop.api.addJob({ id: 'job-1' });
    loop.api.addJob({ id: 'job-2' });

    await waitFor(() => expect(loop.api.reportsOf('job-2', 'complete')).toHaveLength(1), { timeout: 5_000 });
    const summary = await loop.stop();

    expect(loop.api.reportsOf('job-1').map((r) => [r.action, r.body])).toEqual([['fail', { leaseId: 'lease-job-1', retryable: true, error: 'CUDA out of memory' }]]);
    expect(summary).toEqual({ succeeded: 1, failed: 1, dropped: 0 });
    expect(loop.lines).toContainEqual(expect.stringMatching(/^job job-1 seed 42 subject subject-1 failed \(retryable\) in \d+ ms: CUDA out of memory$/));
  });

  it('fails a job whose spec is invalid for good (retryable: false)', async () => {
    const loop = await startLoop((client) => new DraftBackend(client));
    loop.api.addJob({ id: 'job-1', spec: { ...smallSpec(), canvas: { width: 100, height: 512 } } });

    await waitFor(() => expect(loop.api.reportsOf('job-1', 'fail')).toHaveLength(1), { timeout: 5_000 });
    await loop.stop();

    const fail = loop.api.reportsOf('job-1', 'fail')[0]!.body;
    expect(fail).toMatchObject({ leaseId: 'lease-job-1', retryable: false });
    expect(fail.error).toMatch(/^The template spec is not valid: canvas\.width/);
  });

  it('drops a job whose completion gets 409, reports nothing more for it and keeps working', async () => {
    const loop = await startLoop(() => new ScriptedBackend(async () => ({ png: PNG_1PX, gpuMs: 5 })));
    loop.api.addJob({ id: 'job-1', statusFor: { complete: 409 } });
    loop.api.addJob({ id: 'job-2' });

    await waitFor(() => expect(loop.api.reportsOf('job-2', 'complete')).toHaveLength(1), { timeout: 5_000 });
    const summary = await loop.stop();

    expect(loop.api.reportsOf('job-1').map((r) => r.action)).toEqual(['complete']);
    expect(summary).toEqual({ succeeded: 1, failed: 0, dropped: 1 });
    expect(loop.lines).toContainEqual(expect.stringMatching(/^job job-1 seed 42 subject subject-1 dropped after \d+ ms: .*lease is no longer valid/));
  });

  it('stops rendering a job once a progress report gets 409, without completing or failing it', async () => {
    const backend = new ScriptedBackend((_job, { onProgress, signal }) => {
      onProgress(0.1);
      return untilAborted(signal);
    });
    const loop = await startLoop(() => backend);
    loop.api.addJob({ id: 'job-1', statusFor: { progress: 409 } });

    await waitFor(() => expect(backend.seenSignals[0]?.aborted).toBe(true), { timeout: 5_000 });
    const summary = await loop.stop();

    expect(loop.api.reportsOf('job-1').every((r) => r.action === 'progress')).toBe(true);
    expect(summary).toEqual({ succeeded: 0, failed: 0, dropped: 1 });
  });

  it('on abort finishes the running job within the grace period, leases nothing more and returns', async () => {
    let release!: () => void;
    const backend = new ScriptedBackend(async (job) => {
      if (job.id === 'job-1') await new Promise<void>((resolve) => (release = resolve));
      return { png: PNG_1PX, gpuMs: 5 };
    });
    const loop = await startLoop(() => backend, { shutdownGraceMs: 5_000 });
    loop.api.addJob({ id: 'job-1' });
    await waitFor(() => expect(backend.seenSignals).toHaveLength(1), { timeout: 5_000 });
    loop.api.addJob({ id: 'job-2' });

    loop.abort();
    setTimeout(() => release(), 100);
    await loop.running;

    expect(loop.api.reportsOf('job-1', 'complete')).toHaveLength(1);
    expect(loop.api.leased).toEqual(['job-1']);
  });

  it('hands a job that outlasts the grace period back with release, spending no attempt', async () => {
    const backend = new ScriptedBackend((_job, { signal }) => untilAborted(signal));
    const loop = await startLoop(() => backend, { shutdownGraceMs: 100 });
    loop.api.addJob({ id: 'job-1' });
    await waitFor(() => expect(backend.seenSignals).toHaveLength(1), { timeout: 5_000 });

    const started = Date.now();
    const summary = await loop.stop();

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(loop.api.reportsOf('job-1', 'release').map((r) => r.body)).toEqual([{ leaseId: 'lease-job-1' }]);
    expect(loop.api.reportsOf('job-1', 'fail')).toEqual([]);
    expect(summary).toEqual({ succeeded: 0, failed: 1, dropped: 0 });
  });

  it('deletes the identity LoRA files the heartbeat answer names, and logs how many, never which', async () => {
    const withdrawn = 'd'.repeat(64);
    const purges: string[][] = [];
    const backend = Object.assign(new ScriptedBackend(async () => ({ png: PNG_1PX, gpuMs: 1 })), {
      // Like the LoRA cache: a file goes once; a later heartbeat that still names it finds nothing.
      async purgeIdentityLoras(sha256s: readonly string[]) {
        purges.push([...sha256s]);
        return purges.length === 1 ? sha256s.length : 0;
      },
    });
    const loop = await startLoop(() => backend, { heartbeatIntervalMs: 30 });
    await waitFor(() => expect(loop.api.heartbeats.length).toBeGreaterThanOrEqual(2));
    expect(purges).toEqual([]);

    loop.api.purgedIdentityLoraHashes = [withdrawn];
    await waitFor(() => expect(purges.length).toBeGreaterThanOrEqual(2));
    await loop.stop();
    expect(purges[0]).toEqual([withdrawn]);
    expect(loop.lines.filter((l) => /identity LoRA/.test(l))).toEqual(['deleted 1 identity LoRA file of withdrawn preview subjects']);
    expect(loop.lines.join('\n')).not.toContain(withdrawn);
  });

  it('hands a job its box cannot render back, says so in the heartbeat, leases nothing until the box is fixed', async () => {
    const PROBLEM = "ComfyUI on this box does not list checkpoint 'sd_xl_base_1.0.safetensors' (models/checkpoints)";
    let problem: string | null = null;
    let fixed = false;
    const rechecks: number[] = [];
    const backend = Object.assign(
      new ScriptedBackend(async (job) => {
        if (job.id === 'job-1') {
          problem = PROBLEM;
          throw new BoxProblemError(PROBLEM);
        }
        return { png: PNG_1PX, gpuMs: 1 };
      }),
      {
        describeForHeartbeat: () => ({ boxProblem: problem }),
        boxProblem: () => problem,
        async recheckBox() {
          rechecks.push(Date.now());
          if (fixed) problem = null;
          return problem;
        },
      },
    );
    const loop = await startLoop(() => backend, { boxRecheckMs: 50, heartbeatIntervalMs: 10_000 });
    loop.api.addJob({ id: 'job-1' });
    await waitFor(() => expect(loop.api.reportsOf('job-1', 'release')).toHaveLength(1));
    expect(loop.api.reportsOf('job-1', 'fail')).toEqual([]);
    // Told at once, not at the next heartbeat.
    await waitFor(() => expect(loop.api.heartbeats.at(-1)).toEqual({ backend: 'draft', baseModels: ['sdxl'], boxProblem: PROBLEM }));
    expect(loop.lines).toContainEqual(expect.stringMatching(/^job job-1 seed 42 subject subject-1 released after \d+ ms, the box cannot render it: ComfyUI on this box does not list checkpoint/));

    loop.api.addJob({ id: 'job-2' });
    await waitFor(() => expect(rechecks.length).toBeGreaterThanOrEqual(3));
    expect(loop.api.leased).toEqual(['job-1']);

    fixed = true;
    await waitFor(() => expect(loop.api.reportsOf('job-2', 'complete')).toHaveLength(1));
    expect(loop.api.heartbeats.at(-1)).toEqual({ backend: 'draft', baseModels: ['sdxl'], boxProblem: null });
    expect(await loop.stop()).toEqual({ succeeded: 1, failed: 1, dropped: 0 });
    expect(loop.lines).toContain('the box problem is gone; taking jobs again');
  });

  it('on a box with several GPUs reports jobs that finish together in one call, each on its own lease, and a lone one on its own', async () => {
    let release!: () => void;
    const together = new Promise<void>((resolve) => (release = resolve));
    const gpu = () =>
      new ScriptedBackend(async (job) => {
        if (job.id !== 'job-alone') await together;
        if (job.id === 'job-bad') throw new Error('CUDA out of memory');
        return { png: PNG_1PX, gpuMs: 7 };
      });
    const loop = await startLoop(() => [gpu(), gpu(), gpu(), gpu()], { reportBatchMs: 250 }); // a wide window: uploads here take a variable few ms
    loop.api.addJob({ id: 'job-alone' });
    await waitFor(() => expect(loop.api.reportsOf('job-alone', 'complete')).toHaveLength(1), { timeout: 5_000 });
    expect(loop.api.batchSizes).toEqual([]); // alone: the single report, at once
    for (const id of ['job-a', 'job-b', 'job-bad', 'job-stale']) loop.api.addJob({ id, statusFor: id === 'job-stale' ? { complete: 409 } : {} });
    await waitFor(() => expect(loop.api.leased).toHaveLength(5), { timeout: 5_000 });
    release();
    await waitFor(() => expect(loop.api.reports.filter((r) => r.action !== 'progress')).toHaveLength(5), { timeout: 5_000 });
    const summary = await loop.stop();
    expect(loop.api.batchSizes).toEqual([4]);
    expect(loop.api.reportsOf('job-a', 'complete')[0]!.body).toEqual({ leaseId: 'lease-job-a', gpuMs: 7 });
    expect(loop.api.reportsOf('job-bad', 'fail')[0]!.body).toEqual({ leaseId: 'lease-job-bad', retryable: true, error: 'CUDA out of memory' });
    expect(summary).toEqual({ succeeded: 3, failed: 1, dropped: 1 });
    expect(loop.lines.some((l) => l.includes('job job-stale') && l.includes('dropped'))).toBe(true);
  });

  it('reads what the box has before every heartbeat and sends it; a failed reading sends the last one and says so', async () => {
    // An admin installs the SDXL checkpoint after the first reading.
    const checkpoints = ['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors'];
    let readings = 0;
    let capabilities: BoxCapabilitiesReport | null = null;
    const backend = Object.assign(new ScriptedBackend(async () => ({ png: PNG_1PX, gpuMs: 1 })), {
      async readBox() {
        readings++;
        if (readings === 3) throw new Error('ComfyUI at http://127.0.0.1:8188 is unreachable (ECONNREFUSED)');
        capabilities = { gpus: [{ index: 0, name: 'NVIDIA L4', vramMb: 23_034 }], nodeClasses: ['CheckpointLoaderSimple'], customNodes: [], modelFiles: { checkpoints: readings === 1 ? checkpoints.slice(1) : checkpoints }, loraFileCount: 0 };
      },
      describeForHeartbeat: () => ({ capabilities }),
    });
    const loop = await startLoop(() => backend, { heartbeatIntervalMs: 30 });
    await waitFor(() => expect(loop.api.heartbeats.length).toBeGreaterThanOrEqual(4));
    await loop.stop();
    expect(readings).toBeGreaterThanOrEqual(loop.api.heartbeats.length);
    expect(loop.api.heartbeats[0]).toMatchObject({ capabilities: { modelFiles: { checkpoints: ['v1-5-pruned-emaonly.safetensors'] } } });
    expect(loop.api.heartbeats[1]).toMatchObject({ capabilities: { modelFiles: { checkpoints } } });
    // The third reading failed: that heartbeat went out with the second reading.
    expect(loop.api.heartbeats[2]).toEqual(loop.api.heartbeats[1]);
    expect(loop.lines).toContain('reading what the box has failed: ComfyUI at http://127.0.0.1:8188 is unreachable (ECONNREFUSED)');
  });
});
