// Child-process side of bench:render: the simulated GPU workers and the consumer apps' burst, in a
// process of their own so their HTTP work does not take event-loop time from the API under test (in
// production the GPU boxes and the apps are other machines).
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type RenderLoadMessage =
  | { type: 'gpus'; apiUrl: string; tokens: string[]; renderMs: number }
  | { type: 'burst'; apiUrl: string; apps: Array<{ apiKey: string; identityId: string }>; versionId: string; webhookUrl: string; rendersPerApp: number; concurrency: number; price: number }
  | { type: 'stop' };

export type RenderLoadReply = { type: 'burst-done'; ids: string[]; seconds: number; rateLimited: number } | { type: 'log'; message: string } | { type: 'stopped' } | { type: 'error'; error: string };

const reply = (m: RenderLoadReply) => process.send!(m);
let stopping = false;
let gpuLoops: Array<Promise<void>> = [];

async function v1(apiUrl: string, token: string, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${apiUrl}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// Each GPU renders one job at a time: lease (long-poll) -> renderMs -> PUT a PNG -> complete; a
// refused completion fails the job back to the queue at once, as the real worker does.
function startGpus(apiUrl: string, tokens: string[], renderMs: number): void {
  gpuLoops = tokens.map(async (token) => {
    while (!stopping) {
      const lease = await v1(apiUrl, token, 'jobs/lease?wait=2', {}).catch(() => ({ status: 0, body: null }));
      if (lease.status !== 200) continue;
      const { job, leaseId, output } = lease.body;
      await sleep(renderMs);
      await fetch(output.uploadUrl, { method: 'PUT', headers: output.uploadHeaders, body: PNG_1X1 });
      const done = await v1(apiUrl, token, `jobs/${job.id}/complete`, { leaseId });
      if (done.status !== 200) {
        reply({ type: 'log', message: `complete of ${job.id} answered ${done.status}: ${JSON.stringify(done.body).slice(0, 200)}` });
        await v1(apiUrl, token, `jobs/${job.id}/fail`, { leaseId, retryable: true, error: `complete answered ${done.status}` });
      }
    }
  });
  const beat = () => Promise.all(tokens.map((t) => v1(apiUrl, t, 'workers/heartbeat', { backend: 'draft', baseModels: ['sd15', 'sdxl'] }).catch(() => undefined)));
  const timer = setInterval(() => void beat(), 10_000);
  timer.unref();
}

let rateLimited = 0;
async function gql(apiUrl: string, apiKey: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const send = () => fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ query, variables }) });
  let res = await send();
  // Over the key's limit: wait as Retry-After says, as a well-behaved app (and the client library) does.
  while (res.status === 429) {
    rateLimited++;
    await res.arrayBuffer();
    await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
    res = await send();
  }
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data!;
}

// Every app creates its renders at once, `concurrency` createRender calls in flight per app.
async function burst(m: Extract<RenderLoadMessage, { type: 'burst' }>): Promise<void> {
  const started = Date.now();
  const perApp = await Promise.all(
    m.apps.map(async (app, i) => {
      const ids: string[] = [];
      for (let n = 0; n < m.rendersPerApp; n += m.concurrency) {
        const part = await Promise.all(
          Array.from({ length: Math.min(m.concurrency, m.rendersPerApp - n) }, (_, j) =>
            gql(m.apiUrl, app.apiKey, `mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`, {
              input: { versionId: m.versionId, identityAssetId: app.identityId, seed: i * 1_000_000 + n + j, webhookUrl: m.webhookUrl, grossAmount: m.price, currency: 'CNY', slots: { gender: 'woman', subject: 'a woman' } },
            }).then((d) => d['createRender'].id as string),
          ),
        );
        ids.push(...part);
      }
      return ids;
    }),
  );
  reply({ type: 'burst-done', ids: perApp.flat(), seconds: (Date.now() - started) / 1000, rateLimited });
}

process.on('message', (m: RenderLoadMessage) => {
  void (async () => {
    try {
      if (m.type === 'gpus') startGpus(m.apiUrl, m.tokens, m.renderMs);
      else if (m.type === 'burst') await burst(m);
      else if (m.type === 'stop') {
        stopping = true;
        await Promise.all(gpuLoops);
        process.send!({ type: 'stopped' } satisfies RenderLoadReply, () => process.exit(0));
      }
    } catch (e) {
      reply({ type: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
