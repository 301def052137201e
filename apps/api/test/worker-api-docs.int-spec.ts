import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import type { z } from 'zod';
import { jobStatusSchema, leaseBatchSchema, leasedJobSchema, protocolErrorSchema, workerHeartbeatAckSchema, workerIdentitySchema } from '@atelier/preview-job';
import { httpErrorSchema } from '../src/modules/worker-api-docs/worker-openapi.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, type TestUser } from './factories/factories.js';
import { makePngBytes } from './factories/asset-fixtures.js';

// The worker protocol's docs (/v1/openapi.json and /v1/docs) against the routes Nest really serves:
// a /v1 endpoint without docs fails here, and so does a documented one that does not exist.

type JsonObject = Record<string, any>;

interface Route {
  method: string;
  path: string;
}

// Every route of the running Express app, with `:id` written as OpenAPI's `{id}`.
function registeredRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  return express.router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((method) => ({ method, path: layer.route!.path.replace(/:(\w+)/g, '{$1}') })) : [],
  );
}

const key = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe('worker protocol docs', () => {
  let t: TestApp;
  let doc: JsonObject;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    doc = (await res.json()) as JsonObject;
  });
  afterAll(() => t?.close());

  it('serves an OpenAPI 3.1 document without a token', () => {
    expect(doc['openapi']).toMatch(/^3\.1\.\d+$/);
    expect(doc['info']).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc['components'].securitySchemes.workerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc['security']).toEqual([{ workerToken: [] }]);
    const operationIds: string[] = [];
    for (const [path, methods] of Object.entries(doc['paths'] as Record<string, JsonObject>)) {
      expect(path).toMatch(/^\/v1\//);
      for (const [method, op] of Object.entries(methods)) {
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        operationIds.push(op.operationId);
        expectLabelled(op.summary, `${method} ${path}`).toBeTruthy();
        expectLabelled(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${method} ${path} has a success answer`).toBe(true);
        // Path templates and path parameters agree.
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect((op.parameters ?? []).filter((p: JsonObject) => p.in === 'path').map((p: JsonObject) => p.name)).toEqual(templated);
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (!isPublic) expectLabelled(op.responses['401'], `${method} ${path} documents 401`).toBeDefined();
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('resolves every $ref inside the document', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\//);
      const target = ref.slice(2).split('/').reduce<JsonObject | undefined>((node, part) => node?.[part], doc);
      expectLabelled(target, ref).toBeDefined();
    }
  });

  it('documents every route Nest serves under /v1, and nothing else', () => {
    const served = registeredRoutes(t).filter((r) => r.path.startsWith('/v1/'));
    const documented = Object.entries(doc['paths'] as Record<string, JsonObject>).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
    expect(served.length).toBeGreaterThanOrEqual(9);
    expect(documented.map(key).sort()).toEqual(served.map(key).sort());
    for (const expected of ['POST /v1/workers/heartbeat', 'POST /v1/jobs/lease', 'POST /v1/jobs/{id}/progress', 'POST /v1/jobs/{id}/complete', 'POST /v1/jobs/{id}/fail', 'POST /v1/jobs/{id}/release', 'GET /v1/worker/whoami']) {
      expect(served.map(key)).toContain(expected);
    }
  });

  it('documents the long-poll lease: 200 with a job, 204 with none, 409 before a heartbeat', () => {
    const lease = doc['paths']['/v1/jobs/lease'].post;
    expect(lease.responses['200'].content['application/json'].schema).toEqual({ oneOf: [{ $ref: '#/components/schemas/LeasedJob' }, { $ref: '#/components/schemas/LeaseBatch' }] });
    expect(lease.responses['204'].content).toBeUndefined();
    expect(lease.responses['409']).toBeDefined();
    expect(lease.parameters).toEqual([
      expect.objectContaining({ name: 'wait', in: 'query', schema: expect.objectContaining({ minimum: 0, maximum: 20, default: 20 }) }),
      expect.objectContaining({ name: 'max', in: 'query', required: false, schema: expect.objectContaining({ minimum: 1, maximum: 16 }) }),
    ]);
    expect(doc['components'].schemas.LeaseBatch).toMatchObject({ type: 'object', required: ['leases'] });
    for (const report of ['progress', 'complete', 'fail', 'release']) {
      expect(doc['paths'][`/v1/jobs/{id}/${report}`].post.responses['409']).toEqual({ $ref: '#/components/responses/StaleLease' });
    }
    expect(doc['components'].schemas.ProgressReport).toMatchObject({ type: 'object', required: ['leaseId', 'progress'] });
  });

  it('answers in the documented shapes, refusals included', async () => {
    const admin: TestUser = await createUser(t, ['ADMIN']);
    const designer = await createUser(t, ['DESIGNER']);
    const token = (await t.gql(`mutation { issueWorkerToken(name: "docs-box") { token } }`, {}, admin)).data!['issueWorkerToken'].token as string;
    const call = async (method: string, path: string, body?: unknown, auth = `Bearer ${token}`) => {
      const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const expectShape = (schema: z.ZodType, res: { status: number; body: unknown }, status: number) => {
      expectLabelled(res.status, JSON.stringify(res.body)).toBe(status);
      const parsed = schema.safeParse(res.body);
      expectLabelled(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    };

    expectShape(protocolErrorSchema, await call('GET', '/v1/worker/whoami', undefined, 'Bearer wkr_nope_nope'), 401);
    expectShape(workerIdentitySchema, await call('GET', '/v1/worker/whoami'), 200);
    expectShape(protocolErrorSchema, await call('POST', '/v1/jobs/lease?wait=0', {}), 409);
    const bad = await call('POST', '/v1/workers/heartbeat', { backend: 'gpu', baseModels: [] });
    expectShape(protocolErrorSchema, bad, 400);
    expect(bad.body.issues.length).toBeGreaterThan(0);
    const notJson = await fetch(`${t.url}/v1/workers/heartbeat`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"backend": draft' });
    expectShape(httpErrorSchema, { status: notJson.status, body: await notJson.json() }, 400);
    // What a ComfyUI box has (capabilities): accepted in the documented shape, refused outside it.
    const capabilities = { gpus: [{ index: 0, name: 'NVIDIA L4', vramMb: 23_034 }], nodeClasses: ['CheckpointLoaderSimple'], customNodes: [], modelFiles: { checkpoints: ['sd_xl_base_1.0.safetensors'] }, loraFileCount: 0 };
    expect(doc['components'].schemas.WorkerHeartbeat.properties.capabilities).toBeDefined();
    expectShape(workerHeartbeatAckSchema, await call('POST', '/v1/workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl'], capabilities }), 200);
    expectShape(protocolErrorSchema, await call('POST', '/v1/workers/heartbeat', { backend: 'comfyui', baseModels: ['sdxl'], capabilities: { ...capabilities, gpus: 'one' } }), 400);
    expectShape(workerHeartbeatAckSchema, await call('POST', '/v1/workers/heartbeat', { backend: 'draft', baseModels: ['sdxl'] }), 200);
    expectShape(protocolErrorSchema, await call('POST', '/v1/jobs/lease?wait=99', {}), 400);
    expect((await call('POST', '/v1/jobs/lease?wait=0', {})).status).toBe(204);

    await createPreviewSubject(t, admin, 'Mei');
    const versionId = (await createTemplate(t, designer)).draft.id;
    expect((await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [1] }) { id } }`, { v: versionId }, designer)).errors).toBeUndefined();
    const lease = await call('POST', '/v1/jobs/lease?wait=0', {});
    expectShape(leasedJobSchema, lease, 200);
    const { job, leaseId, output } = lease.body;
    expectShape(jobStatusSchema, await call('POST', `/v1/jobs/${job.id}/progress`, { leaseId, progress: 0.5 }), 200);
    expectShape(protocolErrorSchema, await call('POST', `/v1/jobs/${job.id}/complete`, { leaseId }), 400);
    expectShape(protocolErrorSchema, await call('POST', `/v1/jobs/${job.id}/progress`, { leaseId: '00000000-0000-4000-8000-000000000000', progress: 0.6 }), 409);
    expectShape(protocolErrorSchema, await call('POST', `/v1/jobs/not-a-job/release`, { leaseId }), 404);
    await fetch(output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: Uint8Array.from(await makePngBytes({ width: 16, height: 16 })) });
    expectShape(jobStatusSchema, await call('POST', `/v1/jobs/${job.id}/complete`, { leaseId }), 200);
    // A batched lease (a box with several GPUs) and its refusal.
    expectShape(protocolErrorSchema, await call('POST', '/v1/jobs/lease?wait=0&max=17', {}), 400);
    expect((await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [2, 3] }) { id } }`, { v: versionId }, designer)).errors).toBeUndefined();
    const batch = await call('POST', '/v1/jobs/lease?wait=0&max=2', {});
    expectShape(leaseBatchSchema, batch, 200);
    expect(batch.body.leases).toHaveLength(2);
  });

  it('renders the document as a self-contained HTML page naming every path', async () => {
    const res = await fetch(`${t.url}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    for (const [path, methods] of Object.entries(doc['paths'] as Record<string, JsonObject>)) {
      expect(html).toContain(`<code>${path}</code>`);
      for (const method of Object.keys(methods)) expect(html).toContain(`${method.toUpperCase()}</span> <code>${path}</code>`);
    }
    for (const schema of Object.keys(doc['components'].schemas)) expect(html).toContain(`id="schema-${schema}"`);
    // Offline: nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
  });
});
