import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from './factories/factories.js';

// Admins read the audit log: newest first, filtered by actor, object, action and period, with the
// actors and objects named, and downloaded as CSV.

const ENTRY = `id action entityType entityId entityLabel before after createdAt actor { kind id label user { id displayName email } }`;
const LOG = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY} } } }
}`;
const CSV = `query($filter: AuditLogFilter) { auditLogCsv(filter: $filter) { csv rowCount totalCount truncated maxRows } }`;
const FORMULA_TITLE = '=HYPERLINK("http://evil.example","Golden")';

interface Entry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  entityLabel: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
  actor: { kind: string; id: string | null; label: string; user: { id: string; displayName: string; email: string } | null };
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: Entry }>;
}

type Filter = Record<string, unknown>;

describe('audit log (admins)', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let template: { id: string; draft: { id: string } };
  let apiKey: { id: string };
  let workerToken: { id: string };
  let face: { id: string };

  function must<T = Record<string, any>>(res: GqlResult<T>): T {
    expectLabelled(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!;
  }

  // 50 entries with every field stay under the default query cost limit (100 would not).
  async function page(filter: Filter | null, first = 50, after?: string): Promise<Page> {
    return must(await t.gql(LOG, { filter, first, after }, admin))['auditLog'] as Page;
  }

  async function all(filter: Filter | null): Promise<Entry[]> {
    const entries: Entry[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await page(filter, 50, after);
      entries.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) return entries;
      after = p.pageInfo.endCursor!;
    }
  }

  const one = (entries: Entry[], action: string, entityId: string) => {
    const found = entries.filter((e) => e.action === action && e.entityId === entityId);
    expectLabelled(found, `${action} on ${entityId} in ${entries.map((e) => e.action).join(', ')}`).toHaveLength(1);
    return found[0]!;
  };

  beforeAll(async () => {
    // No privacy sweep during the tests: it would add entries for the retired face at any moment.
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    template = await createTemplate(t, designer, { title: FORMULA_TITLE });
    const spec = makeTemplateSpec();
    spec.canvas = { width: 1024, height: 1024 };
    must(await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec, baseRevision: 1 } }, designer));
    apiKey = must(await t.gql(`mutation { createApiKey(input: { name: "Miaoya app", scopes: [CATALOG_READ] }) { apiKey { id } } }`, {}, admin))['createApiKey'].apiKey;
    workerToken = must(await t.gql(`mutation { issueWorkerToken(name: "gpu-box") { workerToken { id } } }`, {}, admin))['issueWorkerToken'].workerToken;
    face = await createPreviewSubject(t, admin, 'Mei');
    must(await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: face.id }, admin));
    // No operation records an API key as actor yet; the log can hold such entries, and a system one.
    await t.sql.query(`INSERT INTO audit_log (actor_kind, actor_id, action, entity_type, entity_id, after) VALUES ('API_KEY', $1, 'catalog.exported', 'template', $2, '{"rows": 3}')`, [apiKey.id, template.id]);
    // An action whose name differs from preview_subject. only where LIKE would read _ as a wildcard.
    await t.sql.query(`INSERT INTO audit_log (actor_kind, action, entity_type, entity_id) VALUES ('SYSTEM', 'previewXsubject.checked', 'preview_subject', $1)`, [face.id]);
  });
  afterAll(() => t?.close());

  it('lists every entry newest first and pages on with the cursor to the last one', async () => {
    const expected = (await t.sql.query(`SELECT id::text FROM audit_log ORDER BY created_at DESC, id DESC`)).rows.map((r) => r.id);
    expect(expected.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const p = await page(null, 4, after);
      expect(p.totalCount).toBe(expected.length);
      seen.push(...p.edges.map((e) => e.node.id));
      pages++;
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor!;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 4));
  });

  it('names each actor and object: people, API keys, the system, titles, versions, keys, tokens and faces', async () => {
    const entries = await all(null);
    const created = one(entries, 'template.created', template.id);
    expect(created.actor).toEqual({ kind: 'USER', id: designer.id, label: designer.email.split('@')[0], user: { id: designer.id, displayName: designer.email.split('@')[0], email: designer.email } });
    expect(created.entityLabel).toBe(FORMULA_TITLE);
    expect(created.after).toMatchObject({ title: FORMULA_TITLE, firstVersionId: template.draft.id });
    expect(one(entries, 'version.draft_saved', template.draft.id).entityLabel).toBe(`${FORMULA_TITLE} v1`);
    expect(one(entries, 'api_key.created', apiKey.id)).toMatchObject({ entityLabel: 'Miaoya app', actor: { kind: 'USER', id: admin.id } });
    expect(one(entries, 'worker_token.created', workerToken.id).entityLabel).toBe('gpu-box');
    expect(one(entries, 'preview_subject.retired', face.id)).toMatchObject({ entityLabel: 'Mei', before: { active: true }, after: { active: false } });
    // The factory creates accounts as the system does when seeding.
    expect(one(entries, 'user.created', reviewer.id)).toMatchObject({ entityLabel: reviewer.email.split('@')[0], actor: { kind: 'SYSTEM', id: null, label: 'System', user: null } });
    expect(one(entries, 'catalog.exported', template.id).actor).toEqual({ kind: 'API_KEY', id: apiKey.id, label: 'Miaoya app', user: null });
    const upload = entries.find((e) => e.action === 'asset.completed')!;
    expect(upload.entityLabel).toMatch(/\.(safetensors|pdf|png)$/);
  });

  it('looks the names up in batches: one query per kind of object on the page, not one per entry', async () => {
    const cost = async (gql: string) => {
      const before = t.queryCount();
      const res = must(await t.gql(gql, {}, admin));
      return { queries: t.queryCount() - before, page: res['auditLog'] as Page };
    };
    const bare = await cost(`{ auditLog(first: 20) { totalCount } }`);
    const named = await cost(`{ auditLog(first: 20) { totalCount edges { node { ${ENTRY} } } } }`);
    expect(named.page.edges).toHaveLength(20);
    const nodes = named.page.edges.map((e) => e.node);
    const kinds = new Set([...nodes.map((n) => n.entityType), ...nodes.filter((n) => n.actor.kind !== 'SYSTEM').map((n) => (n.actor.kind === 'USER' ? 'user' : 'api_key'))]);
    // Names: a query per kind; the actors' User objects: one more.
    expect(named.queries - bare.queries).toBeLessThanOrEqual(kinds.size + 1);
    expect(kinds.size).toBeLessThan(10);
  });

  it('filters by actor, kind of actor, object, action, action prefix and period', async () => {
    const actions = (entries: Entry[]) => [...new Set(entries.map((e) => e.action))].sort();

    const byDesigner = await all({ actorId: designer.id });
    expect(byDesigner.every((e) => e.actor.id === designer.id)).toBe(true);
    expect(actions(byDesigner)).toEqual(['template.created', 'version.draft_saved']);

    const bySystem = await all({ actorKind: 'SYSTEM' });
    expect(bySystem.every((e) => e.actor.kind === 'SYSTEM')).toBe(true);
    expect(actions(bySystem)).toEqual(['previewXsubject.checked', 'user.created']);

    const ofTemplate = await all({ entityType: 'template', entityId: template.id });
    expect(actions(ofTemplate)).toEqual(['catalog.exported', 'template.created']);
    expect((await all({ entityId: template.id.toUpperCase() })).map((e) => e.id)).toEqual(ofTemplate.map((e) => e.id));
    expect(actions(await all({ entityType: 'worker_token' }))).toEqual(['worker_token.created']);

    expect(actions(await all({ action: 'preview_subject.retired' }))).toEqual(['preview_subject.retired']);
    // A prefix ends in a dot; its underscore is a letter, not a wildcard.
    expect(actions(await all({ action: 'preview_subject.' }))).toEqual(['preview_subject.created', 'preview_subject.retired']);
    expect(actions(await all({ action: 'version.' }))).toEqual(['version.draft_saved']);
    expect(await all({ action: 'version' })).toEqual([]);
    expect(actions(await all({ action: 'preview_subject.', actorId: admin.id }))).toEqual(['preview_subject.created', 'preview_subject.retired']);
    expect(await all({ action: 'preview_subject.', actorId: designer.id })).toEqual([]);

    // A period: the worker token's entry moved to last year, then asked for by [from, to).
    await t.sql.query(`UPDATE audit_log SET created_at = '2025-06-15T12:00:00Z' WHERE entity_id = $1`, [workerToken.id]);
    const inJune = await all({ from: '2025-06-01T00:00:00Z', to: '2025-07-01T00:00:00Z' });
    expect(inJune.map((e) => e.action)).toEqual(['worker_token.created']);
    expect(await all({ from: '2025-06-15T12:00:00.001Z', to: '2025-07-01T00:00:00Z' })).toEqual([]);
    expect(await all({ from: '2025-06-01T00:00:00Z', to: '2025-06-15T12:00:00Z' })).toEqual([]);
    expect((await all({ to: '2025-12-31T00:00:00Z' })).map((e) => e.action)).toEqual(['worker_token.created']);
    expect((await all({ from: '2026-01-01T00:00:00Z' })).map((e) => e.action)).not.toContain('worker_token.created');
    expect((await page({ from: '2025-06-01T00:00:00Z', to: '2025-07-01T00:00:00Z' })).totalCount).toBe(1);
  });

  it('lists the distinct actions in the log, in order, for the filter menu', async () => {
    const listed = must(await t.gql(`{ auditActions }`, {}, admin))['auditActions'] as string[];
    const inLog = (await t.sql.query(`SELECT DISTINCT action FROM audit_log`)).rows.map((r) => r.action as string);
    expect([...listed].sort()).toEqual([...inLog].sort());
    // Byte order (the index's), whatever the database's collation: X (0x58) before _ (0x5f).
    expect(listed).toEqual([...listed].sort());
    expect(listed.indexOf('previewXsubject.checked')).toBeLessThan(listed.indexOf('preview_subject.created'));
    expect(listed).toEqual(expect.arrayContaining(['template.created', 'preview_subject.retired', 'api_key.created', 'user.created']));
  });

  it('downloads the filtered log as CSV, names included and typed text neutralised as a formula', async () => {
    const res = must(await t.gql(CSV, { filter: { entityType: 'template', entityId: template.id } }, admin))['auditLogCsv'];
    expect(res).toMatchObject({ rowCount: 2, totalCount: 2, truncated: false, maxRows: 5000 });
    const lines = (res.csv as string).split('\r\n');
    expect(lines[0]).toBe('time,actor_kind,actor_id,actor,action,object_type,object_id,object,before,after');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    // Newest first: the API key's entry, then the creation.
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,API_KEY,${apiKey.id},Miaoya app,catalog\\.exported,template,${template.id},`));
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""Golden"")",,`);
    expect(lines[1]!.endsWith(',"{""rows"":3}"')).toBe(true);
    expect(lines[2]).toContain(`,USER,${designer.id},${designer.email.split('@')[0]},template.created,template,${template.id},"'=HYPERLINK(""http://evil.example"",""Golden"")",,`);
    // The title inside the JSON stays JSON: the cell starts with {, which no spreadsheet runs.
    expect(lines[2]).toContain('"{""title"":""=HYPERLINK(');
    // No e-mail address of anyone: actors are named by display name.
    expect(res.csv).not.toContain('@test.local');

    const system = must(await t.gql(CSV, { filter: { actorKind: 'SYSTEM', action: 'user.created' } }, admin))['auditLogCsv'];
    expect((system.csv as string).split('\r\n').slice(1, -1).every((l) => l.includes(',SYSTEM,,System,user.created,user,'))).toBe(true);
  });

  it('caps a download at 5,000 entries, the newest, and says how many matched', async () => {
    await t.sql.query(`INSERT INTO audit_log (actor_kind, action, entity_type, entity_id, created_at)
      SELECT 'SYSTEM', 'bulk.checked', 'bulk', i::text, '2024-01-01T00:00:00Z'::timestamptz + i * interval '1 second' FROM generate_series(1, 5003) i`);
    const res = must(await t.gql(CSV, { filter: { action: 'bulk.checked' } }, admin))['auditLogCsv'];
    expect(res).toMatchObject({ rowCount: 5000, totalCount: 5003, truncated: true, maxRows: 5000 });
    const lines = (res.csv as string).split('\r\n');
    expect(lines).toHaveLength(5002);
    expect(lines[1]).toContain(',bulk.checked,bulk,5003,');
    expect(lines[5000]).toContain(',bulk.checked,bulk,4,');
  });

  it.each([
    ['auditLog', `{ auditLog(first: 5) { totalCount } }`],
    ['auditActions', `{ auditActions }`],
    ['auditLogCsv', `{ auditLogCsv { csv } }`],
  ])('refuses %s to anyone but admins', async (op, gql) => {
    for (const [who, auth, code] of [
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['designer', { token: designer.token }, 'FORBIDDEN'],
      ['reviewer', { token: reviewer.token }, 'FORBIDDEN'],
    ] as const) {
      const res = await t.gql(gql, {}, auth);
      expectLabelled(res.errors?.map((e) => e.extensions.code), `${op} as ${who}`).toEqual([code]);
      expect(res.data?.[op] ?? null).toBeNull();
      expect(res.errors![0]!.message).toMatch(/^[A-Z].* /);
    }
  });

  it.each([
    [{ actorId: 'not-a-uuid' }, 'actorId', 'The actor filter must be the id of a user or an API key.', 'audit.actorIdInvalid', {}],
    [{ entityType: 'Template; DROP' }, 'entityType', 'The object type must be a kind of object such as template or preview_subject.', 'audit.entityTypeInvalid', {}],
    [{ entityId: ' ' }, 'entityId', 'The object id must be 1 to 100 characters.', 'audit.entityIdLength', { min: 1, max: 100 }],
    [{ action: 'version.%' }, 'action', 'The action filter must be an action such as version.submitted, or a prefix ending in a dot such as version.', 'audit.actionInvalid', {}],
    [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'to', 'The end of the period must come after its start.', 'audit.periodReversed', {}],
  ] as const)('refuses the filter %j with the field to fix, in the list and in the download', async (filter, path, message, reason, params) => {
    for (const gql of [LOG, CSV]) {
      const res = await t.gql(gql, { filter }, admin);
      expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', issues: [{ path, message, reason, params }] } });
      expectWorded(res, reason, params);
    }
  });
});
