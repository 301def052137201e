import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLora, createTemplate, createUser, makeTemplateSpec, type TestUser } from './factories/factories.js';
import { expectWordedSentence, wordingOf } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const UPDATE = `mutation($id: ID!, $input: UpdateLoraInput!) { updateLora(id: $id, input: $input) { id name description triggerWords minWeight defaultWeight maxWeight } }`;
const STATUS = `mutation($id: ID!, $status: LoraStatus!) { setLoraStatus(id: $id, status: $status) { id status } }`;
const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`;
const USED_BY = `{ loras { id usedBy { title inDraft inPublished } } }`;

type Res = { errors?: Array<{ message: string; extensions: Record<string, unknown> & { code: string } }> };
const pathOf = (res: Res) => (res.errors?.[0]?.extensions['issues'] as Array<{ path: string }> | undefined)?.[0]?.path ?? 'OK';

// Style LoRAs as admins look after them: edit what designers read and the weight range, deprecate
// one (templates that use it keep it, nothing new picks it) or disable it (refused everywhere).
describe('editing and retiring style LoRAs', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
  });
  afterAll(() => t?.close());

  it('edits the name, description, trigger words and weights, checking them as registering does', async () => {
    const lora = await createLora(t, admin, { name: 'Film Look' });
    const other = await createLora(t, admin, { name: 'Taken Name' });
    const res = await t.gql(UPDATE, { id: lora.id, input: { name: 'Film Look II', description: 'Warm grain, lifted blacks.', triggerWords: [' film ', '', 'grain'], minWeight: 0.2, defaultWeight: 0.5, maxWeight: 0.9 } }, admin);
    expect(res.data!['updateLora']).toEqual({ id: lora.id, name: 'Film Look II', description: 'Warm grain, lifted blacks.', triggerWords: ['film', 'grain'], minWeight: 0.2, defaultWeight: 0.5, maxWeight: 0.9 });
    const outside = await t.gql(UPDATE, { id: lora.id, input: { defaultWeight: 2 } }, admin);
    expect(pathOf(outside)).toBe('defaultWeight');
    expectWordedSentence(wordingOf(outside.errors![0]!), 'lora.defaultWeightOutside');
    const taken = await t.gql(UPDATE, { id: other.id, input: { name: 'film look ii' } }, admin);
    expect(pathOf(taken)).toBe('name');
    expect(taken.errors![0]!.message).toBe('An SDXL LoRA named "film look ii" already exists.');
    expectWordedSentence(wordingOf(taken.errors![0]!), 'lora.nameTaken');
    const audit = (await t.sql.query(`SELECT before, after FROM audit_log WHERE action = 'lora.updated' AND entity_id = $1`, [lora.id])).rows;
    expect(audit).toHaveLength(1);
    expect([audit[0].before.name, audit[0].after.name]).toEqual(['Film Look', 'Film Look II']);
  });

  it('keeps a deprecated LoRA in the templates that use it, refuses it anywhere new, and lists where it is used', async () => {
    const lora = await createLora(t, admin);
    const spec = makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.6 }] });
    const user = await createTemplate(t, designer, { title: 'Uses the LoRA', spec });
    const other = await createTemplate(t, designer, { title: 'Does not' });
    expect((await t.gql(STATUS, { id: lora.id, status: 'DEPRECATED' }, admin)).data!['setLoraStatus'].status).toBe('DEPRECATED');

    // The template that had it saves on with it.
    const kept = await t.gql(SAVE, { input: { templateId: user.id, spec: { ...spec, prompt: { ...spec.prompt, positive: 'still {subject}' } }, baseRevision: user.headRevision } }, designer);
    expect(kept.errors).toBeUndefined();
    // Nothing new picks it: not another template, not a new one.
    const added = await t.gql(SAVE, { input: { templateId: other.id, spec, baseRevision: other.headRevision } }, designer);
    expect([added.errors?.[0]?.extensions.code, pathOf(added)]).toEqual(['BAD_USER_INPUT', 'styleLoras.0.loraId']);
    expect((added.errors![0]!.extensions['issues'] as Array<{ message: string }>)[0]!.message).toMatch(/is deprecated: templates that already use it keep it, but it cannot be added\.$/);
    expectWordedSentence(wordingOf(added.errors![0]!), 'spec.loraDeprecated');
    const created = await t.gql(`mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id } }`, { input: { title: 'New with it', baseModel: 'SDXL', spec } }, designer);
    expect(pathOf(created)).toBe('styleLoras.0.loraId');

    const usedBy = await t.gql(USED_BY, {}, admin);
    expect(usedBy.errors).toBeUndefined();
    const uses = usedBy.data!['loras'].find((l: { id: string }) => l.id === lora.id).usedBy;
    expect(uses).toEqual([{ title: 'Uses the LoRA', inDraft: true, inPublished: false }]);
    expect((await t.gql(USED_BY, {}, designer)).data!['loras'].find((l: { id: string }) => l.id === lora.id).usedBy).toBeNull();

    // Disabled, even the template that had it cannot save with it; ready again, all is well.
    await t.gql(STATUS, { id: lora.id, status: 'DISABLED' }, admin);
    const head = (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [user.id])).rows[0].head_revision;
    expect(pathOf(await t.gql(SAVE, { input: { templateId: user.id, spec, baseRevision: head } }, designer))).toBe('styleLoras.0.loraId');
    await t.gql(STATUS, { id: lora.id, status: 'READY' }, admin);
    expect((await t.gql(SAVE, { input: { templateId: other.id, spec, baseRevision: other.headRevision } }, designer)).errors).toBeUndefined();
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'lora.status_changed' AND entity_id = $1`, [lora.id])).rows[0].n).toBe(3);
  });
});
