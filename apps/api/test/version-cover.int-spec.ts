import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { PreviewSubjectPrivacyService } from '../src/modules/preview-subject/preview-subject-privacy.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, makeTemplateSpec, renderPreviews, submitWithPreviews, type TestUser } from './factories/factories.js';

// A designer picks which finished preview of a draft is its cover; the catalog shows it (and every
// finished preview) to consumer apps.

const SET_COVER = `mutation($v: ID!, $j: ID!) { setVersionCover(versionId: $v, previewJobId: $j) { id state specHash coverPreviewJobId coverUrl } }`;
const VERSION = `query($id: ID!) { templateVersion(id: $id) { id coverPreviewJobId coverUrl } }`;
const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id number state specHash coverPreviewJobId } }`;
const REVIEW = `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { state } }`;
const CATALOG_VERSION = `query($id: ID!) { catalogVersion(id: $id) { id coverUrl previews { id url width height } } }`;

describe('version covers', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let otherDesigner: TestUser;
  let reviewer: TestUser;
  let subjects: Array<{ id: string }>;
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp({ PRIVACY_SWEEP_SECONDS: '86400' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    otherDesigner = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjects = [await createPreviewSubject(t, admin, 'Mei'), await createPreviewSubject(t, admin, 'Jun')];
    apiKey = (await t.gql(`mutation { createApiKey(input: { name: "kiosk", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  // A draft with every default preview rendered; returns its finished jobs, oldest first.
  async function renderedDraft(title = 'Window light') {
    const tpl = await createTemplate(t, designer, { title });
    await renderPreviews(t, designer, tpl.draft.id);
    const jobs = (await t.sql.query(`SELECT id, subject_id, seed FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED' ORDER BY created_at, id`, [tpl.draft.id])).rows as Array<{ id: string; subject_id: string; seed: string }>;
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    return { templateId: tpl.id, versionId: tpl.draft.id, jobs };
  }

  async function headRevision(templateId: string): Promise<number> {
    return (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
  }

  async function decide(versionId: string, decision: 'APPROVE' | 'REQUEST_CHANGES') {
    const input = decision === 'APPROVE' ? { versionId, decision, scores: subjects.map((s) => ({ subjectId: s.id, real: 95, like: 95, beautiful: 95 })) } : { versionId, decision, comments: [{ body: 'Warmer light, please.' }] };
    const res = await t.gql(REVIEW, { input }, reviewer);
    expect(res.errors).toBeUndefined();
  }

  it("makes a finished preview of the draft its cover, with a link to that preview's image", async () => {
    const { versionId, jobs } = await renderedDraft();
    const res = await t.gql(SET_COVER, { v: versionId, j: jobs[1]!.id }, designer);
    expect(res.errors).toBeUndefined();
    expect(res.data!['setVersionCover']).toMatchObject({ id: versionId, state: 'DRAFT', coverPreviewJobId: jobs[1]!.id });
    const image = await fetch(res.data!['setVersionCover'].coverUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const asset = (await t.sql.query(`SELECT a.object_key FROM preview_jobs j JOIN assets a ON a.id = j.output_asset_id WHERE j.id = $1`, [jobs[1]!.id])).rows[0];
    expect(res.data!['setVersionCover'].coverUrl).toContain(asset.object_key);

    // Choosing again moves it; the version reads it back; each choice is audited.
    expect((await t.gql(SET_COVER, { v: versionId, j: jobs[0]!.id }, designer)).errors).toBeUndefined();
    expect((await t.gql(VERSION, { id: versionId }, designer)).data!['templateVersion'].coverPreviewJobId).toBe(jobs[0]!.id);
    // The cover as a preview: which subject and seed it shows (what the studio marks with a badge).
    const cover = await t.gql(`query($id: ID!) { templateVersion(id: $id) { cover { id state seed specHash removed subject { id } } } }`, { id: versionId }, designer);
    expect(cover.data!['templateVersion'].cover).toEqual({ id: jobs[0]!.id, state: 'SUCCEEDED', seed: Number(jobs[0]!.seed), specHash: res.data!['setVersionCover'].specHash, removed: false, subject: { id: jobs[0]!.subject_id } });
    const audit = await t.sql.query(`SELECT after FROM audit_log WHERE action = 'version.cover_set' AND entity_id = $1 ORDER BY created_at`, [versionId]);
    expect(audit.rows.map((r: { after: { coverPreviewJobId: string } }) => r.after.coverPreviewJobId)).toEqual([jobs[1]!.id, jobs[0]!.id]);
  });

  it('has no cover until one is chosen', async () => {
    const tpl = await createTemplate(t, designer, { title: 'Bare' });
    const bare = await t.gql(`query($id: ID!) { templateVersion(id: $id) { id coverPreviewJobId coverUrl cover { id } } }`, { id: tpl.draft.id }, designer);
    expect(bare.data!['templateVersion']).toEqual({ id: tpl.draft.id, coverPreviewJobId: null, coverUrl: null, cover: null });
  });

  it('refuses a preview of an earlier spec, an unfinished one and a deleted one with PREVIEW_NOT_USABLE, and drops the cover when the spec changes', async () => {
    const { templateId, versionId, jobs } = await renderedDraft('Changing');
    expect((await t.gql(SET_COVER, { v: versionId, j: jobs[0]!.id }, designer)).errors).toBeUndefined();

    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, backlit`;
    const saved = await t.gql(SAVE, { input: { templateId, spec, baseRevision: await headRevision(templateId) } }, designer);
    expect(saved.data!['saveDraft']).toMatchObject({ id: versionId, coverPreviewJobId: null });

    const stale = await t.gql(SET_COVER, { v: versionId, j: jobs[1]!.id }, designer);
    expect(stale.errors![0]).toMatchObject({ extensions: { code: 'PREVIEW_NOT_USABLE', previewJobId: jobs[1]!.id, reason: 'version.coverPreviewOutdated' } });
    expect(stale.errors![0]!.message).toMatch(/^This preview shows an earlier state of the template/);

    const queued = await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [77] }) { jobs { id state } } }`, { v: versionId }, designer);
    const waiting = queued.data!['requestPreviews'].jobs.find((j: { state: string }) => j.state === 'QUEUED');
    const unfinished = await t.gql(SET_COVER, { v: versionId, j: waiting.id }, designer);
    expect(unfinished.errors![0]).toMatchObject({ extensions: { code: 'PREVIEW_NOT_USABLE', state: 'QUEUED', reason: 'version.coverPreviewUnfinished', params: { jobState: 'QUEUED' } } });
    expect(unfinished.errors![0]!.message).toBe('This preview has not finished rendering (it is queued); choose a finished preview as the cover.');

    // A render at the likeness max is for reviewers; the catalog, where the cover shows, lists the default end only.
    await renderPreviews(t, designer, versionId, { seeds: [78], likenessEnds: ['MAX'] });
    const atMax = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND likeness_end = 'MAX' AND state = 'SUCCEEDED' LIMIT 1`, [versionId])).rows[0].id;
    const max = await t.gql(SET_COVER, { v: versionId, j: atMax }, designer);
    expect(max.errors![0]!.extensions).toMatchObject({ code: 'PREVIEW_NOT_USABLE', reason: 'version.coverPreviewMaxLikeness', params: { likeness: 1.2 } });
    expect(max.errors![0]!.message).toBe('This preview shows the face at the likeness max (1.2), which the catalog never shows; choose a preview at the likeness default as the cover.');

    await renderPreviews(t, designer, versionId);
    const fresh = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND spec_hash = $2 AND state = 'SUCCEEDED' ORDER BY created_at LIMIT 1`, [versionId, saved.data!['saveDraft'].specHash])).rows[0].id;
    // (As the privacy sweep leaves a withdrawn subject's previews.)
    await t.sql.query(`UPDATE preview_jobs SET removed_at = now() WHERE id = $1`, [fresh]);
    const removed = await t.gql(SET_COVER, { v: versionId, j: fresh }, designer);
    expect(removed.errors![0]!.extensions).toMatchObject({ code: 'PREVIEW_NOT_USABLE', reason: 'version.coverPreviewRemoved' });
    expect(removed.errors![0]!.message).toMatch(/deleted because its preview subject withdrew consent/);
    expect((await t.gql(VERSION, { id: versionId }, designer)).data!['templateVersion'].coverPreviewJobId).toBeNull();
  });

  it("answers NOT_FOUND for another template's preview and for someone else's draft; FORBIDDEN for reviewers; lets admins choose", async () => {
    const mine = await renderedDraft('Mine');
    const theirs = await renderedDraft('Theirs');
    expect((await t.gql(SET_COVER, { v: mine.versionId, j: theirs.jobs[0]!.id }, designer)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(SET_COVER, { v: mine.versionId, j: mine.jobs[0]!.id }, otherDesigner)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await t.gql(SET_COVER, { v: mine.versionId, j: mine.jobs[0]!.id }, reviewer)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(VERSION, { id: mine.versionId }, designer)).data!['templateVersion'].coverPreviewJobId).toBeNull();
    const byAdmin = await t.gql(SET_COVER, { v: mine.versionId, j: mine.jobs[0]!.id }, admin);
    expect(byAdmin.data!['setVersionCover'].coverPreviewJobId).toBe(mine.jobs[0]!.id);
  });

  it('freezes the cover with the version on submit, down to the database', async () => {
    const { versionId, jobs } = await renderedDraft('Frozen');
    expect((await t.gql(SET_COVER, { v: versionId, j: jobs[0]!.id }, designer)).errors).toBeUndefined();
    expect((await submitWithPreviews(t, designer, versionId)).errors).toBeUndefined();
    const late = await t.gql(SET_COVER, { v: versionId, j: jobs[1]!.id }, designer);
    expect(late.errors![0]).toMatchObject({ extensions: { code: 'INVALID_STATE_TRANSITION', currentState: 'SUBMITTED', reason: 'version.coverFrozen', params: { versionState: 'SUBMITTED' } } });
    expect(late.errors![0]!.message).toMatch(/cover was frozen with it/);
    await expect(t.sql.query(`UPDATE template_versions SET cover_preview_job_id = $2 WHERE id = $1`, [versionId, jobs[1]!.id])).rejects.toThrow(/frozen/);
    expect((await t.gql(VERSION, { id: versionId }, designer)).data!['templateVersion'].coverPreviewJobId).toBe(jobs[0]!.id);
  });

  it('carries the cover to the next draft only while the spec is unchanged', async () => {
    const { templateId, versionId, jobs } = await renderedDraft('Carried');
    await t.gql(SET_COVER, { v: versionId, j: jobs[1]!.id }, designer);
    await submitWithPreviews(t, designer, versionId);
    await decide(versionId, 'REQUEST_CHANGES');
    const spec = (await t.sql.query(`SELECT spec FROM template_versions WHERE id = $1`, [versionId])).rows[0].spec;

    const same = await t.gql(SAVE, { input: { templateId, spec, baseRevision: await headRevision(templateId) } }, designer);
    expect(same.data!['saveDraft']).toMatchObject({ number: 2, state: 'DRAFT', coverPreviewJobId: jobs[1]!.id });
    expect(same.data!['saveDraft'].id).not.toBe(versionId);

    // Version 2 goes through review too; version 3 starts from a changed spec: no cover.
    await submitWithPreviews(t, designer, same.data!['saveDraft'].id);
    await decide(same.data!['saveDraft'].id, 'REQUEST_CHANGES');
    const changed = await t.gql(SAVE, { input: { templateId, spec: { ...spec, prompt: { ...spec.prompt, positive: `${spec.prompt.positive}, rain` } }, baseRevision: await headRevision(templateId) } }, designer);
    expect(changed.data!['saveDraft']).toMatchObject({ number: 3, coverPreviewJobId: null });
  });

  it("shows consumer apps the version's finished previews and its cover, falling back to the first preview when the cover is deleted", async () => {
    const { templateId, versionId, jobs } = await renderedDraft('Published cover');
    const cover = jobs.find((j) => j.subject_id === subjects[1]!.id)!;
    expect((await t.gql(SET_COVER, { v: versionId, j: cover.id }, designer)).errors).toBeUndefined();
    await submitWithPreviews(t, designer, versionId);
    await decide(versionId, 'APPROVE');
    expect((await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: versionId }, designer)).errors).toBeUndefined();

    const page = await t.gql(`{ catalog(first: 20) { edges { node { id publishedVersion { id coverUrl previews { id url width height } } } } } }`, {}, { apiKey });
    expect(page.errors).toBeUndefined();
    const node = page.data!['catalog'].edges.find((e: { node: { id: string } }) => e.node.id === templateId).node;
    const previews = node.publishedVersion.previews as Array<{ id: string; url: string; width: number; height: number }>;
    // One per subject and seed (the submit's cached re-renders are not shown twice), each an 8x8 image.
    const renders = (await t.sql.query(`SELECT count(DISTINCT (subject_id, seed))::int AS n FROM preview_jobs WHERE template_id = $1 AND state = 'SUCCEEDED'`, [templateId])).rows[0].n;
    expect(previews).toHaveLength(renders);
    for (const p of previews) expect(p).toMatchObject({ width: 8, height: 8 });
    expect(previews.map((p) => p.id)).toContain(cover.id);
    expect(node.publishedVersion.coverUrl).toBe(previews.find((p) => p.id === cover.id)!.url);
    expect((await fetch(node.publishedVersion.coverUrl)).status).toBe(200);
    // The same image is the same link for a while (apps and browsers cache by URL), also when
    // the page is built afresh (a filter bypasses the page cache).
    const again = await t.gql(`query($f: CatalogFilter) { catalog(first: 20, filter: $f) { edges { node { id publishedVersion { coverUrl } } } } }`, { f: { search: 'Published cover' } }, { apiKey });
    expect(again.data!['catalog'].edges[0].node.publishedVersion.coverUrl).toBe(node.publishedVersion.coverUrl);
    const answer = JSON.stringify(page.data);
    for (const s of subjects) expect(answer).not.toContain(s.id);

    // The cover's subject withdraws: their previews leave the catalog and the first remaining one is the cover.
    expect((await t.gql(`mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`, { id: subjects[1]!.id }, admin)).errors).toBeUndefined();
    await t.app.get(PreviewSubjectPrivacyService).purgeWithdrawnSubjects();
    const pinned = (await t.gql(CATALOG_VERSION, { id: versionId }, { apiKey })).data!['catalogVersion'];
    const left = (await t.sql.query(`SELECT DISTINCT ON (subject_id, seed) id FROM preview_jobs WHERE template_id = $1 AND state = 'SUCCEEDED' AND removed_at IS NULL`, [templateId])).rows;
    expect(pinned.previews).toHaveLength(left.length);
    expect(pinned.previews.length).toBeGreaterThan(0);
    expect(pinned.previews.map((p: { id: string }) => p.id)).not.toContain(cover.id);
    expect(pinned.coverUrl).toBe(pinned.previews[0].url);
  });

  it('undoes its migration and applies it again', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      const Migration = ALL_MIGRATIONS.find((m) => m.name === 'AddVersionCovers1764111600000')!;
      const migration = new Migration();
      await migration.down(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'template_versions' AND column_name = 'cover_preview_job_id'`))[0].n).toBe(0);
      await migration.up(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'template_versions' AND column_name = 'cover_preview_job_id'`))[0].n).toBe(1);
    } finally {
      await runner.release();
    }
  });
});
