import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, submitWithPreviews, type TestUser } from './factories/factories.js';

// What the review screens read in one go: who reviewed, the template a queued version belongs to,
// and the review rules in force (here a deployment that lowered the bar to 85).

describe('review fields over GraphQL', () => {
  let t: TestApp;
  let designer: TestUser;
  let reviewer: TestUser;
  let admin: TestUser;
  let subjectId: string;

  beforeAll(async () => {
    t = await startTestApp({ REVIEW_SCORE_BAR: '85' });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectId = (await createPreviewSubject(t, admin)).id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function submitted(title: string): Promise<{ templateId: string; versionId: string }> {
    const tpl = await createTemplate(t, designer, { title });
    const res = await submitWithPreviews(t, designer, tpl.draft.id);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { templateId: tpl.id, versionId: tpl.draft.id };
  }

  function review(versionId: string, decision: string, score: number, comments: Array<{ body: string }> = []) {
    return t.gql(
      `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { id state } }`,
      { input: { versionId, decision, scores: [{ subjectId, real: score, like: score, beautiful: score }], comments } },
      reviewer,
    );
  }

  it('serves the configured score bar and the limits reviewVersion enforces, to any signed-in role', async () => {
    for (const user of [designer, reviewer, admin]) {
      const res = await t.gql(`{ reviewPolicy { scoreBar scoreMin scoreMax commentMaxLength } }`, {}, user);
      expect(res.errors).toBeUndefined();
      expect(res.data!['reviewPolicy']).toEqual({ scoreBar: 85, scoreMin: 0, scoreMax: 100, commentMaxLength: 4000 });
    }
  });

  it('approves at the served bar and refuses one point below it', async () => {
    const below = await submitted('Just below the bar');
    const refused = await review(below.versionId, 'APPROVE', 84);
    expect(refused.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('85');

    const at = await submitted('At the bar');
    const approved = await review(at.versionId, 'APPROVE', 85);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!['reviewVersion'].state).toBe('APPROVED');
  }, 60_000);

  it("names the reviewer of each review for the designer who reads the feedback", async () => {
    const { versionId } = await submitted('Needs softer light');
    expect((await review(versionId, 'REQUEST_CHANGES', 60, [{ body: 'Softer key light, please.' }])).errors).toBeUndefined();
    const res = await t.gql(`query($id: ID!) { templateVersion(id: $id) { reviews { decision reviewerId reviewer { id displayName } } } }`, { id: versionId }, designer);
    expect(res.errors).toBeUndefined();
    const [only] = res.data!['templateVersion'].reviews;
    expect(only.decision).toBe('REQUEST_CHANGES');
    expect(only.reviewer).toEqual({ id: reviewer.id, displayName: reviewer.email.split('@')[0] });
    expect(only.reviewerId).toBe(reviewer.id);
  }, 60_000);

  it('gives the queue each version’s template title in the one query, with a constant number of SQL queries', async () => {
    const titles = ['Golden Hour', 'Studio Black', 'Rooftop Dusk'];
    const queued = [];
    for (const title of titles) queued.push(await submitted(title));

    async function queriesFor(query: string) {
      const before = t.queryCount();
      const res = await t.gql(query, {}, reviewer);
      expect(res.errors).toBeUndefined();
      return { data: res.data!, count: t.queryCount() - before };
    }
    const withTitles = await queriesFor(`{ reviewQueue(first: 20) { edges { node { id templateId template { id title } } } } }`);
    const withoutTitles = await queriesFor(`{ reviewQueue(first: 20) { edges { node { id templateId } } } }`);
    const nodes = withTitles.data['reviewQueue'].edges.map((e: { node: { id: string; templateId: string; template: { id: string; title: string } } }) => e.node);
    for (const [i, { versionId, templateId }] of queued.entries()) {
      const node = nodes.find((n: { id: string }) => n.id === versionId);
      expect(node.template).toEqual({ id: templateId, title: titles[i] });
    }
    // Templates in one batch, plus one batch of their versions for the reviewer's visibility rule.
    expect(withTitles.count - withoutTitles.count).toBeLessThanOrEqual(2);
  }, 120_000);

  it('resolves the template of a version exactly for those template(id) lets see it', async () => {
    const own = await createTemplate(t, designer, { title: 'Private draft' });
    const asOwner = await t.gql(`query($id: ID!) { templateVersion(id: $id) { template { id title } } }`, { id: own.draft.id }, designer);
    expect(asOwner.errors).toBeUndefined();
    expect(asOwner.data!['templateVersion'].template).toEqual({ id: own.id, title: 'Private draft' });
    const asAdmin = await t.gql(`query($id: ID!) { templateVersion(id: $id) { template { title } } }`, { id: own.draft.id }, admin);
    expect(asAdmin.data!['templateVersion'].template.title).toBe('Private draft');

    // A reviewer reaches neither the draft nor, through it, its template.
    const asReviewer = await t.gql(`query($id: ID!) { templateVersion(id: $id) { template { title } } }`, { id: own.draft.id }, reviewer);
    expect(asReviewer.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(JSON.stringify(asReviewer.data ?? {})).not.toContain('Private draft');
  }, 60_000);
});
