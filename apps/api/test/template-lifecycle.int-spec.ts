import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeSpecHash } from '@atelier/template-spec';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { VERSION_FIELDS, createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, renderPreviews, type TestUser } from './factories/factories.js';

const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${VERSION_FIELDS} spec } }`;
const SUBMIT = `mutation($id: ID!) { submitVersion(versionId: $id) { ${VERSION_FIELDS} } }`;
const REVIEW = `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { ${VERSION_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishVersion(versionId: $id) { ${VERSION_FIELDS} publishedAt } }`;

describe('template lifecycle over GraphQL', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let reviewer: TestUser;
  let subjects: Array<{ id: string }>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
  });
  afterAll(() => t?.close());

  it('logs in with email and password and answers me', async () => {
    const login = await t.gql(`mutation { login(email: "${designer.email.toUpperCase()}", password: "correct horse battery") { token user { id email roles } } }`);
    expect(login.errors).toBeUndefined();
    expect(login.data!['login'].user).toEqual({ id: designer.id, email: designer.email, roles: ['DESIGNER'] });
    const me = await t.gql(`{ me { id displayName } }`, {}, { token: login.data!['login'].token });
    expect(me.data!['me'].id).toBe(designer.id);
  });

  it('goes from draft to published, superseded and rolled back, auditing every move', async () => {
    const lora = await createLora(t, admin, { minWeight: 0.2, maxWeight: 1 });
    const template = await createTemplate(t, designer, { title: 'Golden hour' });
    expect(template.draft.revision).toBe(1);

    const spec1 = makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.6 }] });
    const saved = await t.gql(SAVE, { input: { templateId: template.id, spec: spec1, baseRevision: 1 } }, designer);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!['saveDraft']).toMatchObject({ id: template.draft.id, number: 1, state: 'DRAFT', revision: 2, specHash: computeSpecHash(spec1) });

    await renderPreviews(t, designer, template.draft.id);
    const submitted = await t.gql(SUBMIT, { id: template.draft.id }, designer);
    expect(submitted.data!['submitVersion'].state).toBe('SUBMITTED');

    const queue = await t.gql(`{ reviewQueue(first: 10) { totalCount edges { node { id } } } }`, {}, reviewer);
    expect(queue.data!['reviewQueue'].edges.map((e: any) => e.node.id)).toContain(template.draft.id);

    const approved = await t.gql(REVIEW, { input: { versionId: template.draft.id, decision: 'APPROVE', scores: subjects.map((s) => ({ subjectId: s.id, real: 92, like: 95, beautiful: 90 })), comments: [{ body: 'Ship it', x: 0.5, y: 0.4 }] } }, reviewer);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!['reviewVersion'].state).toBe('APPROVED');

    const published = await t.gql(PUBLISH, { id: template.draft.id }, designer);
    expect(published.data!['publishVersion'].state).toBe('PUBLISHED');

    // The next save starts draft 2 from the frozen version instead of touching it.
    const spec2 = { ...spec1, prompt: { ...spec1.prompt, positive: `${spec1.prompt.positive}, soft rim light` } };
    const draft2 = await t.gql(SAVE, { input: { templateId: template.id, spec: spec2, baseRevision: 2 } }, designer);
    expect(draft2.data!['saveDraft']).toMatchObject({ number: 2, state: 'DRAFT', revision: 3 });
    const v2 = draft2.data!['saveDraft'].id;
    await renderPreviews(t, designer, v2);
    await t.gql(SUBMIT, { id: v2 }, designer);
    await t.gql(REVIEW, { input: { versionId: v2, decision: 'APPROVE', scores: subjects.map((s) => ({ subjectId: s.id, real: 90, like: 90, beautiful: 90 })) } }, reviewer);
    await t.gql(PUBLISH, { id: v2 }, designer);

    const after = await t.gql(`query($id: ID!) { template(id: $id) { publishedVersion { id } versions { number state changes } } }`, { id: template.id }, designer);
    const tpl = after.data!['template'];
    expect(tpl.publishedVersion.id).toBe(v2);
    expect(tpl.versions.map((v: any) => [v.number, v.state])).toEqual([[2, 'PUBLISHED'], [1, 'SUPERSEDED']]);
    expect(tpl.versions[0].changes).toEqual([expect.objectContaining({ kind: 'prompt-changed', field: 'positive' })]);

    const rolledBack = await t.gql(`mutation($t: ID!, $v: ID!) { rollbackTemplate(templateId: $t, versionId: $v) { publishedVersion { id number state } } }`, { t: template.id, v: template.draft.id }, designer);
    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data!['rollbackTemplate'].publishedVersion).toEqual({ id: template.draft.id, number: 1, state: 'PUBLISHED' });

    const unpublished = await t.gql(`mutation($t: ID!) { unpublishTemplate(templateId: $t) { publishedVersion { id } } }`, { t: template.id }, designer);
    expect(unpublished.data!['unpublishTemplate'].publishedVersion).toBeNull();
    const twice = await t.gql(`mutation($t: ID!) { unpublishTemplate(templateId: $t) { id } }`, { t: template.id }, designer);
    expect(twice.errors![0]).toMatchObject({ message: 'This template is not published.', extensions: { code: 'INVALID_STATE_TRANSITION', currentState: 'UNPUBLISHED', reason: 'version.templateNotPublished' } });

    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id IN ($1, $2, $3) ORDER BY id`, [template.id, template.draft.id, v2]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['template.created', 'version.draft_saved', 'version.submitted', 'version.review_approve', 'version.published', 'version.superseded', 'template.published', 'template.unpublished', 'version.draft_started']));
  });

  it('refuses to submit a version before every consenting face has a preview of it', async () => {
    const template = await createTemplate(t, designer);
    const early = await t.gql(SUBMIT, { id: template.draft.id }, designer);
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'PREVIEWS_MISSING', subjects: ['Jun', 'Mei'], reason: 'version.previewsMissing', params: { names: 'Jun, Mei' } });
    expect(early.errors![0]!.message).toBe('Render previews of this version before submitting it: none yet for Jun, Mei.');
    await renderPreviews(t, designer, template.draft.id);
    const saved = await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: template.id, spec: makeTemplateSpec({ prompt: { positive: 'changed {subject}', negative: '' } }), baseRevision: 1 } }, designer);
    expect(saved.errors).toBeUndefined();
    // Previews of the earlier revision do not count for the changed spec.
    expect((await t.gql(SUBMIT, { id: template.draft.id }, designer)).errors![0]!.extensions.code).toBe('PREVIEWS_MISSING');
    await renderPreviews(t, designer, template.draft.id);
    expect((await t.gql(SUBMIT, { id: template.draft.id }, designer)).data!['submitVersion'].state).toBe('SUBMITTED');
  });

  it('needs every face rendered at the likeness default to submit: renders at the max alone do not count', async () => {
    // (A spec of its own: renders of the same spec for another template would count.)
    const template = await createTemplate(t, designer, { spec: makeTemplateSpec({ prompt: { positive: 'at the max {subject}', negative: '' } }) });
    await renderPreviews(t, designer, template.draft.id, { likenessEnds: ['MAX'] });
    const early = await t.gql(SUBMIT, { id: template.draft.id }, designer);
    expect(early.errors![0]!.extensions).toMatchObject({ code: 'PREVIEWS_MISSING', subjects: ['Jun', 'Mei'] });
    // The studio asks for both ends; the default one is what submitting needs, the max one is shown beside it.
    await renderPreviews(t, designer, template.draft.id, { likenessEnds: ['DEFAULT', 'MAX'] });
    expect((await t.gql(SUBMIT, { id: template.draft.id }, designer)).data!['submitVersion'].state).toBe('SUBMITTED');
  });

  it("filters a designer's templates by the state of their newest version", async () => {
    const owner = await createUser(t, ['DESIGNER']);
    await createTemplate(t, owner, { title: 'Still editing' });
    const inReview = await createTemplate(t, owner, { title: 'In review' });
    await renderPreviews(t, owner, inReview.draft.id);
    expect((await t.gql(SUBMIT, { id: inReview.draft.id }, owner)).errors).toBeUndefined();
    const titles = async (state: string) =>
      ((await t.gql(`query($f: TemplateFilter) { templates(first: 10, filter: $f) { totalCount edges { node { title } } } }`, { f: { state } }, owner)).data!['templates'].edges as Array<{ node: { title: string } }>).map((e) => e.node.title);
    expect(await titles('DRAFT')).toEqual(['Still editing']);
    expect(await titles('SUBMITTED')).toEqual(['In review']);
    expect(await titles('PUBLISHED')).toEqual([]);
  });

  it('refuses illegal moves with INVALID_STATE_TRANSITION naming the current state', async () => {
    const template = await createTemplate(t, designer);
    const publishDraft = await t.gql(PUBLISH, { id: template.draft.id }, designer);
    expect(publishDraft.errors![0]!.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'DRAFT', reason: 'version.illegalMove', params: { versionState: 'DRAFT', versionAction: 'PUBLISH' } });
    expect(publishDraft.errors![0]!.message).toBe('This version is draft and cannot be published.');
    await renderPreviews(t, designer, template.draft.id);
    await t.gql(SUBMIT, { id: template.draft.id }, designer);
    const again = await t.gql(SUBMIT, { id: template.draft.id }, designer);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'INVALID_STATE_TRANSITION', currentState: 'SUBMITTED', reason: 'version.illegalMove' });
    expect(again.errors![0]!.message).toBe('This version is submitted and cannot be submitted for review.');
  });

  it('holds approval to the quality bar on every preview subject and keeps four eyes', async () => {
    const template = await createTemplate(t, designer);
    await renderPreviews(t, designer, template.draft.id);
    await t.gql(SUBMIT, { id: template.draft.id }, designer);
    const low = await t.gql(REVIEW, { input: { versionId: template.draft.id, decision: 'APPROVE', scores: subjects.map((s, i) => ({ subjectId: s.id, real: 95, like: i === 1 ? 89 : 95, beautiful: 95 })) } }, reviewer);
    expect(low.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(low.errors![0]!.extensions['issues']).toEqual([{ path: 'scores.1.like', message: 'Approving needs every score at 90 or above; like is 89.', reason: 'review.scoreBelowBar', params: { bar: 90, scoreAxis: 'like', score: 89 } }]);
    expectWordedSentence(wordingOf(low.errors![0]!), 'review.scoreBelowBar');
    const oneFace = await t.gql(REVIEW, { input: { versionId: template.draft.id, decision: 'APPROVE', scores: [{ subjectId: subjects[0]!.id, real: 95, like: 95, beautiful: 95 }] } }, reviewer);
    expect(oneFace.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expectWordedSentence(wordingOf(oneFace.errors![0]!), 'review.scoreMissing');
    expect(oneFace.errors![0]!.message).toBe('Score the previews of Jun before approving.');

    // A designer who is also a reviewer still cannot review their own template.
    const both = await createUser(t, ['DESIGNER', 'REVIEWER']);
    const own = await createTemplate(t, both);
    await renderPreviews(t, both, own.draft.id);
    await t.gql(SUBMIT, { id: own.draft.id }, both);
    const self = await t.gql(REVIEW, { input: { versionId: own.draft.id, decision: 'REQUEST_CHANGES', comments: [{ body: 'fine' }] } }, both);
    expect(self.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expectWordedSentence(wordingOf(self.errors![0]!), 'review.ownWork');

    // Nor can an admin-reviewer who edited someone else's draft approve it.
    const adminReviewer = await createUser(t, ['ADMIN', 'REVIEWER']);
    const edited = await createTemplate(t, designer);
    const touched = await t.gql(SAVE, { input: { templateId: edited.id, spec: makeTemplateSpec({ prompt: { positive: 'admin touch {subject}', negative: '' } }), baseRevision: 1 } }, adminReviewer);
    expect(touched.errors).toBeUndefined();
    await renderPreviews(t, designer, edited.draft.id);
    await t.gql(SUBMIT, { id: edited.draft.id }, designer);
    const selfApprove = await t.gql(REVIEW, { input: { versionId: edited.draft.id, decision: 'APPROVE', scores: subjects.map((s) => ({ subjectId: s.id, real: 95, like: 95, beautiful: 95 })) } }, adminReviewer);
    expect(selfApprove.errors![0]!.extensions.code).toBe('FORBIDDEN');

    const changes = await t.gql(REVIEW, { input: { versionId: template.draft.id, decision: 'REQUEST_CHANGES', comments: [{ body: 'The key light is too harsh on Jun.' }] } }, reviewer);
    expect(changes.data!['reviewVersion'].state).toBe('CHANGES_REQUESTED');
    const reviews = await t.gql(`query($id: ID!) { templateVersion(id: $id) { reviews { decision comments { body } } } }`, { id: template.draft.id }, designer);
    expect(reviews.data!['templateVersion'].reviews).toEqual([{ decision: 'REQUEST_CHANGES', comments: [{ body: 'The key light is too harsh on Jun.' }] }]);
  });

  it('never submits a spec without previews when a save lands at the same moment', async () => {
    // The save changes the spec (no previews for it yet); whichever takes the template lock first
    // wins, and a submitted version always has a finished preview of its exact spec on every face.
    for (let round = 0; round < 6; round++) {
      const template = await createTemplate(t, designer, { title: `Race ${round}` });
      await renderPreviews(t, designer, template.draft.id);
      const changed = makeTemplateSpec({ prompt: { positive: `portrait of {subject}, take ${round}`, negative: '' } });
      const [saved, submitted] = await Promise.all([
        t.gql(SAVE, { input: { templateId: template.id, spec: changed, baseRevision: template.draft.revision } }, designer),
        t.gql(SUBMIT, { id: template.draft.id }, designer),
      ]);
      const [row] = (await t.sql.query(`SELECT state, spec_hash FROM template_versions WHERE id = $1`, [template.draft.id])).rows;
      if (submitted.errors) {
        expect(submitted.errors[0]!.extensions.code).toBe('PREVIEWS_MISSING');
        expect(saved.errors).toBeUndefined();
        expect(row).toMatchObject({ state: 'DRAFT', spec_hash: computeSpecHash(changed) });
      } else {
        expect(row.state).toBe('SUBMITTED');
        const { rows } = await t.sql.query(
          `SELECT count(*)::int AS n FROM preview_subjects s WHERE s.active AND NOT EXISTS (SELECT 1 FROM preview_jobs j WHERE j.subject_id = s.id AND j.spec_hash = $1 AND j.state = 'SUCCEEDED')`,
          [row.spec_hash],
        );
        expect(rows[0].n).toBe(0);
      }
    }
  });
});
