import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { makePngBytes } from './factories/asset-fixtures.js';
import { createPreviewSubject, createTemplate, createUser, submitWithPreviews, type TestUser } from './factories/factories.js';

// Bounds on how much work one person or one request can cause: a quota of waiting preview jobs per
// person, a limit on mutations per operation, and version preview lists that are capped and cost a
// fixed number of SQL statements however long they are.

const REQUEST = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id jobs { id state } } }`;
const seedsFrom = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

interface Lease {
  leaseId: string;
  job: { id: string };
  output: { uploadUrl: string; uploadHeaders: Record<string, string> };
}

// A worker of the test app's backend, speaking the real /v1 protocol.
async function startWorker(t: TestApp, admin: TestUser, name: string) {
  const issued = await t.gql(`mutation($n: String!) { issueWorkerToken(name: $n) { token } }`, { n: name }, admin);
  const token = issued.data!['issueWorkerToken'].token as string;
  const v1 = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${t.url}/v1/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  expect((await v1('workers/heartbeat', { backend: t.config.previews.backend, baseModels: ['sdxl', 'sd15'] })).status).toBe(200);
  const png = await makePngBytes({ width: 8, height: 8 });
  return {
    async lease(): Promise<Lease | null> {
      const res = await v1('jobs/lease?wait=0');
      return res.status === 204 ? null : (res.body as Lease);
    },
    async complete(lease: Lease) {
      const put = await fetch(lease.output.uploadUrl, { method: 'PUT', headers: lease.output.uploadHeaders, body: Uint8Array.from(png) });
      expect(put.ok).toBe(true);
      expect((await v1(`jobs/${lease.job.id}/complete`, { leaseId: lease.leaseId, gpuMs: 3000 })).status).toBe(200);
    },
    // Renders every job in the queue.
    async renderAll() {
      for (let lease = await this.lease(); lease; lease = await this.lease()) await this.complete(lease);
    },
  };
}

describe('the per-person quota of waiting preview jobs', () => {
  let t: TestApp;
  let admin: TestUser;
  let reviewer: TestUser;
  let subjects: Array<{ id: string }>;

  beforeAll(async () => {
    t = await startTestApp({ PREVIEW_QUEUE_QUOTA_PER_USER: '20', PREVIEW_QUEUE_QUOTA_PER_ADMIN: '30' });
    admin = await createUser(t, ['ADMIN']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun'), await createPreviewSubject(t, admin, 'Ada')];
  });
  afterAll(() => t?.close());

  async function draftOf(owner: TestUser) {
    const tpl = await createTemplate(t, owner);
    return tpl.draft.id;
  }

  function request(user: TestUser, versionId: string, seeds: number[], subjectCount = 2, extra: Record<string, unknown> = {}) {
    return t.gql(REQUEST, { input: { versionId, subjectIds: subjects.slice(0, subjectCount).map((s) => s.id), seeds, ...extra } }, user);
  }

  async function waitingOf(user: TestUser): Promise<number> {
    const res = await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs j JOIN preview_batches b ON b.id = j.batch_id WHERE b.requested_by = $1 AND j.state IN ('QUEUED', 'LEASED')`, [user.id]);
    return res.rows[0].n;
  }

  async function batchesOf(user: TestUser): Promise<number> {
    return (await t.sql.query(`SELECT count(*)::int AS n FROM preview_batches WHERE requested_by = $1`, [user.id])).rows[0].n;
  }

  function expectQuotaRefusal(res: GqlResult, facts: { waiting: number; requested: number; quota: number }) {
    expect(res.status).not.toBe(500);
    expect(res.data?.['requestPreviews'] ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', ...facts, params: facts });
    expectWordedSentence(wordingOf(res.errors![0]!));
    return res.errors![0]!.message;
  }

  it('refuses a request that would leave more than the quota waiting, queues none of it, and says what to do', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const versionId = await draftOf(designer);
    expect((await request(designer, versionId, seedsFrom(1, 8))).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(16);

    const refused = await request(designer, versionId, seedsFrom(101, 4));
    const message = expectQuotaRefusal(refused, { waiting: 16, requested: 8, quota: 20 });
    expect(message).toBe('You have 16 previews waiting; at most 20 may wait at once, and this request would add 8. Wait for some to finish or cancel some, then try again.');
    expect(await waitingOf(designer)).toBe(16);
    expect(await batchesOf(designer)).toBe(1);

    // Up to the quota exactly is fine.
    expect((await request(designer, versionId, seedsFrom(101, 2))).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(20);
  });

  it('tells someone whose one request is larger than the quota to ask for less', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const refused = await request(designer, await draftOf(designer), seedsFrom(1, 7), 3);
    expect(expectQuotaRefusal(refused, { waiting: 0, requested: 21, quota: 20 })).toBe('This request would queue 21 previews, but at most 20 may wait at once. Choose fewer preview subjects or seeds.');
    expect(await batchesOf(designer)).toBe(0);
  });

  it('counts only jobs still waiting: rendered, cancelled and already-rendered answers make or take no room', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const versionId = await draftOf(designer);
    // (Seeds no other test asks for: the same spec rendered with the same seed is answered at once.)
    const first = await request(designer, versionId, seedsFrom(2001, 8));
    expect(first.errors).toBeUndefined();
    expect((await request(designer, versionId, seedsFrom(2009, 2))).errors).toBeUndefined();
    expect(expectQuotaRefusal(await request(designer, versionId, [2500]), { waiting: 20, requested: 2, quota: 20 })).toMatch(/^You have 20 previews waiting/);

    // Cancelling frees room at once.
    const [a, b] = first.data!['requestPreviews'].jobs as Array<{ id: string }>;
    for (const job of [a!, b!]) expect((await t.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: job.id }, designer)).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(18);
    expect((await request(designer, versionId, [2500])).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(20);

    // Rendered jobs leave the count; asking again for what is rendered queues nothing, so it is
    // allowed even when the quota is used up.
    await (await startWorker(t, admin, 'quota-renderer')).renderAll();
    expect(await waitingOf(designer)).toBe(0);
    expect((await request(designer, versionId, seedsFrom(2101, 8))).errors).toBeUndefined();
    expect((await request(designer, versionId, seedsFrom(2109, 2))).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(20);
    const again = await request(designer, versionId, [2500]);
    expect(again.errors).toBeUndefined();
    expect((again.data!['requestPreviews'].jobs as Array<{ state: string }>).map((j) => j.state)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it("holds reviewers' REVIEW renders to their own quota, apart from the designer's", async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const versionId = await draftOf(designer);
    expect((await submitWithPreviews(t, designer, versionId)).errors).toBeUndefined();
    expect((await request(designer, versionId, seedsFrom(3001, 8))).errors).toBeUndefined();
    expect((await request(designer, versionId, seedsFrom(3009, 2))).errors).toBeUndefined();
    expect(await waitingOf(designer)).toBe(20);

    // The designer's full quota does not stop the reviewer, whose own does.
    expect((await request(reviewer, versionId, seedsFrom(3101, 8), 2, { priority: 'REVIEW' })).errors).toBeUndefined();
    // The review page's re-render asks for one seed at both likeness ends: two jobs per face (the seed
    // at the default, then at the max), so 2 faces x 2 = 4, and every job counts against the quota.
    const bothEnds = { priority: 'REVIEW', likenessEnds: ['DEFAULT', 'MAX'] };
    expect((await request(reviewer, versionId, [3109], 2, bothEnds)).errors).toBeUndefined();
    expect(await waitingOf(reviewer)).toBe(20);
    expectQuotaRefusal(await request(reviewer, versionId, [3200], 2, bothEnds), { waiting: 20, requested: 4, quota: 20 });
  });

  it('gives admins their own, larger quota (bulk re-renders), still bounded', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const versionId = await draftOf(designer);
    expect((await request(admin, versionId, seedsFrom(4001, 8), 3)).errors).toBeUndefined();
    expect(await waitingOf(admin)).toBe(24);
    expectQuotaRefusal(await request(admin, versionId, seedsFrom(4101, 4)), { waiting: 24, requested: 8, quota: 30 });
  });

  it('lets only as many of several requests sent at once through as fit the quota', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const versions = await Promise.all([1, 2, 3, 4].map(() => draftOf(designer)));
    const results = await Promise.all(versions.map((v, i) => request(designer, v, seedsFrom(5001 + i * 10, 8))));
    const accepted = results.filter((r) => !r.errors);
    expect(accepted).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions.code).toBe('QUOTA_EXCEEDED');
    expect(await waitingOf(designer)).toBe(16);
  });
});

describe('mutations per operation', () => {
  let t: TestApp;
  let designer: TestUser;
  let versionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createPreviewSubject(t, admin, 'Mei');
    versionId = (await createTemplate(t, designer)).draft.id;
  });
  afterAll(() => t?.close());

  const aliased = (n: number) => `mutation($v: ID!) { ${Array.from({ length: n }, (_, i) => `r${i}: requestPreviews(input: { versionId: $v, seeds: [${i}] }) { id }`).join(' ')} }`;
  const batches = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM preview_batches`)).rows[0].n as number;

  it('refuses 500 aliased requestPreviews before running any of them', async () => {
    const before = await batches();
    const res = await t.gql(aliased(500), { v: versionId }, designer);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      message: 'This request runs 500 mutations; at most 10 may run in one request. Send the rest in further requests.',
      extensions: { code: 'QUERY_TOO_COMPLEX', mutations: 500, maxMutations: 10 },
    });
    expect(await batches()).toBe(before);
  });

  it('counts mutations hidden in fragments and inline fragments, and not __typename', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `l${i}: setMyLocale(locale: "en") { id }`);
    const res = await t.gql(`mutation { __typename ...Some ... on Mutation { ${fields.slice(6).join(' ')} } } fragment Some on Mutation { ${fields.slice(0, 6).join(' ')} }`, {}, designer);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', mutations: 11 });
    const ten = await t.gql(`mutation { __typename ...Some ... on Mutation { ${fields.slice(6, 10).join(' ')} } } fragment Some on Mutation { ${fields.slice(0, 6).join(' ')} }`, {}, designer);
    expect(ten.errors).toBeUndefined();
  });

  it('runs up to the limit in one operation, and never limits queries', async () => {
    const before = await batches();
    const res = await t.gql(aliased(10), { v: versionId }, designer);
    expect(res.errors).toBeUndefined();
    expect(await batches()).toBe(before + 10);
    const reads = Array.from({ length: 30 }, (_, i) => `m${i}: me { id }`).join(' ');
    expect((await t.gql(`{ ${reads} }`, {}, designer)).errors).toBeUndefined();
  });
});

describe('version previews: capped, and a fixed number of SQL statements however many there are', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let subjects: Array<{ id: string; name: string }>;
  let many: { versionId: string };
  let few: { versionId: string };

  const ROW = `id state seed cached removed imageUrl thumbnailUrl queuePosition etaSeconds progress subject { id name }`;

  beforeAll(async () => {
    // No privacy sweep during the statement counts.
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '3600' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    subjects = [];
    for (const name of ['Cy', 'Ada', 'Bo']) subjects.push({ ...(await createPreviewSubject(t, admin, name)), name });
    const worker = await startWorker(t, admin, 'list-renderer');
    const request = async (versionId: string, seeds: number[]) => {
      const res = await t.gql(REQUEST, { input: { versionId, subjectIds: subjects.map((s) => s.id), seeds } }, designer);
      expect(res.errors).toBeUndefined();
    };

    // 72 previews of one spec (3 subjects x 24 seeds): 48 rendered, 24 waiting or rendering. And
    // the same mix six previews long (3 rendered, 3 waiting or rendering).
    many = { versionId: (await createTemplate(t, designer, { title: 'Many previews' })).draft.id };
    few = { versionId: (await createTemplate(t, designer, { title: 'Few previews' })).draft.id };
    await request(many.versionId, seedsFrom(1, 8));
    await request(many.versionId, seedsFrom(9, 8));
    await request(few.versionId, [101]);
    await worker.renderAll();
    await request(many.versionId, seedsFrom(17, 8));
    await request(few.versionId, [102]);
    expect(await worker.lease()).not.toBeNull();
    const states = await t.sql.query(
      `SELECT version_id, (state = 'SUCCEEDED') AS done, count(*)::int AS n FROM preview_jobs WHERE version_id = ANY($1) GROUP BY 1, 2`,
      [[many.versionId, few.versionId]],
    );
    const n = (versionId: string, done: boolean) => states.rows.find((r) => r.version_id === versionId && r.done === done)?.n;
    expect([n(many.versionId, true), n(many.versionId, false), n(few.versionId, true), n(few.versionId, false)]).toEqual([48, 24, 3, 3]);
  }, 120_000);
  afterAll(() => t?.close());

  async function previewsOf(versionId: string, args = '') {
    const res = await t.gql(`query($id: ID!) { templateVersion(id: $id) { previewCount previews${args} { ${ROW} } } }`, { id: versionId }, designer);
    expect(res.errors).toBeUndefined();
    return res.data!['templateVersion'] as { previewCount: number; previews: Array<{ id: string; state: string; seed: number; imageUrl: string | null; queuePosition: number | null; etaSeconds: number | null; subject: { name: string } }> };
  }

  it('lists at most 64 by default, each subject before any subject twice, by subject name then seed, and counts them all', async () => {
    const { previewCount, previews } = await previewsOf(many.versionId);
    expect(previewCount).toBe(72);
    expect(previews).toHaveLength(64);
    const order = previews.map((p) => `${p.subject.name}:${p.seed}`);
    expect(order).toEqual([...previews].sort((a, b) => a.subject.name.localeCompare(b.subject.name) || a.seed - b.seed).map((p) => `${p.subject.name}:${p.seed}`));
    // 64 = 3 x 21 + 1: every subject's first 21 seeds, then Ada's 22nd.
    const seedsOf = (name: string) => previews.filter((p) => p.subject.name === name).map((p) => p.seed);
    expect(seedsOf('Ada')).toEqual(seedsFrom(1, 22));
    expect(seedsOf('Bo')).toEqual(seedsFrom(1, 21));
    expect(seedsOf('Cy')).toEqual(seedsFrom(1, 21));
  });

  it('lists up to `first` of them (at most 100)', async () => {
    expect((await previewsOf(many.versionId, '(first: 100)')).previews).toHaveLength(72);
    const six = (await previewsOf(many.versionId, '(first: 6)')).previews;
    expect(six.map((p) => `${p.subject.name}:${p.seed}`)).toEqual(['Ada:1', 'Ada:2', 'Bo:1', 'Bo:2', 'Cy:1', 'Cy:2']);
    for (const first of [0, 101, -1]) {
      const res = await t.gql(`query($id: ID!) { templateVersion(id: $id) { previews(first: ${first}) { id } } }`, { id: many.versionId }, designer);
      expect(res.errors?.[0]).toMatchObject({ message: '"first" must be between 1 and 100.', extensions: { code: 'BAD_USER_INPUT', issues: [{ path: 'first' }] } });
    }
  });

  it('answers every row field of a full page (64 previews) with as many SQL statements as for 6', async () => {
    // The fewest statements of three runs: the app's own timers (lease sweeps, queue views) may add a
    // statement to one run; a query per row would show in every run.
    async function statementsFor(versionId: string) {
      let fewest = Number.POSITIVE_INFINITY;
      let data: Awaited<ReturnType<typeof previewsOf>> | null = null;
      for (let run = 0; run < 3; run++) {
        const before = t.queryCount();
        const res = await t.gql(`query($id: ID!) { templateVersion(id: $id) { previews { ${ROW} } } }`, { id: versionId }, designer);
        fewest = Math.min(fewest, t.queryCount() - before);
        expect(res.errors).toBeUndefined();
        data = res.data!['templateVersion'] as Awaited<ReturnType<typeof previewsOf>>;
      }
      return { data: data!, count: fewest };
    }
    const small = await statementsFor(few.versionId);
    const large = await statementsFor(many.versionId);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(12);
    expect(small.data.previews).toHaveLength(6);
    expect(large.data.previews).toHaveLength(64);
    // The row fields really were answered: images of the rendered, places and estimates of the others.
    const rows = large.data.previews;
    expect(rows.filter((p) => p.state === 'SUCCEEDED').every((p) => p.imageUrl && p.queuePosition === null && p.etaSeconds === null)).toBe(true);
    expect(rows.filter((p) => p.state === 'QUEUED').every((p) => typeof p.queuePosition === 'number' && typeof p.etaSeconds === 'number')).toBe(true);
    expect(rows.filter((p) => p.state !== 'SUCCEEDED')).toHaveLength(16);
  });
});
