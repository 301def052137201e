import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CatalogService } from '../src/modules/catalog/catalog.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { validateComfyGraph } from '@atelier/comfy-compile';
import { createCategory, createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from './factories/factories.js';

const CATALOG = `query($first: Int, $after: String, $filter: CatalogFilter) {
  catalog(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title tags category baseModel publishedAt publishedVersion { id number specHash spec coverUrl current previews { id url } } } }
  }
}`;

describe('catalog for consumer apps', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let apiKey: string;
  let subjectIds: string[];

  async function publishNew(title: string, extra: Record<string, unknown> = {}) {
    const tpl = await createTemplate(t, designer, { title, ...extra });
    await submitWithPreviews(t, designer, tpl.draft.id);
    const review = await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    if (review.errors) throw new Error(JSON.stringify(review.errors));
    const pub = await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, designer);
    if (pub.errors) throw new Error(JSON.stringify(pub.errors));
    return { templateId: tpl.id, versionId: tpl.draft.id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin)).id];
    await createCategory(t, admin, 'Portrait');
    await createCategory(t, admin, 'Wedding');
    const key = await t.gql(`mutation { createApiKey(input: { name: "Miaoya app", scopes: [CATALOG_READ] }) { key apiKey { prefix scopes } } }`, {}, admin);
    apiKey = key.data!['createApiKey'].key;
    expect(key.data!['createApiKey'].apiKey.scopes).toEqual(['CATALOG_READ']);
    const stored = await t.sql.query(`SELECT secret_hash FROM api_keys`);
    expect(JSON.stringify(stored.rows)).not.toContain(apiKey.split('_').slice(2).join('_'));
  });
  afterAll(() => t?.close());

  it('shows only published templates with their published version, never drafts or unpublished work', async () => {
    const published = await publishNew('Golden hour', { tags: ['film', 'outdoor'], category: 'portrait' });
    await createTemplate(t, designer, { title: 'Secret draft' });
    const unpublished = await publishNew('Withdrawn');
    await t.gql(`mutation($id: ID!) { unpublishTemplate(templateId: $id) { id } }`, { id: unpublished.templateId }, designer);
    // A published template keeps serving its published version while a newer draft is edited.
    await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: published.templateId, spec: { ...(await t.sql.query(`SELECT spec FROM template_versions WHERE id = $1`, [published.versionId])).rows[0].spec, prompt: { positive: 'draft change {subject}', negative: '' } }, baseRevision: 1 } }, designer);

    const res = await t.gql(CATALOG, { first: 10 }, { apiKey });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!['catalog'].edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.title)).toEqual(['Golden hour']);
    expect(nodes[0].publishedVersion).toMatchObject({ id: published.versionId, number: 1, current: true });
    // Its finished previews (one per subject and seed), the first one standing in as cover.
    const rendered = await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED'`, [published.versionId]);
    const previews = nodes[0].publishedVersion.previews as Array<{ id: string; url: string }>;
    expect(previews.map((p) => p.id).sort()).toEqual(rendered.rows.map((r: { id: string }) => r.id).sort());
    expect(nodes[0].publishedVersion.coverUrl).toBe(previews[0]!.url);
    expect(nodes[0].publishedVersion.spec.prompt.positive).not.toContain('draft change');
    expect(JSON.stringify(res.data)).not.toContain('Secret draft');

    const pinned = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { id current title } }`, { id: unpublished.versionId }, { apiKey });
    expect(pinned.data!['catalogVersion']).toEqual({ id: unpublished.versionId, current: false, title: 'Withdrawn' });
    const draftId = (await t.sql.query(`SELECT id FROM template_versions WHERE state = 'DRAFT' LIMIT 1`)).rows[0].id;
    const hidden = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { id } }`, { id: draftId }, { apiKey });
    expect(hidden.data!['catalogVersion']).toBeNull();
  });

  it('filters by tag, search, category and base model and pages with cursors', async () => {
    for (let i = 0; i < 5; i++) await publishNew(`Wedding ${i}`, { tags: ['wedding'], category: 'wedding' });
    const byTag = await t.gql(CATALOG, { first: 2, filter: { tags: ['wedding'] } }, { apiKey });
    const page1 = byTag.data!['catalog'];
    expect(page1.totalCount).toBe(5);
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const seen = page1.edges.map((e: any) => e.node.title);
    let after = page1.pageInfo.endCursor;
    while (after) {
      const next = (await t.gql(CATALOG, { first: 2, after, filter: { tags: ['wedding'] } }, { apiKey })).data!['catalog'];
      seen.push(...next.edges.map((e: any) => e.node.title));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(seen.sort()).toEqual(['Wedding 0', 'Wedding 1', 'Wedding 2', 'Wedding 3', 'Wedding 4']);
    const search = await t.gql(CATALOG, { first: 10, filter: { search: 'golden' } }, { apiKey });
    expect(search.data!['catalog'].edges.map((e: any) => e.node.title)).toEqual(['Golden hour']);
    const category = await t.gql(CATALOG, { first: 10, filter: { category: 'portrait', baseModel: 'SDXL' } }, { apiKey });
    expect(category.data!['catalog'].totalCount).toBe(1);
    const sd15 = await t.gql(CATALOG, { first: 10, filter: { baseModel: 'SD15' } }, { apiKey });
    expect(sd15.data!['catalog'].totalCount).toBe(0);
  });

  it('costs one SQL statement for a page of 2 and a page of 20 (no N+1)', async () => {
    for (let i = 0; i < 14; i++) await publishNew(`Bulk ${i}`);
    // Warm the API-key cache, then measure uncached pages (distinct filters bypass the page cache).
    await t.gql(CATALOG, { first: 1 }, { apiKey });
    const measure = async (first: number, search: string) => {
      const before = t.queryCount();
      const res = await t.gql(CATALOG, { first, filter: { search } }, { apiKey });
      expect(res.data!['catalog'].edges.length).toBe(first);
      return t.queryCount() - before;
    };
    const small = await measure(2, 'Bulk');
    const large = await measure(20, ' ');
    expect(large).toBe(small);
    expect(small).toBe(1);
  });

  it('sees a newly published template at once despite the page cache', async () => {
    const before = (await t.gql(CATALOG, { first: 5 }, { apiKey })).data!['catalog'].totalCount;
    await publishNew('Fresh off review');
    const after = await t.gql(CATALOG, { first: 5 }, { apiKey });
    expect(after.data!['catalog'].totalCount).toBe(before + 1);
    expect(after.data!['catalog'].edges[0].node.title).toBe('Fresh off review');
  });

  it('answers a repeated catalog query from its cached answer without SQL, still checking the key', async () => {
    const first = await t.gql(CATALOG, { first: 3 }, { apiKey });
    const before = t.queryCount();
    const resolved = jest.spyOn(t.app.get(CatalogService), 'page');
    const again = await t.gql(CATALOG, { first: 3 }, { apiKey });
    expect(resolved).not.toHaveBeenCalled();
    resolved.mockRestore();
    expect(t.queryCount()).toBe(before);
    expect(again).toEqual(first);
    const forged = await t.gql(CATALOG, { first: 3 }, { apiKey: `${apiKey.slice(0, -4)}AAAA` });
    expect(forged.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(forged.data).toBeNull();
    const usageOnly = (await t.gql(`mutation { createApiKey(input: { name: "Usage", scopes: [USAGE_WRITE], consumerApp: "Miaoya" }) { key } }`, {}, admin)).data!['createApiKey'].key;
    const wrongScope = await t.gql(CATALOG, { first: 3 }, { apiKey: usageOnly });
    expect(wrongScope.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('gives each pinned version the ComfyUI graph reviewers approved, with the user-specific parts as placeholders', async () => {
    const lora = await createLora(t, admin, { minWeight: 0, maxWeight: 1 });
    const tpl = await createTemplate(t, designer, { title: 'With style', spec: makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.7 }] }) });
    await submitWithPreviews(t, designer, tpl.draft.id);
    await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, designer);
    const res = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { identityMode comfyGraph triggerWords likeness { default max } } }`, { id: tpl.draft.id }, { apiKey });
    const graph = res.data!['catalogVersion'].comfyGraph;
    expect(res.data!['catalogVersion'].identityMode).toBe('LORA');
    expect(validateComfyGraph(graph, { allowPlaceholders: true })).toEqual([]);
    expect(graph.lora_identity.inputs.lora_name).toBe('{{identityLora}}');
    // The identity strength is the app's to choose, within the range the version declares.
    expect(graph.lora_identity.inputs).toMatchObject({ strength_model: '{{likeness}}', strength_clip: '{{likeness}}' });
    expect(res.data!['catalogVersion'].likeness).toEqual({ default: 0.9, max: 1.2 });
    expect(graph.positive.inputs.text).toContain('{{identityTrigger}}');
    expect(graph.sampler.inputs.seed).toBe('{{seed}}');
    const sha = (await t.sql.query(`SELECT sha256 FROM loras WHERE id = $1`, [lora.id])).rows[0].sha256;
    expect(graph.lora_style_0.inputs).toMatchObject({ lora_name: `${sha}.safetensors`, strength_model: 0.7 });
    expect(graph.positive.inputs.text).toContain('film');
    // The trigger words an app is told about are exactly the ones the graph appends to the prompt.
    expect(res.data!['catalogVersion'].triggerWords).toEqual(['film']);
    expect(graph.positive.inputs.text.endsWith(', film')).toBe(true);
  });

  it('gives an InstantID version its graph with {{facePhoto}} and InstantID at {{likeness}}, and says which identity mode it takes', async () => {
    const base = makeTemplateSpec();
    const spec = { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } };
    const tpl = await createTemplate(t, designer, { title: 'Face photo', spec });
    await submitWithPreviews(t, designer, tpl.draft.id);
    await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, designer);
    const res = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { identityMode comfyGraph } }`, { id: tpl.draft.id }, { apiKey });
    expect(res.errors).toBeUndefined();
    const graph = res.data!['catalogVersion'].comfyGraph;
    expect(res.data!['catalogVersion'].identityMode).toBe('INSTANTID');
    expect(validateComfyGraph(graph, { allowPlaceholders: true })).toEqual([]);
    expect(graph.face_photo.inputs.image).toBe('{{facePhoto}}');
    expect(graph.instantid.inputs.weight).toBe('{{likeness}}');
    expect(graph.lora_identity).toBeUndefined();
    expect(JSON.stringify(graph)).not.toContain('{{identityTrigger}}');
  });

  it('shows renders at the likeness default only: a max render of the same seed never replaces one, in the catalog or in version previews', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Both ends' });
    await submitWithPreviews(t, designer, tpl.draft.id);
    const defaults = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED' ORDER BY id`, [tpl.draft.id])).rows.map((r: { id: string }) => r.id);
    expect(defaults.length).toBeGreaterThan(0);
    // Each seed also rendered at the max, once before the default render (the catalog keeps the earliest
    // render) and once after it (version previews keep the newest attempt): either would win without the end.
    for (const [likeness, shift] of [[1.2, '-1 hour'], [1.3, '1 hour']] as const) {
      await t.sql.query(
        `INSERT INTO preview_jobs SELECT (jsonb_populate_record(NULL::preview_jobs, to_jsonb(j) || jsonb_build_object('id', gen_random_uuid(), 'likeness_end', 'MAX', 'likeness', $2::float8, 'created_at', j.created_at + $3::interval))).*
           FROM preview_jobs j WHERE j.id = ANY($1::uuid[])`,
        [defaults, likeness, shift],
      );
    }
    await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: tpl.draft.id, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: tpl.draft.id }, designer);
    const catalog = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { previews { id } } }`, { id: tpl.draft.id }, { apiKey });
    expect(catalog.data!['catalogVersion'].previews.map((p: { id: string }) => p.id).sort()).toEqual(defaults);
    const version = await t.gql(
      `query($id: ID!) { templateVersion(id: $id) { previewCount previews { id likenessEnd } maxCount: previewCount(likenessEnd: MAX) max: previews(likenessEnd: MAX) { likeness likenessEnd } } }`,
      { id: tpl.draft.id },
      designer,
    );
    expect(version.errors).toBeUndefined();
    const v = version.data!['templateVersion'];
    expect(v.previews.map((p: { id: string }) => p.id).sort()).toEqual(defaults);
    expect(v.previewCount).toBe(defaults.length);
    // Asked for, the max end lists one per face and seed too: the newest attempt.
    expect(v.max).toEqual(defaults.map(() => ({ likeness: 1.3, likenessEnd: 'MAX' })));
    expect(v.maxCount).toBe(defaults.length);
  });

  it('answers a signed-in studio user (any role) exactly as it answers an API key', async () => {
    const byKey = await t.gql(CATALOG, { first: 3 }, { apiKey });
    expect(byKey.errors).toBeUndefined();
    expect(byKey.data!['catalog'].totalCount).toBeGreaterThan(0);
    for (const user of [designer, reviewer, admin]) {
      const byUser = await t.gql(CATALOG, { first: 3 }, user);
      expect(byUser.errors).toBeUndefined();
      expect(byUser.data).toEqual(byKey.data);
    }
    const versionId = byKey.data!['catalog'].edges[0].node.publishedVersion.id;
    const PINNED = `query($id: ID!) { catalogVersion(id: $id) { id title specHash spec comfyGraph current previews { id } } }`;
    const pinnedByKey = await t.gql(PINNED, { id: versionId }, { apiKey });
    expect(pinnedByKey.data!['catalogVersion'].id).toBe(versionId);
    expect((await t.gql(PINNED, { id: versionId }, designer)).data).toEqual(pinnedByKey.data);
  });

  it('refuses a missing key and a revoked key', async () => {
    const anonymous = await t.gql(CATALOG, { first: 1 });
    expect(anonymous.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const created = await t.gql(`mutation { createApiKey(input: { name: "Temp", scopes: [CATALOG_READ] }) { key apiKey { id } } }`, {}, admin);
    const { key, apiKey: row } = created.data!['createApiKey'];
    expect((await t.gql(CATALOG, { first: 1 }, { apiKey: key })).errors).toBeUndefined();
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: row.id }, admin);
    const revoked = await t.gql(CATALOG, { first: 1 }, { apiKey: key });
    expect(revoked.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(revoked.errors![0]!.message).toBe('This API key has been revoked.');
  });
});
