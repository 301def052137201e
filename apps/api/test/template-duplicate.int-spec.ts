import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeSpecHash } from '@atelier/template-spec';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createCategory, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, publishTemplate, type TestUser } from './factories/factories.js';

const DUPLICATE = `mutation($id: ID!, $title: String) { duplicateTemplate(templateId: $id, title: $title) {
  id title description tags category baseModel headRevision owner { id } publishedVersion { id }
  draft { id number state revision spec specHash } versions { id } } }`;
const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id specHash } }`;

describe('duplicateTemplate', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    otherDesigner = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id];
    await createCategory(t, admin, 'Portrait');
  });
  afterAll(() => t?.close());

  async function snapshot(templateId: string) {
    const template = (await t.sql.query(`SELECT * FROM templates WHERE id = $1`, [templateId])).rows[0];
    const versions = (await t.sql.query(`SELECT * FROM template_versions WHERE template_id = $1 ORDER BY number`, [templateId])).rows;
    return { template, versions };
  }

  it("copies the newest version's spec into a new draft the caller owns and leaves the source alone", async () => {
    // A published version 1 and a newer draft 2 with a different spec: the copy takes the draft's.
    const { templateId, versionId } = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Window light', description: 'Soft north light.', tags: ['film', 'window'], category: 'portrait' });
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, warm rim light`;
    const head = (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
    const saved = await t.gql(SAVE, { input: { templateId, spec, baseRevision: head } }, designer);
    expect(saved.errors).toBeUndefined();
    const before = await snapshot(templateId);

    const res = await t.gql(DUPLICATE, { id: templateId }, designer);
    expect(res.errors).toBeUndefined();
    const copy = res.data!['duplicateTemplate'];
    expect(copy).toMatchObject({ title: 'Window light (copy)', description: 'Soft north light.', tags: ['film', 'window'], category: 'portrait', baseModel: 'SDXL', headRevision: 1, owner: { id: designer.id }, publishedVersion: null });
    expect(copy.id).not.toBe(templateId);
    expect(copy.draft).toMatchObject({ number: 1, state: 'DRAFT', revision: 1, specHash: computeSpecHash(spec) });
    expect(copy.draft.spec).toEqual(spec);
    expect([versionId, saved.data!['saveDraft'].id]).not.toContain(copy.draft.id);
    expect(copy.versions).toEqual([{ id: copy.draft.id }]);
    expect(await snapshot(templateId)).toEqual(before);

    // The copy is an ordinary template of its own: editable with its own revisions.
    const next = await t.gql(SAVE, { input: { templateId: copy.id, spec: makeTemplateSpec(), baseRevision: 1 } }, designer);
    expect(next.errors).toBeUndefined();
    expect(next.data!['saveDraft'].id).toBe(copy.draft.id);
    expect(await snapshot(templateId)).toEqual(before);
    const audit = await t.sql.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1`, [copy.id]);
    expect(audit.rows).toContainEqual({ action: 'template.duplicated', actor_id: designer.id });
  });

  it('takes the title the studio passes, and refuses a blank one', async () => {
    const source = await createTemplate(t, designer, { title: 'Golden hour' });
    const named = await t.gql(DUPLICATE, { id: source.id, title: '  Golden hour, second take ' }, designer);
    expect(named.data!['duplicateTemplate'].title).toBe('Golden hour, second take');
    const blank = await t.gql(DUPLICATE, { id: source.id, title: '   ' }, designer);
    expect(blank.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'title', message: expect.any(String) }] });
  });

  it('shortens a long source title so "(copy)" still fits', async () => {
    const source = await createTemplate(t, designer, { title: 'x'.repeat(120) });
    const res = await t.gql(DUPLICATE, { id: source.id }, designer);
    expect(res.data!['duplicateTemplate'].title).toBe(`${'x'.repeat(113)} (copy)`);
  });

  it("lets an admin copy someone's template (the admin owns the copy) and hides it from another designer", async () => {
    const source = await createTemplate(t, designer, { title: 'Studio backdrop' });
    const asAdmin = await t.gql(DUPLICATE, { id: source.id }, admin);
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data!['duplicateTemplate'].owner.id).toBe(admin.id);

    const count = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM templates`)).rows[0].n as number;
    const templatesBefore = await count();
    const asOther = await t.gql(DUPLICATE, { id: source.id }, otherDesigner);
    expect(asOther.errors![0]!.extensions.code).toBe('NOT_FOUND');
    const asReviewer = await t.gql(DUPLICATE, { id: source.id }, reviewer);
    expect(asReviewer.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(await count()).toBe(templatesBefore);
  });
});
