import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { VERSION_FIELDS, createTemplate, createUser, makeTemplateSpec, type TestUser } from './factories/factories.js';

const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${VERSION_FIELDS} } }`;

describe('draft revisions and frozen versions', () => {
  let t: TestApp;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    designer = await createUser(t, ['DESIGNER']);
  });
  afterAll(() => t?.close());

  it('lets exactly one of two concurrent saves on the same base revision win, and keeps the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const template = await createTemplate(t, designer);
      const specs = ['left', 'right'].map((side) => makeTemplateSpec({ prompt: { positive: `portrait of {subject}, ${side} light`, negative: '' } }));
      const results = await Promise.all(specs.map((spec) => t.gql(SAVE, { input: { templateId: template.id, spec, baseRevision: 1 } }, designer)));
      const winners = results.filter((r) => !r.errors);
      const losers = results.filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]!.errors![0]!.extensions).toMatchObject({ code: 'REVISION_CONFLICT', currentRevision: 2, baseRevision: 1 });
      const stored = await t.sql.query(`SELECT spec_hash, revision FROM template_versions WHERE template_id = $1`, [template.id]);
      expect(stored.rows).toEqual([{ spec_hash: winners[0]!.data!['saveDraft'].specHash, revision: 2 }]);
    }
  });

  it('answers a stale save with the current revision and overwrites nothing', async () => {
    const template = await createTemplate(t, designer);
    const first = makeTemplateSpec({ prompt: { positive: 'first {subject}', negative: '' } });
    await t.gql(SAVE, { input: { templateId: template.id, spec: first, baseRevision: 1 } }, designer);
    const stale = await t.gql(SAVE, { input: { templateId: template.id, spec: makeTemplateSpec(), baseRevision: 1 } }, designer);
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'REVISION_CONFLICT', currentRevision: 2, reason: 'version.revisionConflict', params: { currentRevision: 2 } });
    expect(stale.errors![0]!.message).toContain('nothing was overwritten');
    const stored = await t.sql.query(`SELECT spec->'prompt'->>'positive' AS positive FROM template_versions WHERE template_id = $1`, [template.id]);
    expect(stored.rows[0].positive).toBe('first {subject}');
  });

  it('refuses any change or deletion of a frozen version in the database itself', async () => {
    const template = await createTemplate(t, designer);
    await t.gql(`mutation($id: ID!) { submitVersion(versionId: $id) { id } }`, { id: template.draft.id }, designer);
    await expect(t.sql.query(`UPDATE template_versions SET spec = '{}'::jsonb WHERE id = $1`, [template.draft.id])).rejects.toThrow(/frozen/);
    await expect(t.sql.query(`UPDATE template_versions SET state = 'DRAFT' WHERE id = $1`, [template.draft.id])).rejects.toThrow(/frozen/);
    await expect(t.sql.query(`DELETE FROM template_versions WHERE id = $1`, [template.draft.id])).rejects.toThrow(/frozen/);
    // Its state may still move on (that is how review and publishing work).
    await t.sql.query(`UPDATE template_versions SET state = 'APPROVED' WHERE id = $1`, [template.draft.id]);
  });

  it('allows at most one draft per template, even for a writer that skips the service', async () => {
    const template = await createTemplate(t, designer);
    await expect(
      t.sql.query(`INSERT INTO template_versions (template_id, number, state, spec, spec_hash, revision, author_id) SELECT template_id, 2, 'DRAFT', spec, spec_hash, 2, author_id FROM template_versions WHERE id = $1`, [template.draft.id]),
    ).rejects.toThrow(/template_versions_one_draft/);
  });

  it('starts the next draft from a submitted version without touching it', async () => {
    const template = await createTemplate(t, designer);
    await t.gql(`mutation($id: ID!) { submitVersion(versionId: $id) { id } }`, { id: template.draft.id }, designer);
    const next = await t.gql(SAVE, { input: { templateId: template.id, spec: makeTemplateSpec({ prompt: { positive: 'second {subject}', negative: '' } }), baseRevision: 1 } }, designer);
    expect(next.data!['saveDraft']).toMatchObject({ number: 2, state: 'DRAFT', revision: 2 });
    const versions = await t.sql.query(`SELECT number, state, spec_hash FROM template_versions WHERE template_id = $1 ORDER BY number`, [template.id]);
    expect(versions.rows.map((r) => [r.number, r.state])).toEqual([[1, 'SUBMITTED'], [2, 'DRAFT']]);
    expect(versions.rows[0].spec_hash).toBe(template.draft.specHash);
  });
});
