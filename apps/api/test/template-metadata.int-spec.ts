import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createCategory, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, publishTemplate, submitWithPreviews, type TestUser } from './factories/factories.js';

const UPDATE = `mutation($input: UpdateTemplateInput!) { updateTemplate(input: $input) { id title description tags category } }`;
const CATEGORIES = `query($all: Boolean) { templateCategories(includeArchived: $all) { key name nameZh position archived } }`;
const CREATE_CATEGORY = `mutation($input: CreateTemplateCategoryInput!) { createTemplateCategory(input: $input) { key name nameZh position archived } }`;
const UPDATE_CATEGORY = `mutation($input: UpdateTemplateCategoryInput!) { updateTemplateCategory(input: $input) { key name nameZh position archived } }`;
const VERSION_METADATA = `query($id: ID!) { templateVersion(id: $id) { id state metadata { title description category tags frozen } } }`;
const CATALOG = `query($filter: CatalogFilter) { catalog(first: 10, filter: $filter) { totalCount edges { node { id title description tags category publishedVersion { id title description category tags } } } } }`;
const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id number } }`;

// Title, description, category and tags are frozen into a version when it is submitted: reviewers
// judge them with the spec, history diffs them, and the catalog shows the published version's own.
describe('template metadata belongs to the version', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id];
    await createCategory(t, admin, 'Portrait', '人像');
    await createCategory(t, admin, 'Wedding', '婚纱');
    const key = await t.gql(`mutation { createApiKey(input: { name: "App", scopes: [CATALOG_READ] }) { key } }`, {}, admin);
    apiKey = key.data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  describe('the category list', () => {
    it('makes keys from English names, orders by position, and refuses a key twice', async () => {
      const made = await t.gql(CREATE_CATEGORY, { input: { name: 'Business portrait', nameZh: '商务肖像' } }, admin);
      expect(made.data!['createTemplateCategory']).toEqual({ key: 'business-portrait', name: 'Business portrait', nameZh: '商务肖像', position: 3, archived: false });
      const first = await t.gql(CREATE_CATEGORY, { input: { name: '婚礼', key: 'big-day', position: 0 } }, admin);
      expect(first.data!['createTemplateCategory']).toMatchObject({ key: 'big-day', position: 0 });
      const again = await t.gql(CREATE_CATEGORY, { input: { name: 'Business Portrait' } }, admin);
      expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'category.keyTaken', params: { key: 'business-portrait' } });
      const list = await t.gql(CATEGORIES, {}, { apiKey });
      expect(list.data!['templateCategories'].map((c: { key: string }) => c.key)).toEqual(['big-day', 'portrait', 'wedding', 'business-portrait']);
      const audit = await t.sql.query(`SELECT action, entity_id FROM audit_log WHERE entity_type = 'template_category' ORDER BY created_at`);
      expect(audit.rows).toEqual(expect.arrayContaining([{ action: 'category.created', entity_id: 'business-portrait' }]));
    });

    it('archives a category: no template newly picks it, the templates already in it keep it, and it comes back', async () => {
      await createCategory(t, admin, 'Outdoor');
      const kept = await createTemplate(t, designer, { title: 'Beach', category: 'outdoor' });
      const archived = await t.gql(UPDATE_CATEGORY, { input: { key: 'outdoor', archived: true, nameZh: '户外' } }, admin);
      expect(archived.data!['updateTemplateCategory']).toMatchObject({ archived: true, nameZh: '户外' });
      expect((await t.gql(CATEGORIES, {}, designer)).data!['templateCategories'].map((c: { key: string }) => c.key)).not.toContain('outdoor');
      expect((await t.gql(CATEGORIES, { all: true }, designer)).data!['templateCategories'].find((c: { key: string }) => c.key === 'outdoor')).toMatchObject({ archived: true });

      const fresh = await t.gql(`mutation { createTemplate(input: { title: "Dunes", baseModel: SDXL, category: "outdoor" }) { id } }`, {}, designer);
      expect(fresh.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'template.categoryArchived', params: { name: 'Outdoor' }, issues: [{ path: 'category' }] });
      const other = await createTemplate(t, designer, { title: 'Cliffs' });
      const moved = await t.gql(UPDATE, { input: { templateId: other.id, category: 'outdoor' } }, designer);
      expect(moved.errors![0]!.extensions).toMatchObject({ reason: 'template.categoryArchived' });
      // The template already in it keeps it through other edits.
      const retitled = await t.gql(UPDATE, { input: { templateId: kept.id, title: 'Beach at noon', category: 'outdoor' } }, designer);
      expect(retitled.data!['updateTemplate']).toMatchObject({ title: 'Beach at noon', category: 'outdoor' });

      await t.gql(UPDATE_CATEGORY, { input: { key: 'outdoor', archived: false } }, admin);
      expect((await t.gql(UPDATE, { input: { templateId: other.id, category: 'outdoor' } }, designer)).data!['updateTemplate'].category).toBe('outdoor');
      const actions = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = 'outdoor' ORDER BY created_at`);
      expect(actions.rows.map((r) => r.action)).toEqual(['category.created', 'category.archived', 'category.restored']);
    });

    it('refuses a category nobody created, naming it', async () => {
      const res = await t.gql(UPDATE, { input: { templateId: (await createTemplate(t, designer)).id, category: 'space-opera' } }, designer);
      expect(res.errors![0]!).toMatchObject({ message: expect.stringContaining('"space-opera"'), extensions: { code: 'BAD_USER_INPUT', reason: 'template.categoryUnknown', params: { category: 'space-opera' } } });
    });
  });

  it('follows the template while a draft, is frozen at submission, and shows the reviewer what was submitted', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Window light', description: 'Soft north light.', tags: ['film'], category: 'portrait' });
    const draft = (await t.gql(VERSION_METADATA, { id: tpl.draft.id }, designer)).data!['templateVersion'];
    expect(draft.metadata).toEqual({ title: 'Window light', description: 'Soft north light.', category: 'portrait', tags: ['film'], frozen: false });
    await t.gql(UPDATE, { input: { templateId: tpl.id, title: 'Window light II', tags: ['film', 'indoor'] } }, designer);
    expect((await t.gql(VERSION_METADATA, { id: tpl.draft.id }, designer)).data!['templateVersion'].metadata).toMatchObject({ title: 'Window light II', frozen: false });

    expect((await submitWithPreviews(t, designer, tpl.draft.id)).errors).toBeUndefined();
    // Edited after submission: the template's working copy changes, the submitted version does not.
    await t.gql(UPDATE, { input: { templateId: tpl.id, title: 'Window light III', category: 'wedding' } }, designer);
    const asReviewer = (await t.gql(VERSION_METADATA, { id: tpl.draft.id }, reviewer)).data!['templateVersion'];
    expect(asReviewer).toMatchObject({ state: 'SUBMITTED', metadata: { title: 'Window light II', description: 'Soft north light.', category: 'portrait', tags: ['film', 'indoor'], frozen: true } });
    // The database guards it too.
    await expect(t.sql.query(`UPDATE template_versions SET title = 'sneaky' WHERE id = $1`, [tpl.draft.id])).rejects.toThrow(/frozen/);
  });

  it('shows apps the published version\'s own metadata until a version carrying a change is published', async () => {
    const { templateId, versionId } = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Golden hour', description: 'Warm backlight.', tags: ['film', 'outdoor'], category: 'portrait' });
    await t.gql(UPDATE, { input: { templateId, title: 'Golden hour (new cut)', description: 'Warmer.', tags: ['film', 'beach'], category: 'wedding' } }, designer);

    const before = await t.gql(CATALOG, { filter: { search: 'Golden' } }, { apiKey });
    const node = before.data!['catalog'].edges[0].node;
    expect(node).toMatchObject({ id: templateId, title: 'Golden hour', description: 'Warm backlight.', tags: ['film', 'outdoor'], category: 'portrait', publishedVersion: { id: versionId, title: 'Golden hour', description: 'Warm backlight.', category: 'portrait', tags: ['film', 'outdoor'] } });
    // Filters read the published metadata too: the unpublished change finds nothing yet.
    expect((await t.gql(CATALOG, { filter: { search: 'new cut' } }, { apiKey })).data!['catalog'].totalCount).toBe(0);
    expect((await t.gql(CATALOG, { filter: { category: 'wedding', tags: ['beach'] } }, { apiKey })).data!['catalog'].totalCount).toBe(0);
    expect((await t.gql(CATALOG, { filter: { category: 'portrait', tags: ['outdoor'] } }, { apiKey })).data!['catalog'].totalCount).toBe(1);

    // Version 2 carries the change through review; once published, apps see it.
    const spec = (await t.sql.query(`SELECT spec FROM template_versions WHERE id = $1`, [versionId])).rows[0].spec;
    const head = (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
    const v2 = (await t.gql(SAVE, { input: { templateId, spec: { ...spec, prompt: { ...spec.prompt, positive: `${spec.prompt.positive}, beach` } }, baseRevision: head } }, designer)).data!['saveDraft'];
    expect((await submitWithPreviews(t, designer, v2.id)).errors).toBeUndefined();
    await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`, { input: { versionId: v2.id, decision: 'APPROVE', scores: subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) } }, reviewer);
    expect((await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: v2.id }, designer)).errors).toBeUndefined();
    const after = (await t.gql(CATALOG, { filter: { category: 'wedding', tags: ['beach'] } }, { apiKey })).data!['catalog'];
    expect(after.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Golden hour (new cut)']);
    // The first version stays pinned with what was approved then.
    const pinned = await t.gql(`query($id: ID!) { catalogVersion(id: $id) { title category tags current } }`, { id: versionId }, { apiKey });
    expect(pinned.data!['catalogVersion']).toEqual({ title: 'Golden hour', category: 'portrait', tags: ['film', 'outdoor'], current: false });
  });

  it('undoes its migration and applies it again, turning free-text categories into keys and filling in submitted versions', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Legacy', category: 'portrait', spec: makeTemplateSpec() });
    expect((await submitWithPreviews(t, designer, tpl.draft.id)).errors).toBeUndefined();
    const runner = t.dataSource.createQueryRunner();
    try {
      const Migration = ALL_MIGRATIONS.find((m) => m.name === 'FreezeVersionMetadataAndCategories1765035000000')!;
      await new Migration().down(runner);
      // As an install before this migration had it: free text in templates, nothing in versions.
      await runner.query(`UPDATE templates SET category = 'Fine Art  Portraits!' WHERE id = $1`, [tpl.id]);
      await new Migration().up(runner);
      const version = (await runner.query(`SELECT title, category, tags FROM template_versions WHERE id = $1`, [tpl.draft.id]))[0];
      expect(version).toEqual({ title: 'Legacy', category: 'fine-art-portraits', tags: ['film'] });
      expect((await runner.query(`SELECT key, name FROM template_categories WHERE key = 'fine-art-portraits'`))[0]).toEqual({ key: 'fine-art-portraits', name: 'Fine Art  Portraits!' });
      await expect(runner.query(`UPDATE template_versions SET tags = '{x}' WHERE id = $1`, [tpl.draft.id])).rejects.toThrow(/frozen/);
    } finally {
      await runner.release();
    }
  });
});
