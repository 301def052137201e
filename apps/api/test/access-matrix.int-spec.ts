import { randomBytes } from 'node:crypto';
import { makeDemoLoraSafetensors } from '@atelier/safetensors';
import { apiMessage, isApiMessageKey, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { subscribe } from './setup/graphql-ws-client.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { makePdfBytes, makePngBytes } from './factories/asset-fixtures.js';
import { backdatePublication, createCategory, createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, renderPreviews, submitWithPreviews, uploadAsset, uploadFacePhotos, type TestUser } from './factories/factories.js';

// Who may call what, proven cell by cell through GraphQL over HTTP (subscriptions over graphql-ws,
// credentials in connectionParams) with real tokens and real keys. A new query, mutation or
// subscription without a row here fails 'covers every operation in the schema'.

const PRINCIPALS = ['anonymous', 'designer', 'otherDesigner', 'reviewer', 'admin', 'catalogKey', 'usageKey', 'renderKey', 'revokedKey'] as const;
type Principal = (typeof PRINCIPALS)[number];

const A = 'allowed';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const N = 'NOT_FOUND';
type Outcome = typeof A | typeof U | typeof F | typeof N;
type Vars = Record<string, unknown>;

interface Row {
  op: string;
  // Which target the row is about when an operation has more than one row.
  target?: string;
  gql: string;
  // Builds a fresh, valid target for each cell, so a refusal is the policy and never a missing prerequisite.
  vars?: (p: Principal) => Promise<Vars> | Vars;
  // Subscriptions that only answer when something changes: makes a change their first value reports.
  trigger?: (vars: Vars) => Promise<void>;
  // Operations that end the caller's other sessions answer with a new token: later cells use it.
  keepsSession?: true;
  outcomes: readonly Outcome[];
}

// Refusals still worded without a reason: the preview-job service's own FORBIDDEN sentences are given
// reasons in a separate change; drop an operation from here once they are.
const NOT_WORDED_YET = new Set(['requestPreviews', 'cancelPreviewJob', 'retryPreviewJob']);

const PASSWORD = 'correct horse battery';
const TPL = 'id title headRevision';
const VER = 'id number state revision';

function must<T = Record<string, any>>(res: GqlResult<T>): T {
  if (res.errors) throw new Error(`fixture call failed: ${JSON.stringify(res.errors)}`);
  return res.data!;
}

describe('access matrix over GraphQL', () => {
  let t: TestApp;
  const users = {} as Record<'designer' | 'otherDesigner' | 'reviewer' | 'admin', TestUser>;
  const keys = {} as Record<'catalogKey' | 'usageKey' | 'renderKey' | 'revokedKey', string>;
  let subjects: Array<{ id: string }>;
  let shared: { templateId: string; publishedVersionId: string; draftTemplateId: string; draftVersionId: string; referenceAssetId: string };

  function auth(p: Principal): { token?: string; apiKey?: string } | undefined {
    if (p === 'anonymous') return undefined;
    if (p === 'catalogKey' || p === 'usageKey' || p === 'renderKey' || p === 'revokedKey') return { apiKey: keys[p] };
    return { token: users[p].token };
  }

  // ---- fixtures, all through the public API ------------------------------------------------

  async function draft() {
    const tpl = await createTemplate(t, users.designer, { title: `Matrix ${randomBytes(3).toString('hex')}` });
    return { templateId: tpl.id, versionId: tpl.draft.id };
  }

  async function submit(versionId: string) {
    must(await submitWithPreviews(t, users.designer, versionId));
  }

  async function approve(versionId: string) {
    const scores = subjects.map((s) => ({ subjectId: s.id, real: 95, like: 95, beautiful: 95 }));
    must(await t.gql(`mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { id } }`, { input: { versionId, decision: 'APPROVE', scores } }, users.reviewer));
  }

  async function publish(versionId: string) {
    must(await t.gql(`mutation($id: ID!) { publishVersion(versionId: $id) { id } }`, { id: versionId }, users.designer));
  }

  async function submitted() {
    const d = await draft();
    await submit(d.versionId);
    return d;
  }

  async function approved() {
    const d = await submitted();
    await approve(d.versionId);
    return d;
  }

  async function published() {
    const d = await approved();
    await publish(d.versionId);
    return d;
  }

  // Version 1 published then superseded by version 2: version 1 is a rollback target.
  async function publishedTwice() {
    const first = await published();
    const spec = makeTemplateSpec();
    spec.prompt.positive = `${spec.prompt.positive}, golden rim light`;
    const saved = must(await t.gql(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }`, { input: { templateId: first.templateId, spec, baseRevision: await headRevision(first.templateId) } }, users.designer));
    const second = saved['saveDraft'].id as string;
    await submit(second);
    await approve(second);
    await publish(second);
    return { templateId: first.templateId, firstVersionId: first.versionId };
  }

  async function headRevision(templateId: string): Promise<number> {
    return (await t.sql.query(`SELECT head_revision FROM templates WHERE id = $1`, [templateId])).rows[0].head_revision;
  }

  // A reference image the designer has PUT to storage but not completed yet.
  async function pendingReferenceImage() {
    const up = await uploadAsset(t, users.designer, 'REFERENCE_IMAGE', 'pose.png', 'image/png', await makePngBytes());
    return up.assetId;
  }

  // An end user's face photo uploaded by the app of renderKey.
  async function pendingIdentityPhoto() {
    return (await uploadAsset(t, { apiKey: keys.renderKey }, 'IDENTITY_PHOTO', 'face.png', 'image/png', await makePngBytes())).assetId;
  }

  async function readyIdentityPhoto() {
    const up = await uploadAsset(t, { apiKey: keys.renderKey }, 'IDENTITY_PHOTO', 'face.png', 'image/png', await makePngBytes());
    must(await up.complete());
    return up.assetId;
  }

  // A hosted render of the published template by the app of renderKey (or by another app), waiting in the queue.
  let identityLoraId: string | undefined;
  async function appRender(key: () => Promise<string> | string = () => keys.renderKey): Promise<Vars> {
    const apiKey = await key();
    let identity = identityLoraId;
    if (apiKey !== keys.renderKey || !identity) {
      const up = await uploadAsset(t, { apiKey }, 'IDENTITY_LORA', 'user.safetensors', 'application/octet-stream', makeDemoLoraSafetensors({ name: 'End user', baseModel: 'sdxl', seed: 3 }));
      identity = must(await up.complete())['completeUpload'].id as string;
      if (apiKey === keys.renderKey) identityLoraId = identity;
    }
    const res = must(await t.gql(`mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`, { input: { versionId: shared.publishedVersionId, identityAssetId: identity, seed: 1 } }, { apiKey }));
    return { id: res['createRender'].id as string };
  }
  let otherAppKey: string | undefined;
  async function otherAppRenderKey(): Promise<string> {
    otherAppKey ??= must(await t.gql(`mutation { createApiKey(input: { name: "other renderer", scopes: [RENDER], consumerApp: "Photo Booth" }) { key } }`, {}, users.admin))['createApiKey'].key as string;
    return otherAppKey;
  }
  async function renderIdentityVars(): Promise<Vars> {
    await appRender();
    return { input: { versionId: shared.publishedVersionId, identityAssetId: identityLoraId, seed: 2 } };
  }

  async function readyAdminImage() {
    const up = await uploadAsset(t, users.admin, 'REFERENCE_IMAGE', 'sample.png', 'image/png', await makePngBytes());
    must(await up.complete());
    return up.assetId;
  }

  let consentExtensions = 0;
  // A one-time set-password link of a newly invited person.
  async function freshPasswordLink(): Promise<string> {
    const invited = must(await t.gql(`mutation($input: InviteUserInput!) { inviteUser(input: $input) { setPasswordToken } }`, { input: { email: `linked-${randomBytes(4).toString('hex')}@test.local`, displayName: 'Linked', roles: ['DESIGNER'] } }, users.admin));
    return invited['inviteUser'].setPasswordToken as string;
  }
  async function readyAdminAsset(kind: 'LORA' | 'CONSENT_DOCUMENT') {
    const up =
      kind === 'LORA'
        ? await uploadAsset(t, users.admin, 'LORA', 'style.safetensors', 'application/octet-stream', makeDemoLoraSafetensors({ name: 'matrix', baseModel: 'sdxl', seed: 11 }))
        : await uploadAsset(t, users.admin, 'CONSENT_DOCUMENT', 'consent.pdf', 'application/pdf', makePdfBytes());
    must(await up.complete());
    return up.assetId;
  }

  async function freshApiKey() {
    const res = must(await t.gql(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`, { input: { name: `app ${randomBytes(3).toString('hex')}`, scopes: ['CATALOG_READ'] } }, users.admin));
    return res['createApiKey'] as { key: string; apiKey: { id: string } };
  }

  async function previewBatch() {
    const { versionId } = await draft();
    const res = must(await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [1] }) { id jobs { id } } }`, { v: versionId }, users.designer));
    return { batchId: res['requestPreviews'].id as string, jobId: res['requestPreviews'].jobs[0].id as string };
  }

  // A new job for the version's template, so its preview feed has something to report.
  async function previewOf(versionId: string) {
    must(await t.gql(`mutation($v: ID!, $s: [ID!]) { requestPreviews(input: { versionId: $v, subjectIds: $s, seeds: [5] }) { id } }`, { v: versionId, s: [subjects[0]!.id] }, users.designer));
  }

  // A subscription's answer is its first result: a value when allowed, else the refusal (which
  // ends it). A feed that only reports changes is changed until it answers.
  async function firstOverWebSocket(gql: string, variables: Vars, principal: Principal, trigger?: (vars: Vars) => Promise<void>): Promise<GqlResult> {
    const sub = subscribe(t, gql, variables, auth(principal));
    try {
      for (let attempt = 0; ; attempt++) {
        const first = await sub.waitFor('a first result', () => true, 200).catch(() => null);
        if (first) return { status: 200, ...first };
        if (!trigger || attempt >= 50) throw new Error(`no answer to ${gql} as ${principal}`);
        await trigger(variables);
      }
    } finally {
      await sub.close();
    }
  }

  async function cancelledJob() {
    const { jobId } = await previewBatch();
    must(await t.gql(`mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, { id: jobId }, users.designer));
    return jobId;
  }

  // A preview of the shared published version, asked for by the designer (their own) or by the
  // reviewer at review priority; failed as a worker's non-retryable failure report leaves it.
  async function jobOnPublished(by: 'designer' | 'reviewer', state: 'QUEUED' | 'FAILED') {
    const priority = by === 'reviewer' ? ', priority: REVIEW' : '';
    const res = must(await t.gql(`mutation($v: ID!, $s: [ID!], $seed: Float!) { requestPreviews(input: { versionId: $v, subjectIds: $s, seeds: [$seed]${priority} }) { jobs { id } } }`, { v: shared.publishedVersionId, s: [subjects[0]!.id], seed: 10_000 + ++jobSeeds }, users[by]));
    const jobId = res['requestPreviews'].jobs[0].id as string;
    if (state === 'FAILED') await t.sql.query(`UPDATE preview_jobs SET state = 'FAILED', attempts = 1, last_error = 'Node 7 (LoraLoader): lora_name not found', finished_at = now() WHERE id = $1`, [jobId]);
    return jobId;
  }
  let jobSeeds = 0;

  async function freshWorkerToken() {
    const res = must(await t.gql(`mutation { issueWorkerToken(name: "gpu-box") { token workerToken { id } } }`, {}, users.admin));
    return res['issueWorkerToken'] as { token: string; workerToken: { id: string } };
  }

  // A paid use of the shared published template (not yet recorded).
  function usageEvent(occurredAt = '2026-10-02T10:00:00+08:00') {
    return { eventId: `use-${randomBytes(6).toString('hex')}`, templateVersionId: shared.publishedVersionId, occurredAt, grossAmount: 1000, currency: 'CNY' };
  }

  async function recordedEvent(occurredAt: string): Promise<string> {
    const event = usageEvent(occurredAt);
    must(await t.gql(`mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`, { e: [event] }, { apiKey: keys.usageKey }));
    return event.eventId;
  }

  // September (closed) with a use in it, so there is something to pay out.
  async function closedStatementWithSomethingToPay(): Promise<Vars> {
    await recordedEvent('2026-09-10T10:00:00+08:00');
    const res = must(await t.gql(`query($d: ID!) { statement(designerId: $d, month: "2026-09") { id } }`, { d: users.designer.id }, users.admin));
    return { id: res['statement'].id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    users.admin = await createUser(t, ['ADMIN'], PASSWORD);
    users.designer = await createUser(t, ['DESIGNER'], PASSWORD);
    users.otherDesigner = await createUser(t, ['DESIGNER'], PASSWORD);
    users.reviewer = await createUser(t, ['REVIEWER'], PASSWORD);
    keys.catalogKey = (await freshApiKey()).key;
    const usage = must(await t.gql(`mutation { createApiKey(input: { name: "usage meter", scopes: [USAGE_WRITE], consumerApp: "Miaoya" }) { key } }`, {}, users.admin));
    keys.usageKey = usage['createApiKey'].key;
    const render = must(await t.gql(`mutation { createApiKey(input: { name: "renderer", scopes: [RENDER], consumerApp: "Miaoya" }) { key } }`, {}, users.admin));
    keys.renderKey = render['createApiKey'].key;
    const revoked = await freshApiKey();
    must(await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: revoked.apiKey.id }, users.admin));
    keys.revokedKey = revoked.key;
    subjects = [await createPreviewSubject(t, users.admin, 'Mei'), await createPreviewSubject(t, users.admin, 'Jun')];
    const live = await published();
    // Usage of it is dated from September 2026 on.
    await backdatePublication(t, live.versionId, '2026-09-01T00:00:00+08:00');
    const onlyDraft = await draft();
    const reference = await uploadAsset(t, users.designer, 'REFERENCE_IMAGE', 'reference.png', 'image/png', await makePngBytes());
    must(await reference.complete());
    shared = { templateId: live.templateId, publishedVersionId: live.versionId, draftTemplateId: onlyDraft.templateId, draftVersionId: onlyDraft.versionId, referenceAssetId: reference.assetId };
  });
  afterAll(() => t?.close());

  // prettier-ignore
  const MATRIX: Row[] = [
    //                                                                          anonymous designer other reviewer admin catalogKey usageKey renderKey revokedKey
    { op: 'me',              gql: `{ me { id } }`,                                              outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'templates',       gql: `{ templates(first: 5) { totalCount edges { node { id } } } }`, outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'template', target: 'with a frozen version', gql: `query($id: ID!) { template(id: $id) { id } }`, vars: () => ({ id: shared.templateId }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'template', target: 'with a frozen version, its standing', gql: `query($id: ID!) { template(id: $id) { id standing { state versionNumber reviewNote publishedVersionNumber } } }`, vars: () => ({ id: shared.templateId }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'template', target: 'draft only',            gql: `query($id: ID!) { template(id: $id) { id } }`, vars: () => ({ id: shared.draftTemplateId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'templateVersion', target: 'published',      gql: `query($id: ID!) { templateVersion(id: $id) { id } }`, vars: () => ({ id: shared.publishedVersionId }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'templateVersion', target: 'draft',          gql: `query($id: ID!) { templateVersion(id: $id) { id } }`, vars: () => ({ id: shared.draftVersionId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    // The previews page and count see exactly what the version query sees.
    { op: 'templateVersion', target: 'published, its previews', gql: `query($id: ID!) { templateVersion(id: $id) { id previewCount previews(first: 2) { id subject { name } } } }`, vars: () => ({ id: shared.publishedVersionId }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'templateVersion', target: 'draft, its previews', gql: `query($id: ID!) { templateVersion(id: $id) { id previewCount previews(first: 2) { id subject { name } } } }`, vars: () => ({ id: shared.draftVersionId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'reviewQueue',     gql: `{ reviewQueue(first: 5) { totalCount } }`,                   outcomes: [U, F, F, A, A, U, U, U, U] },
    { op: 'reviewPolicy',    gql: `{ reviewPolicy { scoreBar commentMaxLength } }`,             outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'loras',           gql: `{ loras { id } }`,                                           outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'previewSubjects', gql: `{ previewSubjects { id } }`,                                 outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'asset',           gql: `query($id: ID!) { asset(id: $id) { id state } }`, vars: () => ({ id: shared.referenceAssetId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'asset', target: "an app's identity photo", gql: `query($id: ID!) { asset(id: $id) { id state } }`, vars: async () => ({ id: await readyIdentityPhoto() }), outcomes: [U, N, N, N, N, U, U, U, U] },
    { op: 'apiKeys',         gql: `{ apiKeys { id } }`,                                         outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'catalog',         gql: `{ catalog(first: 5) { totalCount edges { node { id } } } }`, outcomes: [U, A, A, A, A, A, F, F, U] },
    { op: 'catalogVersion',  gql: `query($id: ID!) { catalogVersion(id: $id) { id current } }`, vars: () => ({ id: shared.publishedVersionId }), outcomes: [U, A, A, A, A, A, F, F, U] },
    { op: 'catalogVersion', target: 'its render recipe', gql: `query($id: ID!) { catalogVersion(id: $id) { id recipe } }`, vars: () => ({ id: shared.publishedVersionId }), outcomes: [U, A, A, A, A, A, F, F, U] },
    { op: 'templateCategories', gql: `{ templateCategories(includeArchived: true) { key name nameZh archived } }`, outcomes: [U, A, A, A, A, A, F, F, U] },
    { op: 'login',           gql: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, vars: () => ({ e: users.designer.email, p: PASSWORD }), outcomes: [A, A, A, A, A, A, A, A, A] },
    { op: 'createUser',      gql: `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      vars: () => ({ input: { email: `new-${randomBytes(4).toString('hex')}@test.local`, displayName: 'New Person', password: 'a long enough secret', roles: ['DESIGNER'] } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'setMyLocale',     gql: `mutation { setMyLocale(locale: "en") { id locale } }`,        outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'inviteUser',      gql: `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }`,
      vars: () => ({ input: { email: `invited-${randomBytes(4).toString('hex')}@test.local`, displayName: 'Invited Person', roles: ['REVIEWER'] } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'resetUserPassword', gql: `mutation($id: ID!) { resetUserPassword(userId: $id) { expiresAt } }`, vars: () => ({ id: users.otherDesigner.id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'setUserRoles',    gql: `mutation($id: ID!) { setUserRoles(userId: $id, roles: [DESIGNER]) { id } }`, vars: () => ({ id: users.otherDesigner.id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    // Public: the link itself is the credential (a fresh one for each cell).
    { op: 'setPasswordWithLink', gql: `mutation($token: String!) { setPasswordWithLink(token: $token, newPassword: "a password from the link") { expiresAt } }`,
      vars: async () => ({ token: await freshPasswordLink() }),
      outcomes: [A, A, A, A, A, A, A, A, A] },
    { op: 'signOut',         gql: `mutation { signOut }`,                                          outcomes: [A, A, A, A, A, A, A, A, A] },
    { op: 'signOutEverywhere', gql: `mutation { signOutEverywhere { token } }`, keepsSession: true, outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'changeMyPassword', gql: `mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }`, vars: () => ({ c: PASSWORD, n: PASSWORD }), keepsSession: true, outcomes: [U, A, A, A, A, U, U, U, U] },
    { op: 'setUserDisabled', gql: `mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, vars: async () => ({ u: (await createUser(t, ['DESIGNER'])).id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'users',           gql: `{ users(first: 5) { totalCount edges { node { id email roles } } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'passwordLink',    gql: `query($token: String!) { passwordLink(token: $token) { email } }`, vars: async () => ({ token: await freshPasswordLink() }), outcomes: [A, A, A, A, A, A, A, A, A] },
    { op: 'duplicateTemplate', gql: `mutation($id: ID!) { duplicateTemplate(templateId: $id) { ${TPL} } }`, vars: async () => ({ id: (await draft()).templateId }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'createTemplate',  gql: `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { ${TPL} } }`,
      vars: () => ({ input: { title: 'Window light', baseModel: 'SDXL' } }), outcomes: [U, A, A, F, A, U, U, U, U] },
    { op: 'updateTemplate',  gql: `mutation($input: UpdateTemplateInput!) { updateTemplate(input: $input) { ${TPL} } }`,
      vars: async () => ({ input: { templateId: (await draft()).templateId, title: 'Renamed' } }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'saveDraft',       gql: `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${VER} } }`,
      vars: async () => {
        const { templateId } = await draft();
        const spec = makeTemplateSpec();
        spec.canvas = { width: 1024, height: 1024 };
        return { input: { templateId, spec, baseRevision: await headRevision(templateId) } };
      }, outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'setVersionCover', gql: `mutation($v: ID!, $j: ID!) { setVersionCover(versionId: $v, previewJobId: $j) { ${VER} coverPreviewJobId } }`, vars: async () => {
        const { versionId } = await draft();
        await renderPreviews(t, users.designer, versionId);
        const job = (await t.sql.query(`SELECT id FROM preview_jobs WHERE version_id = $1 AND state = 'SUCCEEDED' LIMIT 1`, [versionId])).rows[0];
        return { v: versionId, j: job.id };
      }, outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'submitVersion',   gql: `mutation($id: ID!) { submitVersion(versionId: $id) { ${VER} } }`, vars: async () => {
        const { versionId } = await draft();
        await renderPreviews(t, users.designer, versionId);
        return { id: versionId };
      }, outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'reviewVersion',   gql: `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { ${VER} } }`,
      vars: async () => ({ input: { versionId: (await submitted()).versionId, decision: 'REQUEST_CHANGES', comments: [{ body: 'Warm the key light a little.' }] } }), outcomes: [U, F, F, A, F, U, U, U, U] },
    { op: 'publishVersion',  gql: `mutation($id: ID!) { publishVersion(versionId: $id) { ${VER} } }`, vars: async () => ({ id: (await approved()).versionId }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'unpublishTemplate', gql: `mutation($id: ID!) { unpublishTemplate(templateId: $id) { ${TPL} } }`, vars: async () => ({ id: (await published()).templateId }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'rollbackTemplate', gql: `mutation($t: ID!, $v: ID!) { rollbackTemplate(templateId: $t, versionId: $v) { ${TPL} } }`,
      vars: async () => {
        const { templateId, firstVersionId } = await publishedTwice();
        return { t: templateId, v: firstVersionId };
      }, outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'requestUpload',   gql: `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } uploadUrl } }`,
      vars: () => ({ input: { kind: 'REFERENCE_IMAGE', fileName: 'mood.png', contentType: 'image/png', byteSize: 2048 } }), outcomes: [U, A, A, F, A, F, F, F, U] },
    // End users' identities come only from their app's render key.
    { op: 'requestUpload', target: 'an identity photo', gql: `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { asset { id } uploadUrl } }`,
      vars: () => ({ input: { kind: 'IDENTITY_PHOTO', fileName: 'face.png', contentType: 'image/png', byteSize: 2048 } }), outcomes: [U, F, F, F, F, F, F, A, U] },
    { op: 'completeUpload',  gql: `mutation($id: ID!) { completeUpload(assetId: $id) { id state } }`, vars: async () => ({ id: await pendingReferenceImage() }), outcomes: [U, A, N, F, A, F, F, N, U] },
    { op: 'completeUpload', target: "an app's identity photo", gql: `mutation($id: ID!) { completeUpload(assetId: $id) { id state } }`, vars: async () => ({ id: await pendingIdentityPhoto() }), outcomes: [U, N, N, F, N, F, F, A, U] },
    { op: 'deleteAsset', target: "the app's identity photo", gql: `mutation($id: ID!) { deleteAsset(id: $id) }`, vars: async () => ({ id: await readyIdentityPhoto() }), outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'deleteAsset', target: "a designer's reference image", gql: `mutation($id: ID!) { deleteAsset(id: $id) }`, vars: () => ({ id: shared.referenceAssetId }), outcomes: [U, U, U, U, U, F, F, N, U] },
    { op: 'registerLora',    gql: `mutation($input: RegisterLoraInput!) { registerLora(input: $input) { id } }`,
      vars: async () => ({ input: { name: `Film ${randomBytes(3).toString('hex')}`, baseModel: 'SDXL', defaultWeight: 0.6, minWeight: 0, maxWeight: 1, fileAssetId: await readyAdminAsset('LORA') } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'setLoraThumbnail', gql: `mutation($lora: ID!, $asset: ID!) { setLoraThumbnail(loraId: $lora, assetId: $asset) { id } }`,
      vars: async () => ({ lora: (await createLora(t, users.admin)).id, asset: await readyAdminImage() }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'updateLora',      gql: `mutation($id: ID!) { updateLora(id: $id, input: { description: "Soft film look." }) { id } }`, vars: async () => ({ id: (await createLora(t, users.admin)).id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'setLoraStatus',   gql: `mutation($id: ID!) { setLoraStatus(id: $id, status: DEPRECATED) { id } }`, vars: async () => ({ id: (await createLora(t, users.admin)).id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'createTemplateCategory', gql: `mutation($name: String!) { createTemplateCategory(input: { name: $name, nameZh: "类别" }) { key } }`, vars: () => ({ name: `Matrix ${randomBytes(4).toString('hex')}` }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'updateTemplateCategory', gql: `mutation($key: String!) { updateTemplateCategory(input: { key: $key, archived: true }) { key archived } }`, vars: async () => ({ key: (await createCategory(t, users.admin, `Matrix ${randomBytes(4).toString('hex')}`)).key }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'updatePreviewSubject', gql: `mutation($id: ID!, $input: UpdatePreviewSubjectInput!) { updatePreviewSubject(id: $id, input: $input) { id } }`,
      vars: () => ({ id: subjects[1]!.id, input: { name: 'Jun', ageYears: 30 } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'updatePreviewSubject', gql: `mutation($id: ID!, $input: UpdatePreviewSubjectInput!) { updatePreviewSubject(id: $id, input: $input) { id identityLoras { triggerWord } } }`, target: 'identity trigger words',
      vars: () => ({ id: subjects[1]!.id, input: { identityTriggerWords: [{ baseModel: 'SDXL', triggerWord: 'jun' }] } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'extendConsent',   gql: `mutation($id: ID!, $until: DateTime!, $doc: ID!) { extendConsent(subjectId: $id, validUntil: $until, consentDocumentAssetId: $doc) { id } }`,
      // Mei's consent, a day later at each cell (a successful extension must end after the current one).
      vars: async () => ({ id: subjects[0]!.id, until: new Date(Date.now() + 86_400_000 * (400 + ++consentExtensions)).toISOString(), doc: await readyAdminAsset('CONSENT_DOCUMENT') }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'createPreviewSubject', gql: `mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id } }`,
      vars: async () => ({ input: { name: 'Ada', gender: 'FEMALE', ageYears: 30, identityLoras: [{ baseModel: 'SDXL', assetId: await readyAdminAsset('LORA') }], referencePhotoAssetIds: await uploadFacePhotos(t, users.admin, 3), consentDocumentAssetId: await readyAdminAsset('CONSENT_DOCUMENT'), consentExpiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString() } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'createApiKey',    gql: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`, vars: () => ({ input: { name: 'Photo booth app', scopes: ['CATALOG_READ'] } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'requestPreviews', gql: `mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [3] }) { id } }`, vars: async () => ({ v: (await draft()).versionId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'requestPreviews', target: 'both likeness ends', gql: `mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [3], likenessEnds: [DEFAULT, MAX] }) { id jobs { likeness likenessEnd } } }`, vars: async () => ({ v: (await draft()).versionId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'previewBatch',    gql: `query($id: ID!) { previewBatch(id: $id) { id jobs { id state } } }`, vars: async () => ({ id: (await previewBatch()).batchId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'previewBatch', target: 'why its jobs wait', gql: `query($id: ID!) { previewBatch(id: $id) { id jobs { id waitingForWorker waitingReason } } }`, vars: async () => ({ id: (await previewBatch()).batchId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    // Reviews ask for re-renders of a submitted version ahead of designers' previews.
    { op: 'requestPreviews', target: 'review priority, of a submitted version', gql: `mutation($v: ID!, $s: [ID!]) { requestPreviews(input: { versionId: $v, subjectIds: $s, seeds: [4], priority: REVIEW }) { id priority } }`,
      vars: () => ({ v: shared.publishedVersionId, s: [subjects[0]!.id] }), outcomes: [U, F, N, A, A, U, U, U, U] },
    // The person who asked for a preview, the template's owner and admins cancel it or render it again;
    // a reviewer who can see someone else's is refused, and nobody else can see it.
    { op: 'cancelPreviewJob', target: "queued, the designer's, of a draft", gql: `mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, vars: async () => ({ id: (await previewBatch()).jobId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'cancelPreviewJob', target: "queued, the designer's, of a submitted version", gql: `mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, vars: async () => ({ id: await jobOnPublished('designer', 'QUEUED') }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'cancelPreviewJob', target: "queued, the reviewer's review render", gql: `mutation($id: ID!) { cancelPreviewJob(id: $id) { state } }`, vars: async () => ({ id: await jobOnPublished('reviewer', 'QUEUED') }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'retryPreviewJob', target: "cancelled, the designer's, of a draft", gql: `mutation($id: ID!) { retryPreviewJob(id: $id) { state } }`, vars: async () => ({ id: await cancelledJob() }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'retryPreviewJob', target: "failed, the designer's, of a submitted version", gql: `mutation($id: ID!) { retryPreviewJob(id: $id) { state } }`, vars: async () => ({ id: await jobOnPublished('designer', 'FAILED') }), outcomes: [U, A, N, F, A, U, U, U, U] },
    { op: 'retryPreviewJob', target: "failed, the reviewer's review render", gql: `mutation($id: ID!) { retryPreviewJob(id: $id) { state } }`, vars: async () => ({ id: await jobOnPublished('reviewer', 'FAILED') }), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'queueStats',      gql: `{ queueStats { depth { priority queued } recentSecondsPerJob } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'queueStats', target: 'queued jobs no box can run', gql: `{ queueStats { unrunnable { backend baseModel queued blocks { code workerName file } } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'workers',         gql: `{ workers { id status } }`,                                  outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'workers', target: 'what each box reported and what keeps it from jobs', gql: `{ workers { id capabilities { gpus { name vramMb } modelFolders { folder files } nodeClassCount customNodes } leaseBlocks { code baseModel file nodeClasses boxProblem } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'systemStatus',    gql: `{ systemStatus { at buckets { start requests } workers { online } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'workerTokens',    gql: `{ workerTokens { id prefix } }`,                             outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'issueWorkerToken', gql: `mutation { issueWorkerToken(name: "gpu-box-1") { token } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'revokeWorkerToken', gql: `mutation($id: ID!) { revokeWorkerToken(id: $id) { id revokedAt } }`, vars: async () => ({ id: (await freshWorkerToken()).workerToken.id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'revokeApiKey',    gql: `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, vars: async () => ({ id: (await freshApiKey()).apiKey.id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'setApiKeyRateLimit', gql: `mutation($id: ID!) { setApiKeyRateLimit(id: $id, perMinute: 600) { id rateLimitPerMinute effectiveRateLimitPerMinute } }`, vars: async () => ({ id: (await freshApiKey()).apiKey.id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'previewBatchUpdated', gql: `subscription($id: ID!) { previewBatchUpdated(batchId: $id) { id jobs { id state } } }`, vars: async () => ({ id: (await previewBatch()).batchId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'templatePreviewsUpdated', target: 'with a frozen version', gql: `subscription($id: ID!) { templatePreviewsUpdated(templateId: $id) { id state } }`,
      vars: () => ({ id: shared.templateId }), trigger: () => previewOf(shared.publishedVersionId), outcomes: [U, A, N, A, A, U, U, U, U] },
    { op: 'templatePreviewsUpdated', target: 'draft only', gql: `subscription($id: ID!) { templatePreviewsUpdated(templateId: $id) { id state } }`,
      vars: () => ({ id: shared.draftTemplateId }), trigger: () => previewOf(shared.draftVersionId), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'recordUsage',     gql: `mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted results { status } } }`, vars: () => ({ e: [usageEvent()] }), outcomes: [U, U, U, U, U, F, A, F, U] },
    { op: 'recordRefund',    gql: `mutation($input: RefundInput!) { recordRefund(input: $input) { status } }`,
      vars: async () => ({ input: { eventId: await recordedEvent('2026-10-03T10:00:00+08:00'), refundId: `rf-${randomBytes(4).toString('hex')}`, amount: 10 } }), outcomes: [U, U, U, U, U, F, A, F, U] },
    { op: 'setRevenueAgreement', gql: `mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id } }`,
      vars: () => ({ input: { templateId: shared.templateId, designerShareBps: 3500, coAuthors: [{ designerId: users.designer.id, shareBps: 10000 }], effectiveFrom: new Date(Date.now() + 60_000 + Math.floor(Math.random() * 1e9)).toISOString() } }), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'revenueAgreements', gql: `query($id: ID!) { revenueAgreements(templateId: $id) { id } }`, vars: () => ({ id: shared.templateId }), outcomes: [U, A, F, F, A, U, U, U, U] },
    // Its authors' figures: anyone else is told the template does not exist, as template(id) tells another designer.
    { op: 'templateRenderStats', target: 'published', gql: `query($id: ID!) { templateRenderStats(templateId: $id, from: "2026-11-01", to: "2026-11-07") { versions { versionNumber renders p95WaitSeconds days { day } } } }`, vars: () => ({ id: shared.templateId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'templateRenderStats', target: 'draft only', gql: `query($id: ID!) { templateRenderStats(templateId: $id, from: "2026-11-01", to: "2026-11-07") { versions { versionNumber } } }`, vars: () => ({ id: shared.draftTemplateId }), outcomes: [U, A, N, N, A, U, U, U, U] },
    { op: 'statement',       gql: `query($d: ID!) { statement(designerId: $d, month: "2026-10") { id closingMinor } }`, vars: () => ({ d: users.designer.id }), outcomes: [U, A, F, F, A, U, U, U, U] },
    { op: 'earnings',        gql: `query($d: ID!) { earnings(designerId: $d, from: "2026-10", to: "2026-11") { month netMinor } }`, vars: () => ({ d: users.designer.id }), outcomes: [U, A, F, F, A, U, U, U, U] },
    { op: 'markStatementPaid', gql: `mutation($id: ID!) { markStatementPaid(statementId: $id, reference: "BANK-77") { id paidAt } }`, vars: () => closedStatementWithSomethingToPay(), outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'recentUsage',     gql: `query($d: ID!) { recentUsage(designerId: $d, first: 5) { kind shareMinor } }`, vars: () => ({ d: users.designer.id }), outcomes: [U, A, F, F, A, U, U, U, U] },
    { op: 'revenueOverview', gql: `{ revenueOverview { platformRevenueMinor designers { unpaidMinor } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'auditLog',        gql: `{ auditLog(first: 5) { totalCount edges { node { id action entityLabel actor { kind label user { id } } } } } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'auditActions',    gql: `{ auditActions }`,                                            outcomes: [U, F, F, F, A, U, U, U, U] },
    { op: 'auditLogCsv',     gql: `{ auditLogCsv(filter: { action: "template." }) { csv rowCount truncated } }`, outcomes: [U, F, F, F, A, U, U, U, U] },
    // Last: the fresh subjects it creates would otherwise need previews and scores in the rows above.
    { op: 'retirePreviewSubject', gql: `mutation($id: ID!) { retirePreviewSubject(id: $id) { id active } }`, vars: async () => ({ id: (await createPreviewSubject(t, users.admin, 'Retiree')).id }), outcomes: [U, F, F, F, A, U, U, U, U] },
    // Hosted renders are the app's alone: only its render key, and another app's render is not found. After every row that leases previews, so none of these waiting renders is leased instead.
    { op: 'createRender', gql: `mutation($input: CreateRenderInput!) { createRender(input: $input) { id state } }`, vars: renderIdentityVars, outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'render', gql: `query($id: ID!) { render(id: $id) { id state } }`, vars: () => appRender(), outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'render', target: "another app's render", gql: `query($id: ID!) { render(id: $id) { id state } }`, vars: () => appRender(otherAppRenderKey), outcomes: [U, U, U, U, U, F, F, N, U] },
    { op: 'renders', gql: `{ renders(first: 5) { totalCount edges { node { id } } } }`, outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'cancelRender', gql: `mutation($id: ID!) { cancelRender(id: $id) { id state } }`, vars: () => appRender(), outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'cancelRender', target: "another app's render", gql: `mutation($id: ID!) { cancelRender(id: $id) { id state } }`, vars: () => appRender(otherAppRenderKey), outcomes: [U, U, U, U, U, F, F, N, U] },
    { op: 'webhookDeliveries', gql: `query($id: ID!) { webhookDeliveries(renderId: $id) { id } }`, vars: () => appRender(), outcomes: [U, U, U, U, U, F, F, A, U] },
    { op: 'webhookDeliveries', target: "another app's render", gql: `query($id: ID!) { webhookDeliveries(renderId: $id) { id } }`, vars: () => appRender(otherAppRenderKey), outcomes: [U, U, U, U, U, F, F, N, U] },
  ];

  const CELLS = MATRIX.flatMap((row) =>
    PRINCIPALS.map((principal, i) => ({ ...row, principal, outcome: row.outcomes[i]!, name: `${row.op}${row.target ? ` (${row.target})` : ''}` })),
  );

  it('has one outcome per principal in every row', () => {
    for (const row of MATRIX) expectLabelled(row.outcomes, row.op).toHaveLength(PRINCIPALS.length);
  });

  it('covers every operation in the schema (queries, mutations, subscriptions), and nothing that is not in it', async () => {
    const res = await t.gql(`{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }`);
    expect(res.errors).toBeUndefined();
    const schema = res.data!['__schema'];
    const inSchema = [...schema.queryType.fields, ...schema.mutationType.fields, ...(schema.subscriptionType?.fields ?? [])].map((f: { name: string }) => f.name).sort();
    expect([...new Set(MATRIX.map((r) => r.op))].sort()).toEqual(inSchema);
  });

  it.each(CELLS)('$name as $principal: $outcome', async ({ op, gql, vars, trigger, keepsSession, principal, outcome }) => {
    const variables = vars ? await vars(principal) : {};
    const res = gql.startsWith('subscription') ? await firstOverWebSocket(gql, variables, principal, trigger) : await t.gql(gql, variables, auth(principal));
    if (keepsSession && res.data?.[op]?.token && principal in users) users[principal as keyof typeof users].token = res.data[op].token;
    expect(res.status).not.toBe(500);
    if (outcome === A) {
      expectLabelled(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data![op]).toBeTruthy();
    } else {
      expect(res.errors?.map((e) => e.extensions.code)).toEqual([outcome]);
      expect(res.data?.[op] ?? null).toBeNull();
      expect(res.errors![0]!.message).toMatch(/^[A-Z].* /);
      // Said by reason, so the studio can translate it; the English is that reason's sentence. A
      // refused subscription socket is closed with a bare sentence (a close frame has no extensions).
      const { reason, params } = res.errors![0]!.extensions as { reason?: string; params?: MessageParams };
      if (!gql.startsWith('subscription') && !NOT_WORDED_YET.has(op)) expectLabelled(reason, res.errors![0]!.message).toBeDefined();
      if (reason !== undefined) {
        expectLabelled(isApiMessageKey(reason), reason).toBe(true);
        expect(res.errors![0]!.message).toBe(apiMessage(reason as ApiMessageKey, params));
      }
    }
  });

  it('tells a revoked key and a key without the scope apart', async () => {
    const revoked = await t.gql(`{ catalog { totalCount } }`, {}, { apiKey: keys.revokedKey });
    expect(revoked.errors![0]).toMatchObject({ message: 'This API key has been revoked.', extensions: { code: U, reason: 'apiKey.revoked' } });
    const unscoped = await t.gql(`{ catalog { totalCount } }`, {}, { apiKey: keys.usageKey });
    expect(unscoped.errors![0]).toMatchObject({ message: 'This API key lacks the catalog:read scope.', extensions: { code: F, reason: 'access.apiKeyScope', params: { scope: 'catalog:read' } } });
  });

  it('lets a presented catalog key decide alone, even beside a signed-in session', async () => {
    const both = await t.gql(`{ catalog { totalCount } }`, {}, { apiKey: keys.usageKey, token: users.designer.token });
    expect(both.errors![0]).toMatchObject({ message: 'This API key lacks the catalog:read scope.', extensions: { code: F } });
    const anonymous = await t.gql(`{ catalog { totalCount } }`);
    expect(anonymous.errors![0]).toMatchObject({ message: 'This API needs an x-api-key header or a signed-in studio user.', extensions: { code: U, reason: 'access.apiKeyOrUserMissing' } });
  });

  it("keeps another designer's templates out of their own list", async () => {
    const mine = await t.gql(`{ templates(first: 100) { edges { node { id } } } }`, {}, { token: users.otherDesigner.token });
    expect(mine.data!['templates'].edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(shared.templateId);
  });
});

describe('login rate limiting', () => {
  let t: TestApp;
  let user: TestUser;
  const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS: '5' });
    user = await createUser(t, ['DESIGNER'], PASSWORD);
  });
  afterAll(() => t?.close());

  it('refuses the sixth attempt after five wrong passwords, even with the right password', async () => {
    expect((await t.gql(LOGIN, { e: user.email, p: PASSWORD })).errors).toBeUndefined();
    for (let i = 0; i < 5; i++) {
      const wrong = await t.gql(LOGIN, { e: user.email, p: `wrong password ${i}` });
      expect(wrong.errors![0]).toMatchObject({ message: 'That email and password do not match an account.', extensions: { code: U } });
    }
    const sixth = await t.gql(LOGIN, { e: user.email.toUpperCase(), p: PASSWORD });
    expect(sixth.data).toBeNull();
    expect(sixth.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(sixth.errors![0]!.extensions['retryAfterSeconds']).toBeGreaterThan(0);
    expect(sixth.errors![0]!.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
  });
});
