import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import type { ApiMessageKey, MessageParams } from '@atelier/messages';
import { expectWorded, expectWordedSentence } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { createLora, createPreviewSubject, createTemplate, createUser, makeTemplateSpec, type TestUser } from './factories/factories.js';

// Malformed input never reaches a 500: every mutation answers with a coded error and a sentence a
// person can read, and input issues point at the field to fix.

type Role = 'designer' | 'reviewer' | 'admin';
type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'REVISION_CONFLICT' | 'QUERY_TOO_COMPLEX' | 'QUOTA_EXCEEDED' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const NOT_A_UUID = 'not-a-uuid';
const GONE_UUID = '00000000-0000-4000-8000-000000000000';

// No stack trace, no "Error:" prefix, no SQL.
function expectNoInternals(message: string) {
  expect(message.trim()).not.toBe('');
  expect(message).not.toMatch(/^\w*Error:/);
  expect(message).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  expect(message).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|QueryFailedError|violates|syntax error at|relation "|invalid input syntax)/i);
}

// A message a designer can read: a sentence, and nothing of the above.
function expectHumanSentence(message: string) {
  expect(message).toMatch(/^["A-Z]/);
  expect(message).toMatch(/\w \w/);
  expectNoInternals(message);
}

// The one error of a response, checked for code, readable message and (for input issues) paths.
// `isWorded`: the error and every issue must carry a reason (the first issue's, for BAD_USER_INPUT).
function expectCoded(res: GqlResult, code: ErrorCode, issuePath?: string, { isWorded = false }: { isWorded?: boolean } = {}) {
  expect(res.status).not.toBe(500);
  expectLabelled(res.errors, JSON.stringify(res.data)).toBeDefined();
  const codes = res.errors!.map((e) => e.extensions.code);
  expect(codes).not.toContain('INTERNAL');
  expectLabelled(codes[0], JSON.stringify(res.errors)).toBe(code);
  const error = res.errors![0]!;
  expectHumanSentence(error.message);
  if (code === 'BAD_USER_INPUT') {
    const issues = error.extensions['issues'] as Array<{ path: string; message: string; reason?: string; params?: MessageParams }>;
    expect(Array.isArray(issues)).toBe(true);
    for (const issue of issues) {
      expectNoInternals(issue.message);
      if (issue.reason !== undefined || isWorded) expectWordedSentence(issue);
    }
    if (issuePath !== undefined) expectLabelled(issues.map((i) => i.path), error.message).toContain(issuePath);
  }
  // BAD_USER_INPUT with several issues says the first one and counts the rest.
  if (isWorded) expectWordedSentence({ ...error.extensions, message: error.message.replace(/ \(and \d+ more\)$/, '') });
  return error;
}

interface Case {
  mutation: string;
  kind: 'wrong variable type' | 'missing required field' | 'non-UUID id' | 'bad value';
  what: string;
  gql: string;
  vars?: () => Record<string, unknown>;
  as?: Role;
  code: ErrorCode;
  issuePath?: string;
  /** The reason (and its params) the error is said by, where the module gives one. */
  reason?: ApiMessageKey;
  params?: MessageParams;
  /** The refusal and its issues carry reasons the studio translates them by. */
  isWorded?: boolean;
}

describe('bad input over GraphQL', () => {
  let t: TestApp;
  const users = {} as Record<Role, TestUser>;
  let template: { id: string; headRevision: number; draft: { id: string } };
  let sd15Template: { id: string };
  let sdxlLora: { id: string };
  let sd15Lora: { id: string };
  let catalogKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    users.admin = await createUser(t, ['ADMIN']);
    users.designer = await createUser(t, ['DESIGNER']);
    users.reviewer = await createUser(t, ['REVIEWER']);
    sdxlLora = await createLora(t, users.admin, { baseModel: 'SDXL', minWeight: 0.2, maxWeight: 1, defaultWeight: 0.6 });
    sd15Lora = await createLora(t, users.admin, { baseModel: 'SD15', minWeight: 0, maxWeight: 1 });
    template = await createTemplate(t, users.designer, { title: 'Bad input target' });
    sd15Template = await createTemplate(t, users.designer, { title: 'SD 1.5 target', baseModel: 'SD15' });
    const key = await t.gql(`mutation { createApiKey(input: { name: "kiosk", scopes: [CATALOG_READ] }) { key } }`, {}, users.admin);
    catalogKey = key.data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  async function storedDraft(templateId = template.id) {
    const res = await t.sql.query(`SELECT t.head_revision, v.spec, v.spec_hash FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.state = 'DRAFT' WHERE t.id = $1`, [templateId]);
    return res.rows[0] as { head_revision: number; spec: unknown; spec_hash: string };
  }

  // ---- every mutation: wrong types, missing fields, malformed ids ---------------------------

  const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
  const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
  const CREATE_TEMPLATE = `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id } }`;
  const UPDATE_TEMPLATE = `mutation($input: UpdateTemplateInput!) { updateTemplate(input: $input) { id } }`;
  const SAVE = `mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id revision } }`;
  const DUPLICATE = `mutation($id: ID!, $title: String) { duplicateTemplate(templateId: $id, title: $title) { id } }`;
  const SUBMIT = `mutation($id: ID!) { submitVersion(versionId: $id) { id } }`;
  const SET_COVER = `mutation($v: ID!, $j: ID!) { setVersionCover(versionId: $v, previewJobId: $j) { id } }`;
  const REVIEW = `mutation($input: ReviewVersionInput!) { reviewVersion(input: $input) { id } }`;
  const PUBLISH = `mutation($id: ID!) { publishVersion(versionId: $id) { id } }`;
  const UNPUBLISH = `mutation($id: ID!) { unpublishTemplate(templateId: $id) { id } }`;
  const ROLLBACK = `mutation($t: ID!, $v: ID!) { rollbackTemplate(templateId: $t, versionId: $v) { id } }`;
  const REQUEST_UPLOAD = `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadUrl } }`;
  const COMPLETE_UPLOAD = `mutation($id: ID!) { completeUpload(assetId: $id) { id } }`;
  const DELETE_ASSET = `mutation($id: ID!) { deleteAsset(id: $id) }`;
  const CREATE_RENDER = `mutation($input: CreateRenderInput!) { createRender(input: $input) { id } }`;
  const CANCEL_RENDER = `mutation($id: ID!) { cancelRender(id: $id) { id } }`;
  const REGISTER_LORA = `mutation($input: RegisterLoraInput!) { registerLora(input: $input) { id } }`;
  const CREATE_SUBJECT = `mutation($input: CreatePreviewSubjectInput!) { createPreviewSubject(input: $input) { id } }`;
  const INVITE_USER = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }`;
  const RESET_PASSWORD = `mutation($id: ID!) { resetUserPassword(userId: $id) { expiresAt } }`;
  const SET_ROLES = `mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { id } }`;
  const SET_PASSWORD_WITH_LINK = `mutation($token: String!, $p: String!) { setPasswordWithLink(token: $token, newPassword: $p) { expiresAt } }`;
  const UPDATE_SUBJECT = `mutation($id: ID!, $input: UpdatePreviewSubjectInput!) { updatePreviewSubject(id: $id, input: $input) { id } }`;
  const EXTEND_CONSENT = `mutation($id: ID!, $until: DateTime!, $doc: ID!) { extendConsent(subjectId: $id, validUntil: $until, consentDocumentAssetId: $doc) { id } }`;
  const RETIRE_SUBJECT = `mutation($id: ID!) { retirePreviewSubject(id: $id) { id } }`;
  const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;
  const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`;
  const SET_KEY_RATE_LIMIT = `mutation($id: ID!, $perMinute: Int) { setApiKeyRateLimit(id: $id, perMinute: $perMinute) { id } }`;
  const REQUEST_PREVIEWS = `mutation($input: RequestPreviewsInput!) { requestPreviews(input: $input) { id } }`;
  const CANCEL_JOB = `mutation($id: ID!) { cancelPreviewJob(id: $id) { id } }`;
  const RETRY_JOB = `mutation($id: ID!) { retryPreviewJob(id: $id) { id } }`;
  const ISSUE_WORKER_TOKEN = `mutation($name: String!) { issueWorkerToken(name: $name) { token } }`;
  const REVOKE_WORKER_TOKEN = `mutation($id: ID!) { revokeWorkerToken(id: $id) { id } }`;
  const RECORD_USAGE = `mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`;
  const RECORD_REFUND = `mutation($input: RefundInput!) { recordRefund(input: $input) { status } }`;
  const SET_AGREEMENT = `mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id } }`;
  const MARK_PAID = `mutation($id: ID!, $ref: String!) { markStatementPaid(statementId: $id, reference: $ref) { id } }`;
  const usage = { eventId: 'order-1', templateVersionId: GONE_UUID, occurredAt: '2026-10-01T10:00:00+08:00', grossAmount: 990, currency: 'CNY' };
  const agreement = () => ({ templateId: GONE_UUID, designerShareBps: 3000, coAuthors: [{ designerId: users.designer.id, shareBps: 10000 }], effectiveFrom: new Date(Date.now() + 3600_000).toISOString() });

  const user = { email: 'new.person@test.local', displayName: 'New Person', password: 'a long enough secret', roles: ['DESIGNER'] };
  const upload = { kind: 'REFERENCE_IMAGE', fileName: 'ref.png', contentType: 'image/png', byteSize: 1000 };
  const lora = { name: 'Grain', baseModel: 'SDXL', defaultWeight: 0.5, minWeight: 0, maxWeight: 1, fileAssetId: GONE_UUID };
  const photoIds = ['6f1d4c2a-0000-4000-8000-000000000001', '6f1d4c2a-0000-4000-8000-000000000002', '6f1d4c2a-0000-4000-8000-000000000003'];
  const subject = { name: 'Ada', identityLoras: [{ baseModel: 'SDXL', assetId: GONE_UUID }], referencePhotoAssetIds: photoIds, consentDocumentAssetId: GONE_UUID, consentExpiresAt: '2999-01-01T00:00:00Z' };
  const B = 'BAD_USER_INPUT' as const;

  // prettier-ignore
  const CASES: Case[] = [
    { mutation: 'login', kind: 'wrong variable type', what: 'a number as email', gql: LOGIN, vars: () => ({ e: 42, p: 'x' }), code: B },
    { mutation: 'login', kind: 'missing required field', what: 'no password', gql: `mutation { login(email: "a@b.co") { token } }`, code: B },
    { mutation: 'setMyLocale', kind: 'wrong variable type', what: 'a number as locale', gql: `mutation($l: String!) { setMyLocale(locale: $l) { id } }`, vars: () => ({ l: 7 }), as: 'designer', code: B },
    { mutation: 'setMyLocale', kind: 'missing required field', what: 'no locale', gql: `mutation { setMyLocale { id } }`, as: 'designer', code: B },
    { mutation: 'signOut', kind: 'wrong variable type', what: 'an argument it does not take', gql: `mutation { signOut(everywhere: true) }`, as: 'designer', code: B },
    { mutation: 'signOut', kind: 'missing required field', what: 'a declared variable not sent', gql: `mutation($why: String!) { signOut }`, as: 'designer', code: B },
    { mutation: 'signOutEverywhere', kind: 'wrong variable type', what: 'an argument it does not take', gql: `mutation { signOutEverywhere(everywhere: true) { token } }`, as: 'designer', code: B },
    { mutation: 'signOutEverywhere', kind: 'missing required field', what: 'a declared variable not sent', gql: `mutation($why: String!) { signOutEverywhere { token } }`, as: 'designer', code: B },
    { mutation: 'changeMyPassword', kind: 'wrong variable type', what: 'a number as current password', gql: `mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }`, vars: () => ({ c: 7, n: 'a brand new secret' }), as: 'designer', code: B },
    { mutation: 'changeMyPassword', kind: 'missing required field', what: 'no new password', gql: `mutation { changeMyPassword(currentPassword: "correct horse battery") { token } }`, as: 'designer', code: B },
    { mutation: 'changeMyPassword', kind: 'bad value', what: 'a new password too short', gql: `mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }`, vars: () => ({ c: 'correct horse battery', n: 'short' }), as: 'designer', code: B, issuePath: 'newPassword', reason: 'user.newPasswordLength', params: { min: 10, max: 200 } },
    { mutation: 'changeMyPassword', kind: 'bad value', what: 'a wrong current password', gql: `mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }`, vars: () => ({ c: 'not my password', n: 'a brand new secret' }), as: 'designer', code: B, issuePath: 'currentPassword', reason: 'user.wrongCurrentPassword' },
    { mutation: 'setUserDisabled', kind: 'wrong variable type', what: 'a string as disabled', gql: `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id } }`, vars: () => ({ u: GONE_UUID, d: 'yes' }), code: B },
    { mutation: 'setUserDisabled', kind: 'missing required field', what: 'no disabled', gql: `mutation { setUserDisabled(userId: "${GONE_UUID}") { id } }`, code: B },
    { mutation: 'setUserDisabled', kind: 'non-UUID id', what: 'userId', gql: `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id } }`, vars: () => ({ u: NOT_A_UUID, d: true }), code: 'NOT_FOUND', reason: 'common.notFound.user' },
    { mutation: 'setUserDisabled', kind: 'bad value', what: 'a user that does not exist', gql: `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id } }`, vars: () => ({ u: GONE_UUID, d: true }), code: 'NOT_FOUND', reason: 'common.notFound.user' },
    { mutation: 'setUserDisabled', kind: 'bad value', what: 'their own account', gql: `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id } }`, vars: () => ({ u: users.admin.id, d: true }), code: 'FORBIDDEN', reason: 'user.cannotDisableSelf' },
    { mutation: 'setMyLocale', kind: 'bad value', what: 'a language the studio lacks', gql: `mutation($l: String!) { setMyLocale(locale: $l) { id } }`, vars: () => ({ l: 'fr' }), as: 'designer', code: B, issuePath: 'locale', reason: 'user.localeUnknown', params: { locales: 'en, zh-CN' } },
    { mutation: 'inviteUser', kind: 'wrong variable type', what: 'an unknown invitation method', gql: INVITE_USER, vars: () => ({ input: { email: 'new-person@test.local', displayName: 'New', roles: ['DESIGNER'], method: 'CARRIER_PIGEON' } }), code: B },
    { mutation: 'inviteUser', kind: 'missing required field', what: 'no roles', gql: INVITE_USER, vars: () => ({ input: { email: 'new-person@test.local', displayName: 'New' } }), code: B },
    { mutation: 'inviteUser', kind: 'bad value', what: 'an address that is not an e-mail', gql: INVITE_USER, vars: () => ({ input: { email: 'not-an-address', displayName: 'New', roles: ['DESIGNER'] } }), code: B, issuePath: 'email', reason: 'user.emailInvalid' },
    { mutation: 'resetUserPassword', kind: 'wrong variable type', what: 'a list as the user id', gql: RESET_PASSWORD, vars: () => ({ id: ['a', 'b'] }), code: B },
    { mutation: 'resetUserPassword', kind: 'missing required field', what: 'no user id', gql: RESET_PASSWORD, vars: () => ({}), code: B },
    { mutation: 'resetUserPassword', kind: 'non-UUID id', what: 'userId', gql: RESET_PASSWORD, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND' },
    { mutation: 'setUserRoles', kind: 'wrong variable type', what: 'an unknown role', gql: SET_ROLES, vars: () => ({ id: GONE_UUID, roles: ['OWNER'] }), code: B },
    { mutation: 'setUserRoles', kind: 'missing required field', what: 'no roles', gql: SET_ROLES, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'setUserRoles', kind: 'non-UUID id', what: 'userId', gql: SET_ROLES, vars: () => ({ id: NOT_A_UUID, roles: ['DESIGNER'] }), code: 'NOT_FOUND' },
    { mutation: 'setUserRoles', kind: 'bad value', what: 'no role at all', gql: SET_ROLES, vars: () => ({ id: GONE_UUID, roles: [] }), code: B, issuePath: 'roles', reason: 'user.rolesRequired' },
    { mutation: 'setPasswordWithLink', kind: 'wrong variable type', what: 'a number as the token', gql: SET_PASSWORD_WITH_LINK, vars: () => ({ token: 7, p: 'a long enough password' }), code: B },
    { mutation: 'setPasswordWithLink', kind: 'missing required field', what: 'no password', gql: SET_PASSWORD_WITH_LINK, vars: () => ({ token: 'pwd_x' }), code: B },
    { mutation: 'setPasswordWithLink', kind: 'bad value', what: 'a link that does not exist', gql: SET_PASSWORD_WITH_LINK, vars: () => ({ token: 'pwd_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', p: 'a long enough password' }), code: B, issuePath: 'token', reason: 'user.linkExpired' },
    { mutation: 'createUser', kind: 'wrong variable type', what: 'a string as input', gql: CREATE_USER, vars: () => ({ input: 'alice' }), code: B },
    { mutation: 'createUser', kind: 'wrong variable type', what: 'an unknown role', gql: CREATE_USER, vars: () => ({ input: { ...user, roles: ['GOD'] } }), code: B },
    { mutation: 'createUser', kind: 'missing required field', what: 'no password', gql: CREATE_USER, vars: () => ({ input: { email: user.email, displayName: 'X', roles: ['DESIGNER'] } }), code: B },
    { mutation: 'createUser', kind: 'bad value', what: 'an invalid email', gql: CREATE_USER, vars: () => ({ input: { ...user, email: 'not an email' } }), code: B, issuePath: 'email', reason: 'user.emailInvalid' },
    { mutation: 'createUser', kind: 'bad value', what: 'no roles', gql: CREATE_USER, vars: () => ({ input: { ...user, roles: [] } }), code: B, issuePath: 'roles', reason: 'user.rolesRequired' },
    { mutation: 'createTemplate', kind: 'wrong variable type', what: 'an unknown base model', gql: CREATE_TEMPLATE, vars: () => ({ input: { title: 'X', baseModel: 'PONY' } }), as: 'designer', code: B },
    { mutation: 'createTemplate', kind: 'wrong variable type', what: 'a number as title (literal)', gql: `mutation { createTemplate(input: { title: 5, baseModel: SDXL }) { id } }`, as: 'designer', code: B },
    { mutation: 'createTemplate', kind: 'missing required field', what: 'no base model', gql: CREATE_TEMPLATE, vars: () => ({ input: { title: 'X' } }), as: 'designer', code: B },
    { mutation: 'createTemplate', kind: 'bad value', what: 'a blank title', gql: CREATE_TEMPLATE, vars: () => ({ input: { title: '   ', baseModel: 'SDXL' } }), as: 'designer', code: B, issuePath: 'title' },
    { mutation: 'updateTemplate', kind: 'wrong variable type', what: 'an object as templateId', gql: UPDATE_TEMPLATE, vars: () => ({ input: { templateId: { id: template.id } } }), as: 'designer', code: B },
    { mutation: 'updateTemplate', kind: 'missing required field', what: 'no templateId', gql: UPDATE_TEMPLATE, vars: () => ({ input: { title: 'X' } }), as: 'designer', code: B },
    { mutation: 'updateTemplate', kind: 'non-UUID id', what: 'templateId', gql: UPDATE_TEMPLATE, vars: () => ({ input: { templateId: NOT_A_UUID, title: 'X' } }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'updateTemplate', kind: 'bad value', what: 'a 41-character tag', gql: UPDATE_TEMPLATE, vars: () => ({ input: { templateId: template.id, tags: ['ok', 'x'.repeat(41)] } }), as: 'designer', code: B, issuePath: 'tags.1', isWorded: true },
    { mutation: 'duplicateTemplate', kind: 'wrong variable type', what: 'an object as templateId', gql: DUPLICATE, vars: () => ({ id: { id: template.id } }), as: 'designer', code: B },
    { mutation: 'duplicateTemplate', kind: 'missing required field', what: 'no templateId', gql: `mutation { duplicateTemplate(title: "Copy") { id } }`, as: 'designer', code: B },
    { mutation: 'duplicateTemplate', kind: 'non-UUID id', what: 'templateId', gql: DUPLICATE, vars: () => ({ id: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'duplicateTemplate', kind: 'bad value', what: 'a 500-character title', gql: DUPLICATE, vars: () => ({ id: template.id, title: 'x'.repeat(500) }), as: 'designer', code: B, issuePath: 'title', isWorded: true },
    { mutation: 'saveDraft', kind: 'wrong variable type', what: 'a string as baseRevision', gql: SAVE, vars: () => ({ input: { templateId: template.id, spec: makeTemplateSpec(), baseRevision: 'two' } }), as: 'designer', code: B },
    { mutation: 'saveDraft', kind: 'wrong variable type', what: 'a baseRevision beyond Int', gql: SAVE, vars: () => ({ input: { templateId: template.id, spec: makeTemplateSpec(), baseRevision: 2 ** 40 } }), as: 'designer', code: B },
    { mutation: 'saveDraft', kind: 'missing required field', what: 'no spec', gql: SAVE, vars: () => ({ input: { templateId: template.id, baseRevision: 1 } }), as: 'designer', code: B },
    { mutation: 'saveDraft', kind: 'missing required field', what: 'a null spec', gql: SAVE, vars: () => ({ input: { templateId: template.id, spec: null, baseRevision: 1 } }), as: 'designer', code: B },
    { mutation: 'saveDraft', kind: 'non-UUID id', what: 'templateId', gql: SAVE, vars: () => ({ input: { templateId: NOT_A_UUID, spec: makeTemplateSpec(), baseRevision: 1 } }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'setVersionCover', kind: 'wrong variable type', what: 'an object as versionId', gql: SET_COVER, vars: () => ({ v: { id: template.draft.id }, j: GONE_UUID }), as: 'designer', code: B },
    { mutation: 'setVersionCover', kind: 'missing required field', what: 'no previewJobId', gql: `mutation($v: ID!) { setVersionCover(versionId: $v) { id } }`, vars: () => ({ v: template.draft.id }), as: 'designer', code: B },
    { mutation: 'setVersionCover', kind: 'non-UUID id', what: 'versionId', gql: SET_COVER, vars: () => ({ v: NOT_A_UUID, j: GONE_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'setVersionCover', kind: 'non-UUID id', what: 'previewJobId', gql: SET_COVER, vars: () => ({ v: template.draft.id, j: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'setVersionCover', kind: 'non-UUID id', what: 'an unknown previewJobId', gql: SET_COVER, vars: () => ({ v: template.draft.id, j: GONE_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'submitVersion', kind: 'wrong variable type', what: 'a boolean as versionId', gql: SUBMIT, vars: () => ({ id: true }), as: 'designer', code: B },
    { mutation: 'submitVersion', kind: 'missing required field', what: 'no versionId', gql: `mutation { submitVersion { id } }`, as: 'designer', code: B },
    { mutation: 'submitVersion', kind: 'non-UUID id', what: 'versionId', gql: SUBMIT, vars: () => ({ id: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'reviewVersion', kind: 'wrong variable type', what: 'an unknown decision', gql: REVIEW, vars: () => ({ input: { versionId: template.draft.id, decision: 'MAYBE' } }), as: 'reviewer', code: B },
    { mutation: 'reviewVersion', kind: 'wrong variable type', what: 'a fractional score', gql: REVIEW, vars: () => ({ input: { versionId: template.draft.id, decision: 'APPROVE', scores: [{ subjectId: GONE_UUID, real: 9.5, like: 90, beautiful: 90 }] } }), as: 'reviewer', code: B },
    { mutation: 'reviewVersion', kind: 'missing required field', what: 'no decision', gql: REVIEW, vars: () => ({ input: { versionId: template.draft.id } }), as: 'reviewer', code: B },
    { mutation: 'reviewVersion', kind: 'non-UUID id', what: 'versionId', gql: REVIEW, vars: () => ({ input: { versionId: NOT_A_UUID, decision: 'REJECT', comments: [{ body: 'No.' }] } }), as: 'reviewer', code: 'NOT_FOUND' },
    { mutation: 'publishVersion', kind: 'wrong variable type', what: 'an object as versionId', gql: PUBLISH, vars: () => ({ id: { v: 1 } }), as: 'designer', code: B },
    { mutation: 'publishVersion', kind: 'missing required field', what: 'a null versionId', gql: PUBLISH, vars: () => ({ id: null }), as: 'designer', code: B },
    { mutation: 'publishVersion', kind: 'non-UUID id', what: 'versionId', gql: PUBLISH, vars: () => ({ id: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'unpublishTemplate', kind: 'wrong variable type', what: 'a list as templateId', gql: UNPUBLISH, vars: () => ({ id: [template.id, template.id] }), as: 'designer', code: B },
    { mutation: 'unpublishTemplate', kind: 'missing required field', what: 'no templateId', gql: `mutation { unpublishTemplate { id } }`, as: 'designer', code: B },
    { mutation: 'unpublishTemplate', kind: 'non-UUID id', what: 'templateId', gql: UNPUBLISH, vars: () => ({ id: "'; DROP TABLE templates; --" }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'rollbackTemplate', kind: 'wrong variable type', what: 'a float as versionId', gql: ROLLBACK, vars: () => ({ t: template.id, v: 1.5 }), as: 'designer', code: B },
    { mutation: 'rollbackTemplate', kind: 'missing required field', what: 'no versionId', gql: `mutation($t: ID!) { rollbackTemplate(templateId: $t) { id } }`, vars: () => ({ t: template.id }), as: 'designer', code: B },
    { mutation: 'rollbackTemplate', kind: 'non-UUID id', what: 'templateId', gql: ROLLBACK, vars: () => ({ t: NOT_A_UUID, v: template.draft.id }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'rollbackTemplate', kind: 'non-UUID id', what: 'versionId', gql: ROLLBACK, vars: () => ({ t: template.id, v: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'requestUpload', kind: 'wrong variable type', what: 'a string as byteSize', gql: REQUEST_UPLOAD, vars: () => ({ input: { ...upload, byteSize: 'big' } }), as: 'designer', code: B },
    { mutation: 'requestUpload', kind: 'missing required field', what: 'no fileName', gql: REQUEST_UPLOAD, vars: () => ({ input: { kind: 'REFERENCE_IMAGE', contentType: 'image/png', byteSize: 10 } }), as: 'designer', code: B },
    { mutation: 'requestUpload', kind: 'bad value', what: 'a negative byteSize', gql: REQUEST_UPLOAD, vars: () => ({ input: { ...upload, byteSize: -1 } }), as: 'designer', code: B, issuePath: 'byteSize', reason: 'asset.byteSizeInvalid' },
    { mutation: 'requestUpload', kind: 'bad value', what: 'a fractional byteSize', gql: REQUEST_UPLOAD, vars: () => ({ input: { ...upload, byteSize: 10.5 } }), as: 'designer', code: B, issuePath: 'byteSize' },
    { mutation: 'requestUpload', kind: 'bad value', what: 'a preview image', gql: REQUEST_UPLOAD, vars: () => ({ input: { ...upload, kind: 'PREVIEW_IMAGE' } }), as: 'designer', code: B, issuePath: 'kind', reason: 'asset.previewNotUploadable' },
    { mutation: 'requestUpload', kind: 'bad value', what: 'an executable as a reference image', gql: REQUEST_UPLOAD, vars: () => ({ input: { ...upload, fileName: 'run.exe', contentType: 'application/x-msdownload' } }), as: 'designer', code: B, issuePath: 'fileName', reason: 'asset.extensionNotAccepted', params: { formats: 'PNG, JPEG, WebP', extensions: '.png, .jpg, .jpeg, .webp' } },
    { mutation: 'deleteAsset', kind: 'wrong variable type', what: 'a boolean as id', gql: DELETE_ASSET, vars: () => ({ id: false }), code: B },
    { mutation: 'deleteAsset', kind: 'missing required field', what: 'no id', gql: `mutation { deleteAsset }`, code: B },
    { mutation: 'createRender', kind: 'wrong variable type', what: 'a string as likeness', gql: CREATE_RENDER, vars: () => ({ input: { versionId: GONE_UUID, identityAssetId: GONE_UUID, likeness: 'strong' } }), code: B },
    { mutation: 'createRender', kind: 'missing required field', what: 'no identityAssetId', gql: CREATE_RENDER, vars: () => ({ input: { versionId: GONE_UUID } }), code: B },
    { mutation: 'cancelRender', kind: 'wrong variable type', what: 'a boolean as id', gql: CANCEL_RENDER, vars: () => ({ id: false }), code: B },
    { mutation: 'cancelRender', kind: 'missing required field', what: 'no id', gql: `mutation { cancelRender { id } }`, code: B },
    { mutation: 'completeUpload', kind: 'wrong variable type', what: 'a boolean as assetId', gql: COMPLETE_UPLOAD, vars: () => ({ id: false }), as: 'designer', code: B },
    { mutation: 'completeUpload', kind: 'missing required field', what: 'no assetId', gql: `mutation { completeUpload { id } }`, as: 'designer', code: B },
    { mutation: 'completeUpload', kind: 'non-UUID id', what: 'assetId', gql: COMPLETE_UPLOAD, vars: () => ({ id: NOT_A_UUID }), as: 'designer', code: 'NOT_FOUND', reason: 'common.notFound.asset' },
    { mutation: 'registerLora', kind: 'wrong variable type', what: 'a string as a weight', gql: REGISTER_LORA, vars: () => ({ input: { ...lora, defaultWeight: 'heavy' } }), code: B },
    { mutation: 'registerLora', kind: 'missing required field', what: 'no file', gql: REGISTER_LORA, vars: () => ({ input: { ...lora, fileAssetId: undefined } }), code: B },
    { mutation: 'registerLora', kind: 'non-UUID id', what: 'fileAssetId', gql: REGISTER_LORA, vars: () => ({ input: { ...lora, fileAssetId: NOT_A_UUID } }), code: 'NOT_FOUND' },
    { mutation: 'registerLora', kind: 'bad value', what: 'a minimum above the maximum', gql: REGISTER_LORA, vars: () => ({ input: { ...lora, minWeight: 2, maxWeight: 1 } }), code: B, issuePath: 'defaultWeight', isWorded: true },
    { mutation: 'registerLora', kind: 'bad value', what: 'an unknown file', gql: REGISTER_LORA, vars: () => ({ input: lora }), code: B, issuePath: 'assetId', reason: 'asset.noSuch.lora' },
    { mutation: 'setLoraThumbnail', kind: 'wrong variable type', what: 'a boolean as loraId', gql: `mutation($lora: ID!, $asset: ID!) { setLoraThumbnail(loraId: $lora, assetId: $asset) { id } }`, vars: () => ({ lora: true, asset: GONE_UUID }), code: B },
    { mutation: 'setLoraThumbnail', kind: 'non-UUID id', what: 'loraId', gql: `mutation { setLoraThumbnail(loraId: "${NOT_A_UUID}", assetId: "${GONE_UUID}") { id } }`, code: 'NOT_FOUND' },
    { mutation: 'setLoraThumbnail', kind: 'missing required field', what: 'no assetId', gql: `mutation { setLoraThumbnail(loraId: "${GONE_UUID}") { id } }`, code: B },
    { mutation: 'updateLora', kind: 'wrong variable type', what: 'a text weight', gql: `mutation($id: ID!) { updateLora(id: $id, input: { defaultWeight: "half" }) { id } }`, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'updateLora', kind: 'missing required field', what: 'no input', gql: `mutation($id: ID!) { updateLora(id: $id) { id } }`, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'updateLora', kind: 'non-UUID id', what: 'id', gql: `mutation { updateLora(id: "${NOT_A_UUID}", input: { name: "X" }) { id } }`, code: 'NOT_FOUND' },
    { mutation: 'updateLora', kind: 'bad value', what: 'a LoRA that does not exist', gql: `mutation { updateLora(id: "${GONE_UUID}", input: { name: "X" }) { id } }`, code: 'NOT_FOUND' },
    { mutation: 'setLoraStatus', kind: 'wrong variable type', what: 'an unknown status', gql: `mutation($id: ID!) { setLoraStatus(id: $id, status: RETIRED) { id } }`, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'setLoraStatus', kind: 'missing required field', what: 'no status', gql: `mutation($id: ID!) { setLoraStatus(id: $id) { id } }`, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'setLoraStatus', kind: 'non-UUID id', what: 'id', gql: `mutation { setLoraStatus(id: "${NOT_A_UUID}", status: READY) { id } }`, code: 'NOT_FOUND' },
    { mutation: 'createTemplateCategory', kind: 'wrong variable type', what: 'a number as the name', gql: `mutation($input: CreateTemplateCategoryInput!) { createTemplateCategory(input: $input) { key } }`, vars: () => ({ input: { name: 12 } }), code: B },
    { mutation: 'createTemplateCategory', kind: 'missing required field', what: 'no name', gql: `mutation { createTemplateCategory(input: { nameZh: "人像" }) { key } }`, code: B },
    { mutation: 'createTemplateCategory', kind: 'bad value', what: 'a key with capitals and spaces', gql: `mutation { createTemplateCategory(input: { name: "Wedding", key: "Big Day" }) { key } }`, code: B, issuePath: 'key' },
    { mutation: 'createTemplateCategory', kind: 'bad value', what: 'a 61-character name', gql: `mutation { createTemplateCategory(input: { name: "${'n'.repeat(61)}" }) { key } }`, code: B, issuePath: 'name' },
    { mutation: 'createTemplateCategory', kind: 'bad value', what: 'a Chinese-only name and no key', gql: `mutation { createTemplateCategory(input: { name: "婚纱" }) { key } }`, code: B, issuePath: 'key' },
    { mutation: 'createTemplateCategory', kind: 'bad value', what: 'a negative position', gql: `mutation { createTemplateCategory(input: { name: "Outdoor", position: -1 }) { key } }`, code: B, issuePath: 'position' },
    { mutation: 'updateTemplateCategory', kind: 'wrong variable type', what: 'a text position', gql: `mutation { updateTemplateCategory(input: { key: "portrait", position: "first" }) { key } }`, code: B },
    { mutation: 'updateTemplateCategory', kind: 'missing required field', what: 'no key', gql: `mutation { updateTemplateCategory(input: { name: "X" }) { key } }`, code: B },
    { mutation: 'updateTemplateCategory', kind: 'bad value', what: 'a category that does not exist', gql: `mutation { updateTemplateCategory(input: { key: "no-such-category", name: "X" }) { key } }`, code: 'NOT_FOUND' },
    { mutation: 'updateTemplateCategory', kind: 'bad value', what: 'an empty name', gql: `mutation { updateTemplateCategory(input: { key: "no-such-category", name: "  " }) { key } }`, code: B, issuePath: 'name' },
    { mutation: 'createTemplate', kind: 'bad value', what: 'a category nobody created', gql: CREATE_TEMPLATE, vars: () => ({ input: { title: 'Beach', baseModel: 'SDXL', category: 'beach-party' } }), as: 'designer', code: B, issuePath: 'category' },
    { mutation: 'createTemplate', kind: 'bad value', what: 'a 61-character category', gql: CREATE_TEMPLATE, vars: () => ({ input: { title: 'Beach', baseModel: 'SDXL', category: 'c'.repeat(61) } }), as: 'designer', code: B, issuePath: 'category', reason: 'template.categoryUnknown', params: { category: 'c'.repeat(61) } },
    { mutation: 'updatePreviewSubject', kind: 'wrong variable type', what: 'a text age', gql: UPDATE_SUBJECT, vars: () => ({ id: GONE_UUID, input: { ageYears: 'thirty' } }), code: B },
    { mutation: 'updatePreviewSubject', kind: 'missing required field', what: 'no input', gql: UPDATE_SUBJECT, vars: () => ({ id: GONE_UUID }), code: B },
    { mutation: 'updatePreviewSubject', kind: 'non-UUID id', what: 'id', gql: UPDATE_SUBJECT, vars: () => ({ id: NOT_A_UUID, input: { name: 'Ada' } }), code: 'NOT_FOUND' },
    { mutation: 'updatePreviewSubject', kind: 'bad value', what: 'an age over 100', gql: UPDATE_SUBJECT, vars: () => ({ id: GONE_UUID, input: { ageYears: 130 } }), code: B, issuePath: 'ageYears', isWorded: true },
    { mutation: 'updatePreviewSubject', kind: 'wrong variable type', what: 'a trigger word without its base model', gql: UPDATE_SUBJECT, vars: () => ({ id: GONE_UUID, input: { identityTriggerWords: [{ triggerWord: 'ohwx' }] } }), code: B },
    { mutation: 'updatePreviewSubject', kind: 'bad value', what: 'a trigger word with braces', gql: UPDATE_SUBJECT, vars: () => ({ id: GONE_UUID, input: { identityTriggerWords: [{ baseModel: 'SDXL', triggerWord: '{{seed}}' }] } }), code: B, issuePath: 'identityTriggerWords.0.triggerWord', isWorded: true },
    { mutation: 'extendConsent', kind: 'wrong variable type', what: 'a number as the end date', gql: EXTEND_CONSENT, vars: () => ({ id: GONE_UUID, until: 20991231, doc: GONE_UUID }), code: B },
    { mutation: 'extendConsent', kind: 'missing required field', what: 'no consent document', gql: EXTEND_CONSENT, vars: () => ({ id: GONE_UUID, until: '2999-01-01T00:00:00Z' }), code: B },
    { mutation: 'extendConsent', kind: 'non-UUID id', what: 'subjectId', gql: EXTEND_CONSENT, vars: () => ({ id: NOT_A_UUID, until: '2999-01-01T00:00:00Z', doc: GONE_UUID }), code: 'NOT_FOUND' },
    { mutation: 'extendConsent', kind: 'bad value', what: 'an end date in the past', gql: EXTEND_CONSENT, vars: () => ({ id: GONE_UUID, until: '2001-01-01T00:00:00Z', doc: GONE_UUID }), code: B, issuePath: 'validUntil', isWorded: true },
    { mutation: 'createPreviewSubject', kind: 'wrong variable type', what: 'a list as name', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, name: ['Ada'] } }), code: B },
    { mutation: 'createPreviewSubject', kind: 'missing required field', what: 'no consent document', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, consentDocumentAssetId: undefined } }), code: B },
    { mutation: 'createPreviewSubject', kind: 'non-UUID id', what: 'an identity LoRA asset id', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, identityLoras: [{ baseModel: 'SD15', assetId: NOT_A_UUID }] } }), code: 'NOT_FOUND' },
    { mutation: 'createPreviewSubject', kind: 'wrong variable type', what: 'a base model that does not exist', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, identityLoras: [{ baseModel: 'SD3', assetId: GONE_UUID }] } }), code: B },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'an age under 18', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, ageYears: 16 } }), code: B, issuePath: 'ageYears', isWorded: true },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'two photos of the face', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, referencePhotoAssetIds: photoIds.slice(0, 2) } }), code: B, issuePath: 'referencePhotoAssetIds', isWorded: true },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'no identity LoRA', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, identityLoras: [] } }), code: B, issuePath: 'identityLoras', isWorded: true },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'a trigger word too long', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, identityLoras: [{ baseModel: 'SDXL', assetId: GONE_UUID, triggerWord: 'w'.repeat(61) }] } }), code: B, issuePath: 'identityLoras.0.triggerWord', isWorded: true },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'a consent expiry that is not a date', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, consentExpiresAt: 'next tuesday' } }), code: B, issuePath: 'consentExpiresAt' },
    { mutation: 'createPreviewSubject', kind: 'bad value', what: 'an expired consent', gql: CREATE_SUBJECT, vars: () => ({ input: { ...subject, consentExpiresAt: '2001-01-01T00:00:00Z' } }), code: B, issuePath: 'consentExpiresAt', isWorded: true },
    { mutation: 'retirePreviewSubject', kind: 'wrong variable type', what: 'a number list as id', gql: RETIRE_SUBJECT, vars: () => ({ id: [1, 2] }), code: B },
    { mutation: 'retirePreviewSubject', kind: 'missing required field', what: 'no id', gql: `mutation { retirePreviewSubject { id } }`, code: B },
    { mutation: 'retirePreviewSubject', kind: 'non-UUID id', what: 'id', gql: RETIRE_SUBJECT, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND' },
    { mutation: 'retirePreviewSubject', kind: 'non-UUID id', what: 'an unknown UUID', gql: RETIRE_SUBJECT, vars: () => ({ id: GONE_UUID }), code: 'NOT_FOUND' },
    { mutation: 'createApiKey', kind: 'wrong variable type', what: 'an unknown scope', gql: CREATE_KEY, vars: () => ({ input: { name: 'app', scopes: ['admin:all'] } }), code: B },
    { mutation: 'createApiKey', kind: 'missing required field', what: 'no name', gql: CREATE_KEY, vars: () => ({ input: { scopes: ['CATALOG_READ'] } }), code: B },
    { mutation: 'createApiKey', kind: 'bad value', what: 'no scopes', gql: CREATE_KEY, vars: () => ({ input: { name: 'app', scopes: [] } }), code: B, issuePath: 'scopes', reason: 'apiKey.scopesRequired' },
    { mutation: 'revokeApiKey', kind: 'wrong variable type', what: 'an object as id', gql: REVOKE_KEY, vars: () => ({ id: {} }), code: B },
    { mutation: 'revokeApiKey', kind: 'missing required field', what: 'no id', gql: `mutation { revokeApiKey { id } }`, code: B },
    { mutation: 'revokeApiKey', kind: 'non-UUID id', what: 'id', gql: REVOKE_KEY, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND', reason: 'common.notFound.apiKey' },
    { mutation: 'requestPreviews', kind: 'wrong variable type', what: 'a string as seeds', gql: REQUEST_PREVIEWS, vars: () => ({ input: { versionId: NOT_A_UUID, seeds: 'many' } }), code: B },
    { mutation: 'requestPreviews', kind: 'wrong variable type', what: 'a likeness end that does not exist', gql: REQUEST_PREVIEWS, vars: () => ({ input: { versionId: NOT_A_UUID, likenessEnds: ['MIN'] } }), code: B },
    { mutation: 'requestPreviews', kind: 'missing required field', what: 'no versionId', gql: REQUEST_PREVIEWS, vars: () => ({ input: {} }), code: B },
    { mutation: 'requestPreviews', kind: 'non-UUID id', what: 'versionId', gql: REQUEST_PREVIEWS, vars: () => ({ input: { versionId: NOT_A_UUID } }), code: 'NOT_FOUND' },
    { mutation: 'requestPreviews', kind: 'bad value', what: 'a priority that does not exist', gql: REQUEST_PREVIEWS, vars: () => ({ input: { versionId: template.draft.id, priority: 'URGENT' } }), as: 'designer', code: B },
    { mutation: 'requestPreviews', kind: 'bad value', what: 'review priority asked for by a designer', gql: REQUEST_PREVIEWS, vars: () => ({ input: { versionId: template.draft.id, seeds: [1], priority: 'REVIEW' } }), as: 'designer', code: 'FORBIDDEN', isWorded: true },
    { mutation: 'cancelPreviewJob', kind: 'wrong variable type', what: 'an object as id', gql: CANCEL_JOB, vars: () => ({ id: {} }), code: B },
    { mutation: 'cancelPreviewJob', kind: 'missing required field', what: 'no id', gql: `mutation { cancelPreviewJob { id } }`, code: B },
    { mutation: 'cancelPreviewJob', kind: 'non-UUID id', what: 'id', gql: CANCEL_JOB, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND' },
    { mutation: 'cancelPreviewJob', kind: 'bad value', what: 'a job that does not exist', gql: CANCEL_JOB, vars: () => ({ id: GONE_UUID }), as: 'reviewer', code: 'NOT_FOUND' },
    { mutation: 'retryPreviewJob', kind: 'wrong variable type', what: 'an object as id', gql: RETRY_JOB, vars: () => ({ id: {} }), code: B },
    { mutation: 'retryPreviewJob', kind: 'missing required field', what: 'no id', gql: `mutation { retryPreviewJob { id } }`, code: B },
    { mutation: 'retryPreviewJob', kind: 'non-UUID id', what: 'id', gql: RETRY_JOB, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND' },
    { mutation: 'retryPreviewJob', kind: 'bad value', what: 'a job that does not exist', gql: RETRY_JOB, vars: () => ({ id: GONE_UUID }), as: 'designer', code: 'NOT_FOUND' },
    { mutation: 'retryPreviewJob', kind: 'wrong variable type', what: 'a number as id, from a reviewer', gql: RETRY_JOB, vars: () => ({ id: 12.5 }), as: 'reviewer', code: B },
    { mutation: 'issueWorkerToken', kind: 'wrong variable type', what: 'a number as name', gql: ISSUE_WORKER_TOKEN, vars: () => ({ name: 7 }), code: B },
    { mutation: 'issueWorkerToken', kind: 'missing required field', what: 'no name', gql: `mutation { issueWorkerToken { token } }`, code: B },
    { mutation: 'issueWorkerToken', kind: 'bad value', what: 'a blank name', gql: ISSUE_WORKER_TOKEN, vars: () => ({ name: '   ' }), code: B, issuePath: 'name', reason: 'workerToken.nameLength', params: { min: 1, max: 80 } },
    { mutation: 'revokeWorkerToken', kind: 'wrong variable type', what: 'an object as id', gql: REVOKE_WORKER_TOKEN, vars: () => ({ id: {} }), code: B },
    { mutation: 'revokeWorkerToken', kind: 'missing required field', what: 'no id', gql: `mutation { revokeWorkerToken { id } }`, code: B },
    { mutation: 'revokeWorkerToken', kind: 'non-UUID id', what: 'id', gql: REVOKE_WORKER_TOKEN, vars: () => ({ id: NOT_A_UUID }), code: 'NOT_FOUND', reason: 'common.notFound.workerToken' },
    { mutation: 'revokeApiKey', kind: 'non-UUID id', what: 'an unknown UUID', gql: REVOKE_KEY, vars: () => ({ id: GONE_UUID }), code: 'NOT_FOUND', reason: 'common.notFound.apiKey' },
    { mutation: 'createApiKey', kind: 'bad value', what: 'a render key without its consumer app', gql: CREATE_KEY, vars: () => ({ input: { name: 'renderer', scopes: ['RENDER'] } }), code: B, issuePath: 'consumerApp', reason: 'apiKey.consumerAppRequiredForRender' },
    { mutation: 'createApiKey', kind: 'bad value', what: 'a usage key without its consumer app', gql: CREATE_KEY, vars: () => ({ input: { name: 'meter', scopes: ['USAGE_WRITE'] } }), code: B, issuePath: 'consumerApp', reason: 'apiKey.consumerAppRequired' },
    { mutation: 'createApiKey', kind: 'bad value', what: 'a rate limit of 0 a minute', gql: CREATE_KEY, vars: () => ({ input: { name: 'kiosk', scopes: ['CATALOG_READ'], rateLimitPerMinute: 0 } }), code: B, issuePath: 'rateLimitPerMinute', reason: 'apiKey.rateLimitRange', params: { min: 1, max: 1000000 } },
    { mutation: 'setApiKeyRateLimit', kind: 'wrong variable type', what: 'a fractional perMinute', gql: SET_KEY_RATE_LIMIT, vars: () => ({ id: GONE_UUID, perMinute: 2.5 }), code: B },
    { mutation: 'setApiKeyRateLimit', kind: 'missing required field', what: 'no id', gql: `mutation { setApiKeyRateLimit(perMinute: 60) { id } }`, code: B },
    { mutation: 'setApiKeyRateLimit', kind: 'non-UUID id', what: 'id', gql: SET_KEY_RATE_LIMIT, vars: () => ({ id: NOT_A_UUID, perMinute: 60 }), code: 'NOT_FOUND', reason: 'common.notFound.apiKey' },
    { mutation: 'setApiKeyRateLimit', kind: 'non-UUID id', what: 'an unknown UUID', gql: SET_KEY_RATE_LIMIT, vars: () => ({ id: GONE_UUID, perMinute: 60 }), code: 'NOT_FOUND', reason: 'common.notFound.apiKey' },
    { mutation: 'setApiKeyRateLimit', kind: 'bad value', what: 'a negative perMinute', gql: SET_KEY_RATE_LIMIT, vars: () => ({ id: GONE_UUID, perMinute: -5 }), code: B, issuePath: 'perMinute', reason: 'apiKey.rateLimitRange', params: { min: 1, max: 1000000 } },
    { mutation: 'setApiKeyRateLimit', kind: 'bad value', what: 'more than a million a minute', gql: SET_KEY_RATE_LIMIT, vars: () => ({ id: GONE_UUID, perMinute: 1000001 }), code: B, issuePath: 'perMinute', reason: 'apiKey.rateLimitRange', params: { min: 1, max: 1000000 } },
    { mutation: 'recordUsage', kind: 'wrong variable type', what: 'a number as eventId', gql: RECORD_USAGE, vars: () => ({ e: [{ ...usage, eventId: 7 }] }), code: B },
    { mutation: 'recordUsage', kind: 'wrong variable type', what: 'a fractional grossAmount', gql: RECORD_USAGE, vars: () => ({ e: [{ ...usage, grossAmount: 9.9 }] }), code: B },
    { mutation: 'recordUsage', kind: 'missing required field', what: 'no currency', gql: RECORD_USAGE, vars: () => ({ e: [{ ...usage, currency: undefined }] }), code: B },
    { mutation: 'recordRefund', kind: 'wrong variable type', what: 'a string as amount', gql: RECORD_REFUND, vars: () => ({ input: { eventId: 'e', refundId: 'r', amount: 'ten' } }), code: B },
    { mutation: 'recordRefund', kind: 'missing required field', what: 'no refundId', gql: RECORD_REFUND, vars: () => ({ input: { eventId: 'e', amount: 10 } }), code: B },
    { mutation: 'setRevenueAgreement', kind: 'wrong variable type', what: 'a string as designerShareBps', gql: SET_AGREEMENT, vars: () => ({ input: { ...agreement(), designerShareBps: 'lots' } }), code: B },
    { mutation: 'setRevenueAgreement', kind: 'missing required field', what: 'no coAuthors', gql: SET_AGREEMENT, vars: () => ({ input: { ...agreement(), coAuthors: undefined } }), code: B },
    { mutation: 'setRevenueAgreement', kind: 'bad value', what: 'a share above 100 %', gql: SET_AGREEMENT, vars: () => ({ input: { ...agreement(), designerShareBps: 10001 } }), code: B, issuePath: 'designerShareBps', reason: 'revenueTerms.designerShare.over', params: { percent: '100.01%' } },
    { mutation: 'setRevenueAgreement', kind: 'bad value', what: 'co-author shares not adding up to 100 %', gql: SET_AGREEMENT, vars: () => ({ input: { ...agreement(), coAuthors: [{ designerId: users.designer.id, shareBps: 5000 }] } }), code: B, issuePath: 'coAuthors', reason: 'revenueTerms.sharesSum', params: { percent: '50%' } },
    { mutation: 'setRevenueAgreement', kind: 'non-UUID id', what: 'templateId', gql: SET_AGREEMENT, vars: () => ({ input: { ...agreement(), templateId: NOT_A_UUID } }), code: 'NOT_FOUND', reason: 'common.notFound.template' },
    { mutation: 'markStatementPaid', kind: 'wrong variable type', what: 'a number list as statementId', gql: MARK_PAID, vars: () => ({ id: [1, 2], ref: 'BANK-1' }), code: B },
    { mutation: 'markStatementPaid', kind: 'missing required field', what: 'no reference', gql: `mutation { markStatementPaid(statementId: "${GONE_UUID}") { id } }`, code: B },
    { mutation: 'markStatementPaid', kind: 'non-UUID id', what: 'statementId', gql: MARK_PAID, vars: () => ({ id: NOT_A_UUID, ref: 'BANK-1' }), code: 'NOT_FOUND', reason: 'common.notFound.statement' },
    { mutation: 'markStatementPaid', kind: 'bad value', what: 'a blank reference', gql: MARK_PAID, vars: () => ({ id: GONE_UUID, ref: '  ' }), code: B, issuePath: 'reference', reason: 'payout.referenceLength', params: { min: 1, max: 200 } },
  ];

  // ---- admin queries with filters: the audit log ------------------------------------------
  // A filter names no object, so a malformed id in it is a bad value (BAD_USER_INPUT with the
  // field), not NOT_FOUND.

  const AUDIT_LOG = `query($filter: AuditLogFilter, $first: Int) { auditLog(filter: $filter, first: $first) { totalCount } }`;
  const AUDIT_CSV = `query($filter: AuditLogFilter) { auditLogCsv(filter: $filter) { csv } }`;
  const RENDER_STATS = `query($id: ID!, $from: String!, $to: String!) { templateRenderStats(templateId: $id, from: $from, to: $to) { templateId } }`;

  // prettier-ignore
  const QUERY_CASES: Case[] = [
    { mutation: 'auditLog', kind: 'wrong variable type', what: 'a string as filter', gql: AUDIT_LOG, vars: () => ({ filter: 'version.' }), code: B },
    { mutation: 'auditLog', kind: 'wrong variable type', what: 'an unknown kind of actor', gql: AUDIT_LOG, vars: () => ({ filter: { actorKind: 'ROBOT' } }), code: B },
    { mutation: 'auditLog', kind: 'wrong variable type', what: 'a text page size', gql: AUDIT_LOG, vars: () => ({ first: 'ten' }), code: B },
    { mutation: 'auditLog', kind: 'missing required field', what: 'a declared filter not sent', gql: `query($filter: AuditLogFilter!) { auditLog(filter: $filter) { totalCount } }`, code: B },
    { mutation: 'auditLog', kind: 'non-UUID id', what: 'actorId', gql: AUDIT_LOG, vars: () => ({ filter: { actorId: NOT_A_UUID } }), code: B, issuePath: 'actorId', reason: 'audit.actorIdInvalid' },
    { mutation: 'auditLog', kind: 'bad value', what: 'a period that ends before it starts', gql: AUDIT_LOG, vars: () => ({ filter: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } }), code: B, issuePath: 'to' },
    { mutation: 'auditLog', kind: 'bad value', what: 'a start that is no date', gql: AUDIT_LOG, vars: () => ({ filter: { from: 'last tuesday' } }), code: B, issuePath: 'from', reason: 'audit.fromInvalid' },
    { mutation: 'auditLog', kind: 'bad value', what: 'a wildcard in the action', gql: AUDIT_LOG, vars: () => ({ filter: { action: 'version.%' } }), code: B, issuePath: 'action' },
    { mutation: 'auditLog', kind: 'bad value', what: 'an object type with spaces', gql: AUDIT_LOG, vars: () => ({ filter: { entityType: 'preview subject' } }), code: B, issuePath: 'entityType' },
    { mutation: 'auditLogCsv', kind: 'wrong variable type', what: 'a number as action', gql: AUDIT_CSV, vars: () => ({ filter: { action: 7 } }), code: B },
    { mutation: 'auditLogCsv', kind: 'missing required field', what: 'a declared filter not sent', gql: `query($filter: AuditLogFilter!) { auditLogCsv(filter: $filter) { csv } }`, code: B },
    { mutation: 'auditLogCsv', kind: 'non-UUID id', what: 'actorId', gql: AUDIT_CSV, vars: () => ({ filter: { actorId: NOT_A_UUID } }), code: B, issuePath: 'actorId' },
    { mutation: 'auditLogCsv', kind: 'bad value', what: 'a period that ends when it starts', gql: AUDIT_CSV, vars: () => ({ filter: { from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' } }), code: B, issuePath: 'to' },
    { mutation: 'auditActions', kind: 'wrong variable type', what: 'an argument it does not take', gql: `{ auditActions(prefix: "version.") }`, code: B },
    { mutation: 'auditActions', kind: 'missing required field', what: 'a declared variable not sent', gql: `query($prefix: String!) { auditActions }`, code: B },
    { mutation: 'templateRenderStats', kind: 'wrong variable type', what: 'a number as the first day', gql: RENDER_STATS, vars: () => ({ id: template.id, from: 20261101, to: '2026-11-07' }), code: B },
    { mutation: 'templateRenderStats', kind: 'missing required field', what: 'no last day', gql: `query($id: ID!) { templateRenderStats(templateId: $id, from: "2026-11-01") { templateId } }`, vars: () => ({ id: template.id }), code: B },
    { mutation: 'templateRenderStats', kind: 'non-UUID id', what: 'templateId', gql: RENDER_STATS, vars: () => ({ id: NOT_A_UUID, from: '2026-11-01', to: '2026-11-07' }), code: 'NOT_FOUND', reason: 'common.notFound.template' },
    { mutation: 'templateRenderStats', kind: 'bad value', what: 'a day that is not in the calendar', gql: RENDER_STATS, vars: () => ({ id: template.id, from: '2026-02-30', to: '2026-03-07' }), code: B, issuePath: 'from', reason: 'renderStats.dayFormat' },
    { mutation: 'templateRenderStats', kind: 'bad value', what: 'a window that ends before it starts', gql: RENDER_STATS, vars: () => ({ id: template.id, from: '2026-11-07', to: '2026-11-01' }), code: B, issuePath: 'to', reason: 'renderStats.rangeReversed' },
    { mutation: 'templateRenderStats', kind: 'bad value', what: 'more than 366 days', gql: RENDER_STATS, vars: () => ({ id: template.id, from: '2025-01-01', to: '2026-11-07' }), code: B, issuePath: 'to', reason: 'renderStats.rangeTooLong', params: { max: 366 } },
    // A version's render recipe takes no arguments of its own: what can be wrong is the version asked for.
    { mutation: 'catalogVersion', kind: 'wrong variable type', what: 'a list as the id of a recipe', gql: `query($id: ID!) { catalogVersion(id: $id) { recipe } }`, vars: () => ({ id: [1, 2] }), code: B },
    { mutation: 'catalogVersion', kind: 'missing required field', what: 'no id for a recipe', gql: `query { catalogVersion { recipe } }`, code: B },
    { mutation: 'catalogVersion', kind: 'bad value', what: 'an argument a recipe does not take', gql: `query($id: ID!) { catalogVersion(id: $id) { recipe(version: 2) } }`, vars: () => ({ id: GONE_UUID }), code: B },
  ];

  it.each(QUERY_CASES)('$mutation with $kind ($what) gives $code', async (c) => {
    const res = await t.gql(c.gql, c.vars?.() ?? {}, { token: users[c.as ?? 'admin'].token });
    expectCoded(res, c.code, c.issuePath);
    if (c.reason) expectWorded(res, c.reason, c.params);
    expect(res.data?.[c.mutation] ?? null).toBeNull();
  });

  it('gives every mutation in the schema a wrong-type and a missing-field case', async () => {
    const res = await t.gql(`{ __schema { mutationType { fields { name args { name } } } } }`);
    const mutations = (res.data!['__schema'].mutationType.fields as Array<{ name: string }>).map((f) => f.name).sort();
    for (const kind of ['wrong variable type', 'missing required field'] as const) {
      expectLabelled([...new Set(CASES.filter((c) => c.kind === kind).map((c) => c.mutation))].sort(), kind).toEqual(mutations);
    }
  });

  it.each(CASES)('$mutation with $kind ($what) gives $code', async (c) => {
    const res = await t.gql(c.gql, c.vars?.() ?? {}, { token: users[c.as ?? 'admin'].token });
    expectCoded(res, c.code, c.issuePath, { isWorded: c.isWorded });
    if (c.reason) expectWorded(res, c.reason, c.params);
    expect(res.data?.[c.mutation] ?? null).toBeNull();
  });

  // A consumer app's render key: its uploads are checked like anyone's, and a malformed id is just not found.
  it('answers a render key with coded, worded errors for a malformed identity upload or asset id', async () => {
    const renderKey = (await t.gql(`mutation { createApiKey(input: { name: "renderer", scopes: [RENDER], consumerApp: "Bad input app" }) { key } }`, {}, users.admin)).data!['createApiKey'].key as string;
    const exe = await t.gql(REQUEST_UPLOAD, { input: { kind: 'IDENTITY_PHOTO', fileName: 'face.exe', contentType: 'application/x-msdownload', byteSize: 1000 } }, { apiKey: renderKey });
    expectCoded(exe, B, 'fileName');
    expectWorded(exe, 'asset.extensionNotAccepted', { formats: 'PNG, JPEG, WebP', extensions: '.png, .jpg, .jpeg, .webp' });
    const huge = await t.gql(REQUEST_UPLOAD, { input: { kind: 'IDENTITY_LORA', fileName: 'me.safetensors', contentType: 'application/octet-stream', byteSize: 3 * 1024 ** 3 } }, { apiKey: renderKey });
    expectCoded(huge, B, 'byteSize');
    expect(huge.errors![0]!.extensions['reason']).toBe('asset.tooLarge');
    for (const id of [NOT_A_UUID, GONE_UUID]) {
      const gone = await t.gql(DELETE_ASSET, { id }, { apiKey: renderKey });
      expectCoded(gone, 'NOT_FOUND');
      expectWorded(gone, 'common.notFound.asset');
    }
  });

  it('answers a render key with coded, worded errors for renders of unknown versions, identities or renders', async () => {
    const renderKey = (await t.gql(`mutation { createApiKey(input: { name: "renderer 2", scopes: [RENDER], consumerApp: "Bad input app" }) { key } }`, {}, users.admin)).data!['createApiKey'].key as string;
    for (const id of [NOT_A_UUID, GONE_UUID]) {
      const version = await t.gql(CREATE_RENDER, { input: { versionId: id, identityAssetId: GONE_UUID } }, { apiKey: renderKey });
      expectCoded(version, 'NOT_FOUND');
      expectWorded(version, 'common.notFound.templateVersion');
      const cancel = await t.gql(CANCEL_RENDER, { id }, { apiKey: renderKey });
      expectCoded(cancel, 'NOT_FOUND');
      expectWorded(cancel, 'common.notFound.render');
      const read = await t.gql(`query($id: ID!) { render(id: $id) { id } }`, { id }, { apiKey: renderKey });
      expectWorded(read, 'common.notFound.render');
    }
    const page = await t.gql(`{ renders(first: 0) { totalCount } }`, {}, { apiKey: renderKey });
    expectCoded(page, B, 'first');
    const cursor = await t.gql(`{ renders(first: 5, after: "not-a-cursor") { totalCount } }`, {}, { apiKey: renderKey });
    expectCoded(cursor, B, 'after');
  });

  // ---- template specs ----------------------------------------------------------------------

  const keypoint = (): [number, number] => [0.5, 0.5];
  const light = (i: number) => ({ id: `l${i}`, kind: 'fill', x: 0.5, y: 0.5, radius: 0.3, intensity: 0.5, colorTemperatureK: 5600 });

  // prettier-ignore
  const BAD_SPECS: Array<{ what: string; spec: () => unknown; path: string; reason: ApiMessageKey; message?: RegExp }> = [
    { what: 'a string', spec: () => 'portrait', path: '', reason: 'spec.notObject', message: /^Template spec must be an object \(got "portrait"\)\.$/ },
    { what: 'a number', spec: () => 42, path: '', reason: 'spec.notObject' },
    { what: 'a list', spec: () => [makeTemplateSpec()], path: '', reason: 'spec.notObject' },
    { what: 'an unknown top-level key', spec: () => ({ ...makeTemplateSpec(), colour: 'red' }), path: '', reason: 'spec.unknownField', message: /^Template spec has no field "colour"/ },
    { what: 'an unknown canvas key', spec: () => ({ ...makeTemplateSpec(), canvas: { width: 832, height: 1216, dpi: 300 } }), path: 'canvas', reason: 'spec.unknownField', message: /^Canvas has no field "dpi"/ },
    { what: 'a canvas width that is not a multiple of 8', spec: () => ({ ...makeTemplateSpec(), canvas: { width: 833, height: 1216 } }), path: 'canvas.width', reason: 'spec.notMultipleOf', message: /multiple of 8/ },
    { what: 'a canvas too small', spec: () => ({ ...makeTemplateSpec(), canvas: { width: 832, height: 64 } }), path: 'canvas.height', reason: 'spec.between' },
    { what: 'an unknown prompt slot {hair}', spec: () => { const s = makeTemplateSpec(); return { ...s, prompt: { ...s.prompt, positive: 'portrait of {subject} with {hair}' } }; }, path: 'prompt.positive', reason: 'spec.unknownPromptSlot', message: /Unknown slot \{hair\}/ },
    { what: 'a pose with 17 keypoints', spec: () => ({ ...makeTemplateSpec(), pose: { keypoints: Array.from({ length: 17 }, keypoint), strength: 1 } }), path: 'pose.keypoints', reason: 'spec.keypointCount', message: /exactly 18 keypoints.*got 17/ },
    { what: 'a keypoint off the canvas', spec: () => ({ ...makeTemplateSpec(), pose: { keypoints: [[1.5, 0.5], ...Array.from({ length: 17 }, keypoint)], strength: 1 } }), path: 'pose.keypoints.0', reason: 'spec.between', message: /^Nose \(keypoint 0\) x must be between 0 and 1/ },
    { what: '7 lights', spec: () => ({ ...makeTemplateSpec(), lighting: { lights: Array.from({ length: 7 }, (_, i) => light(i)), strength: 0.5 } }), path: 'lighting.lights', reason: 'spec.tooManyLights', message: /at most 6 lights \(got 7\)/ },
    { what: 'a LoRA weight above its registered maximum', spec: () => makeTemplateSpec({ styleLoras: [{ loraId: sdxlLora.id, weight: 1.1 }] }), path: 'styleLoras.0.weight', reason: 'spec.loraWeightRange', message: /between 0\.2 and 1 \(got 1\.1\)/ },
    { what: 'a LoRA weight below its registered minimum', spec: () => makeTemplateSpec({ styleLoras: [{ loraId: sdxlLora.id, weight: 0.1 }] }), path: 'styleLoras.0.weight', reason: 'spec.loraWeightRange' },
    { what: 'an SD15 LoRA on an SDXL template', spec: () => makeTemplateSpec({ styleLoras: [{ loraId: sd15Lora.id, weight: 0.5 }] }), path: 'styleLoras.0.loraId', reason: 'spec.loraWrongBaseModel', message: /made for SD 1\.5, but this template uses SDXL/ },
    { what: 'a LoRA that is not registered', spec: () => makeTemplateSpec({ styleLoras: [{ loraId: GONE_UUID, weight: 0.5 }] }), path: 'styleLoras.0.loraId', reason: 'spec.loraNotInCatalog' },
    { what: 'a LoRA id that is not a UUID', spec: () => makeTemplateSpec({ styleLoras: [{ loraId: NOT_A_UUID, weight: 0.5 }] }), path: 'styleLoras.0.loraId', reason: 'spec.notUuid' },
    { what: 'a reference image that does not exist', spec: () => makeTemplateSpec({ reference: { assetId: GONE_UUID, x: 0.5, y: 0.5, scale: 1, opacity: 0.5 } }), path: 'reference.assetId', reason: 'spec.referenceNotFound' },
    { what: 'an SD15 spec on an SDXL template', spec: () => ({ ...makeTemplateSpec(), baseModel: 'sd15', canvas: { width: 512, height: 768 } }), path: 'baseModel', reason: 'spec.baseModelMismatch', message: /^This template is built on SDXL; the spec says SD15\.$/ },
  ];

  it.each(BAD_SPECS)('saveDraft refuses $what at "$path" ($reason) and keeps the stored draft', async ({ spec, path, reason, message }) => {
    const before = await storedDraft();
    const res = await t.gql(SAVE, { input: { templateId: template.id, spec: spec(), baseRevision: before.head_revision } }, users.designer);
    const error = expectCoded(res, 'BAD_USER_INPUT', path, { isWorded: true });
    const issue = (error.extensions['issues'] as Array<{ path: string; message: string; reason: string }>).find((i) => i.path === path)!;
    expect(issue.reason).toBe(reason);
    if (message) expect(issue.message).toMatch(message);
    expect(await storedDraft()).toEqual(before);
  });

  it('createTemplate refuses a starting spec that is not an object and creates nothing', async () => {
    const before = await t.sql.query(`SELECT count(*)::int AS n FROM templates`);
    expectCoded(await t.gql(CREATE_TEMPLATE, { input: { title: 'Spec as text', baseModel: 'SDXL', spec: 'portrait' } }, users.designer), 'BAD_USER_INPUT', '', { isWorded: true });
    expectCoded(await t.gql(CREATE_TEMPLATE, { input: { title: 'SDXL LoRA on SD15', baseModel: 'SD15', spec: makeTemplateSpec({ baseModel: 'sd15', canvas: { width: 512, height: 768 }, styleLoras: [{ loraId: sdxlLora.id, weight: 0.5 }] }) } }, users.designer), 'BAD_USER_INPUT', 'styleLoras.0.loraId', { isWorded: true });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM templates`)).rows[0].n).toBe(before.rows[0].n);
  });

  it('reports every issue of a spec at once, each with its own path', async () => {
    const spec = { ...makeTemplateSpec({ styleLoras: [{ loraId: sd15Lora.id, weight: 3 }] }), canvas: { width: 833, height: 1216 } };
    const res = await t.gql(SAVE, { input: { templateId: template.id, spec, baseRevision: (await storedDraft()).head_revision } }, users.designer);
    const error = expectCoded(res, 'BAD_USER_INPUT', undefined, { isWorded: true });
    expect((error.extensions['issues'] as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(['canvas.width', 'styleLoras.0.loraId', 'styleLoras.0.weight']);
    expect(error.message).toMatch(/\(and 2 more\)$/);
  });

  it('accepts a spec for an SD15 template with an SD15 LoRA (the bad cases are not a blanket refusal)', async () => {
    const rev = (await storedDraft(sd15Template.id)).head_revision;
    const spec = makeTemplateSpec({ baseModel: 'sd15', canvas: { width: 512, height: 768 }, styleLoras: [{ loraId: sd15Lora.id, weight: 0.5 }] });
    const res = await t.gql(SAVE, { input: { templateId: sd15Template.id, spec, baseRevision: rev } }, users.designer);
    expect(res.errors).toBeUndefined();
  });

  // ---- revisions, titles, pages ------------------------------------------------------------

  it('gives a stale baseRevision REVISION_CONFLICT with the current revision and keeps the stored spec', async () => {
    const tpl = await createTemplate(t, users.designer, { title: 'Conflict' });
    const first = makeTemplateSpec({ canvas: { width: 1024, height: 1024 } });
    const saved = await t.gql(SAVE, { input: { templateId: tpl.id, spec: first, baseRevision: 1 } }, users.designer);
    expect(saved.data!['saveDraft'].revision).toBe(2);
    const before = await storedDraft(tpl.id);

    const stale = { ...first, canvas: { width: 768, height: 1344 } };
    const res = await t.gql(SAVE, { input: { templateId: tpl.id, spec: stale, baseRevision: 1 } }, users.designer);
    const error = expectCoded(res, 'REVISION_CONFLICT', undefined, { isWorded: true });
    expect(error.extensions).toMatchObject({ currentRevision: 2, baseRevision: 1 });
    expect(await storedDraft(tpl.id)).toEqual(before);
    expect((before.spec as { canvas: unknown }).canvas).toEqual({ width: 1024, height: 1024 });

    const ahead = await t.gql(SAVE, { input: { templateId: tpl.id, spec: stale, baseRevision: 99 } }, users.designer);
    expect(expectCoded(ahead, 'REVISION_CONFLICT').extensions).toMatchObject({ currentRevision: 2 });
    expect(await storedDraft(tpl.id)).toEqual(before);
  });

  it('refuses a 500-character title on create and update and stores nothing', async () => {
    const title = 'A'.repeat(500);
    expectCoded(await t.gql(CREATE_TEMPLATE, { input: { title, baseModel: 'SDXL' } }, users.designer), 'BAD_USER_INPUT', 'title');
    expectCoded(await t.gql(UPDATE_TEMPLATE, { input: { templateId: template.id, title } }, users.designer), 'BAD_USER_INPUT', 'title');
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM templates WHERE length(title) > 120`)).rows[0].n).toBe(0);
  });

  it('refuses NUL characters in text and specs as input, not as a server failure, and stores nothing', async () => {
    const before = await storedDraft();
    const s = makeTemplateSpec();
    const spec = { ...s, prompt: { ...s.prompt, positive: `${s.prompt.positive}\u0000` } };
    expectCoded(await t.gql(SAVE, { input: { templateId: template.id, spec, baseRevision: before.head_revision } }, users.designer), 'BAD_USER_INPUT');
    expect(await storedDraft()).toEqual(before);
    expectCoded(await t.gql(CREATE_TEMPLATE, { input: { title: 'Golden\u0000hour', baseModel: 'SDXL' } }, users.designer), 'BAD_USER_INPUT');
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM templates WHERE title LIKE 'Golden%'`)).rows[0].n).toBe(0);
    expectCoded(await t.gql(LOGIN, { e: 'mei\u0000@test.local', p: 'whatever it is' }), 'BAD_USER_INPUT');
  });

  const PAGES = [
    { list: 'templates', gql: (args: string) => `{ templates(${args}) { totalCount } }`, auth: () => ({ token: users.designer.token }) },
    { list: 'reviewQueue', gql: (args: string) => `{ reviewQueue(${args}) { totalCount } }`, auth: () => ({ token: users.reviewer.token }) },
    { list: 'catalog', gql: (args: string) => `{ catalog(${args}) { totalCount } }`, auth: () => ({ apiKey: catalogKey }) },
    { list: 'users', gql: (args: string) => `{ users(${args}) { totalCount } }`, auth: () => ({ token: users.admin.token }) },
    { list: 'auditLog', gql: (args: string) => `{ auditLog(${args}) { totalCount } }`, auth: () => ({ token: users.admin.token }) },
  ];
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  describe.each(PAGES)('$list paging', ({ list, gql, auth }) => {
    it.each([1000, 0, -1])('refuses first: %i', async (first) => {
      expectCoded(await t.gql(gql(`first: ${first}`), {}, auth()), 'BAD_USER_INPUT', 'first');
    });

    it.each([
      ['garbage', 'not base64 JSON'],
      ['!!!', 'punctuation'],
      [cursor({ sortKey: 'x' }), 'JSON of the wrong shape'],
      [cursor(['yesterday', 'not-a-uuid']), 'a sort key that is no time and an id that is no UUID'],
      [cursor([new Date().toISOString(), 'not-a-uuid']), 'an id that is no UUID'],
      [cursor(['2024-13-45T99:00:00Z', GONE_UUID]), 'an impossible date'],
    ])('refuses after: %s (%s)', async (after) => {
      expectCoded(await t.gql(gql(`first: 5, after: ${JSON.stringify(after)}`), {}, auth()), 'BAD_USER_INPUT', 'after');
    });

    it('pages with a cursor it handed out', async () => {
      const page = await t.gql(`{ ${list}(first: 1) { pageInfo { endCursor } } }`, {}, auth());
      const end = page.data![list].pageInfo.endCursor ?? cursor([new Date().toISOString(), GONE_UUID]);
      const next = await t.gql(gql(`first: 1, after: ${JSON.stringify(end)}`), {}, auth());
      expect(next.errors).toBeUndefined();
    });
  });

  it.each([1000, 101, 0, -1])("refuses a version's previews with first: %i", async (first) => {
    const res = await t.gql(`query($id: ID!) { templateVersion(id: $id) { id previews(first: ${first}) { id } } }`, { id: template.draft.id }, users.designer);
    expectCoded(res, 'BAD_USER_INPUT', 'first');
  });

  it('refuses an operation with more mutations than the default limit (aliases count) and runs none of them', async () => {
    const before = await storedDraft();
    const saves = Array.from({ length: 11 }, (_, i) => `s${i}: saveDraft(input: { templateId: "${template.id}", spec: $spec, baseRevision: ${before.head_revision} }) { id }`).join(' ');
    const error = expectCoded(await t.gql(`mutation($spec: JSON!) { ${saves} }`, { spec: makeTemplateSpec() }, users.designer), 'QUERY_TOO_COMPLEX');
    expect(error.extensions).toMatchObject({ mutations: 11, maxMutations: 10 });
    expect(await storedDraft()).toEqual(before);
  });

  it('refuses a catalog page whose cost exceeds the default limit', async () => {
    const res = await t.gql(
      `{ catalog(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title description tags category baseModel publishedAt
        publishedVersion { id templateId title number specHash spec current publishedAt coverUrl previews { id url width height } } } } } }`,
      {},
      { apiKey: catalogKey },
    );
    const error = expectCoded(res, 'QUERY_TOO_COMPLEX');
    expect(error.extensions).toMatchObject({ maxComplexity: 2000 });
  });
});

describe('query limits over GraphQL', () => {
  let t: TestApp;
  let designer: TestUser;
  let catalogKey: string;

  // The schema cannot nest deeper than 8 (its deepest path is templates.edges.node.versions.reviews.scores.x,
  // depth 6), so this app runs with a depth limit of 3 and a low complexity budget; also with at most
  // 2 mutations per operation and 1 waiting preview per person.
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COMPLEXITY: '100', GRAPHQL_MAX_MUTATIONS_PER_OPERATION: '2', PREVIEW_QUEUE_QUOTA_PER_USER: '1' });
    designer = await createUser(t, ['DESIGNER']);
    const admin = await createUser(t, ['ADMIN']);
    catalogKey = (await t.gql(`mutation { createApiKey(input: { name: "kiosk", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
    await createPreviewSubject(t, admin, 'Mei');
  });
  afterAll(() => t?.close());

  it('refuses a query nested deeper than the limit, also when the nesting hides in fragments', async () => {
    const direct = await t.gql(`{ templates { edges { node { versions { author { id } } } } } }`, {}, { token: designer.token });
    expect(expectCoded(direct, 'QUERY_TOO_COMPLEX').message).toMatch(/^This query is nested too deeply\./);
    const viaFragments = await t.gql(
      `query Deep { templates { ...Conn } }
       fragment Conn on TemplateConnection { edges { ...Edge } }
       fragment Edge on TemplateEdge { node { ...Tpl } }
       fragment Tpl on Template { publishedVersion { author { displayName } } }`,
      {},
      { token: designer.token },
    );
    expectCoded(viaFragments, 'QUERY_TOO_COMPLEX');
    expect((await t.gql(`{ templates { edges { node { id } } } }`, {}, { token: designer.token })).errors).toBeUndefined();
  });

  it('refuses more mutations in one operation than GRAPHQL_MAX_MUTATIONS_PER_OPERATION, and runs as many', async () => {
    const locales = (n: number) => `mutation { ${Array.from({ length: n }, (_, i) => `l${i}: setMyLocale(locale: "en") { id }`).join(' ')} }`;
    const error = expectCoded(await t.gql(locales(3), {}, { token: designer.token }), 'QUERY_TOO_COMPLEX');
    expect(error.message).toBe('This request runs 3 mutations; at most 2 may run in one request. Send the rest in further requests.');
    expect((await t.gql(locales(2), {}, { token: designer.token })).errors).toBeUndefined();
  });

  it('refuses previews beyond PREVIEW_QUEUE_QUOTA_PER_USER and queues none of them', async () => {
    const tpl = await createTemplate(t, designer);
    const res = await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [1, 2] }) { id } }`, { v: tpl.draft.id }, { token: designer.token });
    const error = expectCoded(res, 'QUOTA_EXCEEDED', undefined, { isWorded: true });
    expect(error.message).toBe('This request would queue 2 previews, but at most 1 may wait at once. Choose fewer preview subjects or seeds.');
    expect(error.extensions).toMatchObject({ waiting: 0, requested: 2, quota: 1 });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM preview_jobs WHERE version_id = $1`, [tpl.draft.id])).rows[0].n).toBe(0);
    expect((await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [1] }) { id } }`, { v: tpl.draft.id }, { token: designer.token })).errors).toBeUndefined();
    const full = expectCoded(await t.gql(`mutation($v: ID!) { requestPreviews(input: { versionId: $v, seeds: [3] }) { id } }`, { v: tpl.draft.id }, { token: designer.token }), 'QUOTA_EXCEEDED', undefined, { isWorded: true });
    expect(full.message).toBe('You have 1 preview waiting; at most 1 may wait at once, and this request would add 1. Wait for some to finish or cancel some, then try again.');
  });

  it('refuses an expensive catalog page and answers a cheap one', async () => {
    const expensive = await t.gql(`{ catalog(first: 100) { totalCount edges { cursor node { id title description tags category baseModel publishedAt } } } }`, {}, { apiKey: catalogKey });
    const error = expectCoded(expensive, 'QUERY_TOO_COMPLEX');
    expect(error.extensions).toMatchObject({ maxComplexity: 100, complexity: expect.any(Number) });
    expect(error.extensions['complexity']).toBeGreaterThan(100);
    expect((await t.gql(`{ catalog(first: 2) { totalCount edges { node { id } } } }`, {}, { apiKey: catalogKey })).errors).toBeUndefined();
  });
});
