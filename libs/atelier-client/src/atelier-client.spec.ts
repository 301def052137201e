import { describe, expect, it } from '@jest/globals';
import { AtelierClient, type AtelierClock } from './atelier-client.js';
import { AtelierError } from './atelier-error.js';
import { readRenderWebhook } from './render-webhook.js';
import { signWebhookBody } from './webhook-signature.js';
import type { CatalogTemplate, Render, RenderState } from './types.js';

// The client against a fake fetch: what it sends, how it pages, how it maps errors, how it waits.
interface Sent {
  url: string;
  init: RequestInit;
  body: { query: string; variables: Record<string, unknown> } | null;
}

type Answer = { status?: number; json?: unknown; text?: string } | Error;

function fakeFetch(answer: (sent: Sent, n: number) => Answer) {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const s: Sent = { url: String(input), init, body: typeof init.body === 'string' ? JSON.parse(init.body) : null };
    sent.push(s);
    const a = answer(s, sent.length - 1);
    if (a instanceof Error) throw a;
    const status = a.status ?? 200;
    return new Response(status === 204 ? null : (a.text ?? JSON.stringify(a.json)), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

// A clock that only moves when the client sleeps: waits take no real time and are exact.
function fakeClock(): AtelierClock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new AtelierError('ABORTED', 'aborted');
      sleeps.push(ms);
      now += ms;
    },
  };
}

function template(n: number): CatalogTemplate {
  return { id: `t${n}`, title: `Template ${n}`, description: '', category: null, tags: [], baseModel: 'SDXL', publishedAt: '2026-01-01T00:00:00Z', publishedVersion: { id: `v${n}` } as CatalogTemplate['publishedVersion'] };
}

function render(state: RenderState, extra: Partial<Render> = {}): Render {
  return { id: 'r1', versionId: 'v1', state, queuePosition: null, etaSeconds: null, progress: state === 'SUCCEEDED' ? 1 : 0, imageUrl: null, error: null, likeness: 1, seed: 1, slots: {}, grossAmount: null, currency: null, usageStatus: null, usageMessage: null, notices: [], createdAt: '', finishedAt: null, ...extra };
}

const client = (fetch: typeof globalThis.fetch, clock?: AtelierClock) => new AtelierClient({ url: 'https://atelier.example.com/', apiKey: 'atl_test', fetch, ...(clock ? { clock } : {}) });

describe('AtelierClient', () => {
  it('posts GraphQL to <url>/graphql with the app key in x-api-key', async () => {
    const { fetch, sent } = fakeFetch(() => ({ json: { data: { render: render('QUEUED') } } }));
    await client(fetch).render('r1');
    expect(sent[0]!.url).toBe('https://atelier.example.com/graphql');
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'atl_test' });
    expect(sent[0]!.body!.variables).toEqual({ id: 'r1' });
  });

  it('pages the catalog by cursor until the last page, passing the filter along', async () => {
    const pages = [
      { edges: [template(1), template(2)], pageInfo: { endCursor: 'c2', hasNextPage: true } },
      { edges: [template(3), template(4)], pageInfo: { endCursor: 'c4', hasNextPage: true } },
      { edges: [template(5)], pageInfo: { endCursor: 'c5', hasNextPage: false } },
    ];
    const { fetch, sent } = fakeFetch((_, n) => ({ json: { data: { catalog: { totalCount: 5, pageInfo: pages[n % 3]!.pageInfo, edges: pages[n % 3]!.edges.map((node) => ({ cursor: node.id, node })) } } } }));
    const seen: string[][] = [];
    for await (const page of client(fetch).catalogPages({ first: 2, filter: { tags: ['film'] } })) {
      expect(page.totalCount).toBe(5);
      seen.push(page.templates.map((t) => t.id));
    }
    expect(seen).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
    const one: string[] = [];
    for await (const t of client(fetch).catalogTemplates({ first: 2 })) one.push(t.id);
    expect(one).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(sent.slice(0, 3).map((s) => s.body!.variables)).toEqual([
      { first: 2, after: null, filter: { tags: ['film'] } },
      { first: 2, after: 'c2', filter: { tags: ['film'] } },
      { first: 2, after: 'c4', filter: { tags: ['film'] } },
    ]);
  });

  it('stops paging when a server repeats its cursor instead of looping forever', async () => {
    const { fetch, sent } = fakeFetch(() => ({ json: { data: { catalog: { totalCount: 9, pageInfo: { endCursor: 'same', hasNextPage: true }, edges: [] } } } }));
    let pages = 0;
    for await (const _ of client(fetch).catalogPages({ first: 2 })) pages += 1;
    expect(pages).toBe(2);
    expect(sent).toHaveLength(2);
  });

  it('maps a GraphQL error to an AtelierError with its code, message, issues and extensions', async () => {
    const issues = [{ path: 'seed', message: 'The seed must be a whole number from 0 to 4294967295.', reason: 'render.seedInvalid' }];
    const { fetch } = fakeFetch(() => ({ json: { data: null, errors: [{ message: 'The seed must be a whole number.', extensions: { code: 'BAD_USER_INPUT', issues } }] } }));
    const error = await client(fetch).createRender({ versionId: 'v1', identityAssetId: 'a1', seed: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtelierError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'The seed must be a whole number.', issues, status: 200, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('keeps the facts an error carries (a likeness range, a rate limit over HTTP 429)', async () => {
    const { fetch } = fakeFetch((_, n) =>
      n === 0
        ? { json: { errors: [{ message: 'Likeness 3 is outside this version\'s range: 0.9 to 1.2.', extensions: { code: 'LIKENESS_OUT_OF_RANGE', min: 0.9, max: 1.2 } }] } }
        : { status: 429, json: { errors: [{ message: 'Too many requests.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 } }] } },
    );
    const c = client(fetch);
    await expect(c.createRender({ versionId: 'v1', identityAssetId: 'a1', likeness: 3 })).rejects.toMatchObject({ code: 'LIKENESS_OUT_OF_RANGE', issues: [], extensions: { min: 0.9, max: 1.2 } });
    await expect(c.render('r1')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429, extensions: { retryAfterSeconds: 7 } });
  });

  it('tells an answer that is not GraphQL and an unreachable API apart', async () => {
    const { fetch } = fakeFetch((_, n) => (n === 0 ? { status: 502, text: '<html>Bad gateway</html>' } : new TypeError('fetch failed')));
    const c = client(fetch);
    await expect(c.render('r1')).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502 });
    await expect(c.render('r1')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: null });
  });

  it('answers NOT_FOUND for a version the catalog does not have', async () => {
    const { fetch } = fakeFetch(() => ({ json: { data: { catalogVersion: null } } }));
    await expect(client(fetch).recipe('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('uploads an identity: requests a ticket, posts every form field then the file, completes it', async () => {
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const asset = { id: 'a1', kind: 'IDENTITY_LORA', state: 'PENDING' };
    const { fetch, sent } = fakeFetch((s) => {
      if (s.url === 'https://s3.example.com/bucket') return { status: 204, text: '' };
      if (s.body!.query.includes('requestUpload')) return { json: { data: { requestUpload: { asset, expiresAt: '', uploadMethod: 'POST', uploadUrl: 'https://s3.example.com/bucket', uploadForm: { key: 'k/a1', policy: 'p', 'x-amz-signature': 's' } } } } };
      return { json: { data: { completeUpload: { ...asset, state: 'READY', sha256: 'ab' } } } };
    });
    const done = await client(fetch).uploadIdentity({ kind: 'IDENTITY_LORA', fileName: 'me.safetensors', contentType: 'application/octet-stream', bytes });
    expect(done).toMatchObject({ id: 'a1', state: 'READY' });
    expect(sent[0]!.body!.variables).toEqual({ input: { kind: 'IDENTITY_LORA', fileName: 'me.safetensors', contentType: 'application/octet-stream', byteSize: 4 } });
    const form = sent[1]!.init.body as FormData;
    expect([...form.keys()]).toEqual(['key', 'policy', 'x-amz-signature', 'file']);
    expect(new Uint8Array(await (form.get('file') as Blob).arrayBuffer())).toEqual(bytes);
    expect(sent[1]!.init.headers).toBeUndefined();
    expect(sent[2]!.body!.variables).toEqual({ id: 'a1' });
  });

  it('says why storage or the checks refused an upload', async () => {
    const ticket = { asset: { id: 'a1' }, expiresAt: '', uploadMethod: 'POST', uploadUrl: 'https://s3.example.com/bucket', uploadForm: {} };
    const refusedBy = (storageStatus: number) =>
      fakeFetch((s) => {
        if (s.url === ticket.uploadUrl) return { status: storageStatus, text: storageStatus === 403 ? 'EntityTooLarge' : '' };
        if (s.body!.query.includes('requestUpload')) return { json: { data: { requestUpload: ticket } } };
        return { json: { data: { completeUpload: { id: 'a1', state: 'REJECTED', rejectionReason: 'Not a safetensors file.' } } } };
      }).fetch;
    const input = { kind: 'IDENTITY_LORA' as const, fileName: 'x', contentType: 'application/octet-stream', bytes: new Uint8Array([1]) };
    await expect(client(refusedBy(403)).uploadIdentity(input)).rejects.toMatchObject({ code: 'UPLOAD_FAILED', status: 403 });
    await expect(client(refusedBy(204)).uploadIdentity(input)).rejects.toMatchObject({ code: 'UPLOAD_REJECTED', message: 'Not a safetensors file.' });
  });

  describe('waitForRender', () => {
    it('polls every interval until the render finishes and returns it', async () => {
      const states: RenderState[] = ['QUEUED', 'QUEUED', 'RUNNING', 'SUCCEEDED'];
      const { fetch, sent } = fakeFetch((_, n) => ({ json: { data: { render: render(states[n]!) } } }));
      const clock = fakeClock();
      const polled: RenderState[] = [];
      const done = await client(fetch, clock).waitForRender('r1', { intervalMs: 250, onPoll: (r) => polled.push(r.state) });
      expect(done.state).toBe('SUCCEEDED');
      expect(polled).toEqual(states);
      expect(sent).toHaveLength(4);
      expect(clock.sleeps).toEqual([250, 250, 250]);
    });

    it('returns a failed or cancelled render rather than throwing', async () => {
      for (const state of ['FAILED', 'CANCELLED'] as const) {
        const { fetch } = fakeFetch(() => ({ json: { data: { render: render(state, { error: state === 'FAILED' ? 'CUDA out of memory' : null }) } } }));
        await expect(client(fetch, fakeClock()).waitForRender('r1')).resolves.toMatchObject({ state });
      }
    });

    it('gives up with RENDER_TIMEOUT once the time is up, polling once more at the deadline', async () => {
      const { fetch, sent } = fakeFetch(() => ({ json: { data: { render: render('QUEUED') } } }));
      const clock = fakeClock();
      const error = await client(fetch, clock).waitForRender('r1', { timeoutMs: 1000, intervalMs: 400 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RENDER_TIMEOUT', extensions: { render: { state: 'QUEUED' } } });
      expect(clock.sleeps).toEqual([400, 400, 200]);
      expect(sent).toHaveLength(4);
    });

    it('stops with ABORTED when the signal aborts, before or between polls', async () => {
      const controller = new AbortController();
      const { fetch, sent } = fakeFetch(() => {
        controller.abort();
        return { json: { data: { render: render('RUNNING') } } };
      });
      await expect(client(fetch, fakeClock()).waitForRender('r1', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
      expect(sent).toHaveLength(1);
      await expect(client(fetch, fakeClock()).waitForRender('r1', { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
      expect(sent).toHaveLength(1);
    });

    it('sleeps on the real clock by default and wakes early on abort', async () => {
      const { fetch } = fakeFetch(() => ({ json: { data: { render: render('QUEUED') } } }));
      const controller = new AbortController();
      // Aborts just after the client starts its minute-long sleep: the wait ends at once, not in a minute.
      const onPoll = () => queueMicrotask(() => controller.abort());
      await expect(client(fetch).waitForRender('r1', { intervalMs: 60_000, signal: controller.signal, onPoll })).rejects.toMatchObject({ code: 'ABORTED' });
    });
  });
});

describe('readRenderWebhook', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({ id: 'e1', type: 'render.succeeded', renderId: 'r1', state: 'SUCCEEDED', imageUrl: 'https://img', error: null, createdAt: '2026-12-01T00:00:00Z' });
  const t = 1_800_000_000;

  it('gives the event of a delivery whose signature holds', () => {
    expect(readRenderWebhook(secret, body, signWebhookBody(secret, body, t), { nowSeconds: t })).toEqual({ ok: true, timestamp: t, event: JSON.parse(body) });
  });

  it('refuses a changed body, a missing header and a signed body that is not JSON', () => {
    expect(readRenderWebhook(secret, body.replace('r1', 'r2'), signWebhookBody(secret, body, t), { nowSeconds: t })).toEqual({ ok: false, reason: 'MISMATCH' });
    expect(readRenderWebhook(secret, body, undefined)).toEqual({ ok: false, reason: 'MISSING' });
    expect(readRenderWebhook(secret, 'ok', signWebhookBody(secret, 'ok', t), { nowSeconds: t })).toEqual({ ok: false, reason: 'NOT_JSON' });
  });
});
