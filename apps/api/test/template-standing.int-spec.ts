import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, submitWithPreviews, type TestUser } from './factories/factories.js';

// Template.standing: where each template stands, as the templates list and the editor header show it,
// through GraphQL over HTTP with real tokens, and at a fixed number of SQL statements per page.

const STANDING = `standing { state versionId versionNumber reviewNote decidedAt publishedVersionNumber }`;

interface Standing {
  state: string;
  versionId: string;
  versionNumber: number;
  reviewNote: string | null;
  decidedAt: string | null;
  publishedVersionNumber: number | null;
}

describe('where a template stands (Template.standing)', () => {
  let t: TestApp;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjectIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin, 'Mei')).id];
  });
  afterAll(() => t?.close());

  async function must(query: string, variables: Record<string, unknown>, user: TestUser = designer) {
    const res = await t.gql(query, variables, user);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  }

  async function standingOf(templateId: string, user: TestUser = designer): Promise<Standing> {
    return (await must(`query($id: ID!) { template(id: $id) { ${STANDING} } }`, { id: templateId }, user))['template'].standing;
  }

  async function submitted(title: string) {
    const tpl = await createTemplate(t, designer, { title });
    const res = await submitWithPreviews(t, designer, tpl.draft.id);
    expect(res.errors).toBeUndefined();
    return { templateId: tpl.id, versionId: tpl.draft.id };
  }

  function review(versionId: string, decision: 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT', comments: Array<Record<string, unknown>> = []) {
    const scores = decision === 'APPROVE' ? subjectIds.map((subjectId) => ({ subjectId, real: 95, like: 95, beautiful: 95 })) : [];
    return must(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { id } }`, { input: { versionId, decision, scores, comments } }, reviewer);
  }

  const publish = (versionId: string) => must(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: versionId });

  // A new version of the template with a changed prompt, as the designer saves it.
  async function saveNextDraft(templateId: string, flavour: string): Promise<string> {
    const head = (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, ${flavour}`;
    return (await must(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId, spec, baseRevision: head } }))['saveDraft'].id;
  }

  async function publishedTemplate(title: string) {
    const s = await submitted(title);
    await review(s.versionId, 'APPROVE');
    await publish(s.versionId);
    return s;
  }

  it('is DRAFT_ONLY for a template never submitted, about its draft', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Only a draft' });
    expect(await standingOf(tpl.id)).toEqual({ state: 'DRAFT_ONLY', versionId: tpl.draft.id, versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: null });
  });

  it('is IN_REVIEW once submitted, and stays so while the designer edits a new draft on top', async () => {
    const s = await submitted('Waiting for a reviewer');
    expect(await standingOf(s.templateId)).toEqual({ state: 'IN_REVIEW', versionId: s.versionId, versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: null });
    await saveNextDraft(s.templateId, 'warmer');
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'IN_REVIEW', versionNumber: 1 });
  });

  it("is CHANGES_REQUESTED with the reviewer's general comment as the note (over a pinned one) and when it was decided", async () => {
    const s = await submitted('Sent back');
    const previewJobId = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED' LIMIT 1`, [s.versionId])).rows[0].id;
    await review(s.versionId, 'REQUEST_CHANGES', [
      { body: 'The skin looks waxy here.', previewJobId, x: 0.3, y: 0.4 },
      { body: 'Warm the key light and soften the shadows.' },
    ]);
    const standing = await standingOf(s.templateId);
    const decidedAt = (await t.sql.query(`SELECT decided_at FROM template_versions WHERE id = $1`, [s.versionId])).rows[0].decided_at as Date;
    expect(standing).toEqual({ state: 'CHANGES_REQUESTED', versionId: s.versionId, versionNumber: 1, reviewNote: 'Warm the key light and soften the shadows.', decidedAt: decidedAt.toISOString(), publishedVersionNumber: null });

    // Still what the designer works on while the next draft is open.
    await saveNextDraft(s.templateId, 'softer shadows');
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'CHANGES_REQUESTED', versionNumber: 1, reviewNote: 'Warm the key light and soften the shadows.' });
  });

  it('takes the only (pinned) comment as the note when there is no general one, and is REJECTED with it', async () => {
    const s = await submitted('Not for us');
    await review(s.versionId, 'REJECT', [{ body: 'This look is too close to an existing template.', previewJobId: null, x: 0.5, y: 0.5 }]);
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'REJECTED', versionNumber: 1, reviewNote: 'This look is too close to an existing template.', decidedAt: expect.any(String) });
  });

  it('is APPROVED (waiting to be published), then PUBLISHED with its version', async () => {
    const s = await submitted('Approved look');
    await review(s.versionId, 'APPROVE');
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'APPROVED', versionId: s.versionId, versionNumber: 1, reviewNote: null, decidedAt: expect.any(String), publishedVersionNumber: null });
    await publish(s.versionId);
    expect(await standingOf(s.templateId)).toEqual({ state: 'PUBLISHED', versionId: s.versionId, versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: 1 });
  });

  it('says which version stays live while the next one is in review or sent back', async () => {
    const s = await publishedTemplate('Live and evolving');
    const v2 = await saveNextDraft(s.templateId, 'golden rim light');
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'PUBLISHED', versionNumber: 1, publishedVersionNumber: 1 });
    expect((await submitWithPreviews(t, designer, v2)).errors).toBeUndefined();
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'IN_REVIEW', versionId: v2, versionNumber: 2, publishedVersionNumber: 1 });
    await review(v2, 'REQUEST_CHANGES', [{ body: 'The rim light is too strong.' }]);
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'CHANGES_REQUESTED', versionNumber: 2, reviewNote: 'The rim light is too strong.', publishedVersionNumber: 1 });
  });

  it('is UNPUBLISHED (with the version it last showed) once taken out, and PUBLISHED again after a rollback', async () => {
    const s = await publishedTemplate('Rolled back');
    const v2 = await saveNextDraft(s.templateId, 'cooler tones');
    expect((await submitWithPreviews(t, designer, v2)).errors).toBeUndefined();
    await review(v2, 'APPROVE');
    await publish(v2);
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'PUBLISHED', versionNumber: 2, publishedVersionNumber: 2 });

    // Back to version 1: version 2, the newest, is superseded, yet the template is live.
    await must(`mutation($t: ID!, $v: ID!) { rollbackTemplate(templateId: $t, versionId: $v) { id } }`, { t: s.templateId, v: s.versionId });
    expect(await standingOf(s.templateId)).toMatchObject({ state: 'PUBLISHED', versionId: s.versionId, versionNumber: 1, publishedVersionNumber: 1 });

    await must(`mutation($id: ID!) { unpublishTemplate(templateId: $id) { id } }`, { id: s.templateId });
    expect(await standingOf(s.templateId)).toEqual({ state: 'UNPUBLISHED', versionId: s.versionId, versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: null });
  });

  it('shows reviewers the same standing, never a draft', async () => {
    const s = await publishedTemplate('Seen by a reviewer');
    await saveNextDraft(s.templateId, 'new draft');
    const res = await must(`query($id: ID!) { templateVersion(id: $id) { template { ${STANDING} } } }`, { id: s.versionId }, reviewer);
    expect(res['templateVersion'].template.standing).toMatchObject({ state: 'PUBLISHED', versionId: s.versionId, versionNumber: 1 });
  });

  it('answers a page of templates with as many SQL statements as one template', async () => {
    const owner = await createUser(t, ['DESIGNER']);
    const list = `{ templates(first: 50) { edges { node { id ${STANDING} } } } }`;
    const statementsFor = async () => {
      const before = t.queryCount();
      const res = await t.gql(list, {}, owner);
      expect(res.errors).toBeUndefined();
      return { count: t.queryCount() - before, rows: res.data!['templates'].edges.length as number };
    };
    await createTemplate(t, owner, { title: 'First' });
    const one = await statementsFor();
    for (let i = 0; i < 5; i++) await createTemplate(t, owner, { title: `More ${i}` });
    const six = await statementsFor();
    expect([one.rows, six.rows]).toEqual([1, 6]);
    expect(six.count).toBe(one.count);
  });
});
