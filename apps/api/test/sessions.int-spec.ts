import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createUser, type TestUser } from './factories/factories.js';

const ME = `{ me { id } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const PASSWORD = 'correct horse battery';

// Cutting a person off: every session (signed token) ends at once when they sign out everywhere,
// change their password or are disabled; other people's sessions are untouched.
describe('sessions', () => {
  let t: TestApp;
  let admin: TestUser;

  const signIn = async (user: TestUser, password = PASSWORD): Promise<string> => {
    const res = await t.gql(LOGIN, { e: user.email, p: password });
    expect(res.errors).toBeUndefined();
    return res.data!['login'].token;
  };
  const meCode = async (token: string) => (await t.gql(ME, {}, { token })).errors?.[0]?.extensions.code ?? 'OK';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
  });
  afterAll(() => t?.close());

  it('signs a person out of every browser at once, keeping the one that asked', async () => {
    const person = await createUser(t, ['DESIGNER']);
    const bystander = await createUser(t, ['DESIGNER']);
    const [laptop, phone] = [await signIn(person), await signIn(person)];
    const res = await t.gql(`mutation { signOutEverywhere { token user { id } } }`, {}, { token: laptop });
    expect(res.errors).toBeUndefined();
    expect(res.data!['signOutEverywhere'].user.id).toBe(person.id);
    expect(await meCode(laptop)).toBe('UNAUTHENTICATED');
    expect(await meCode(phone)).toBe('UNAUTHENTICATED');
    expectWorded(await t.gql(ME, {}, { token: phone }), 'auth.sessionEnded');
    expect(await meCode(res.data!['signOutEverywhere'].token)).toBe('OK');
    expect(await meCode(await signIn(person))).toBe('OK');
    expect(await meCode(bystander.token)).toBe('OK');
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const person = await createUser(t, ['DESIGNER']);
    const other = await signIn(person);
    const CHANGE = `mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }`;
    const wrong = await t.gql(CHANGE, { c: 'not it at all', n: 'a brand new secret' }, { token: person.token });
    expect(wrong.errors![0]).toMatchObject({ message: 'That is not your current password.', extensions: { code: 'BAD_USER_INPUT' } });
    expectWorded(wrong, 'user.wrongCurrentPassword');
    expect(await meCode(other)).toBe('OK');

    const changed = await t.gql(CHANGE, { c: PASSWORD, n: 'a brand new secret' }, { token: person.token });
    expect(changed.errors).toBeUndefined();
    expect(await meCode(other)).toBe('UNAUTHENTICATED');
    expect(await meCode(person.token)).toBe('UNAUTHENTICATED');
    expect(await meCode(changed.data!['changeMyPassword'].token)).toBe('OK');
    expect((await t.gql(LOGIN, { e: person.email, p: PASSWORD })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(await meCode(await signIn(person, 'a brand new secret'))).toBe('OK');
  });

  it('ends a disabled person’s sessions at once; enabled again, they sign in anew', async () => {
    const person = await createUser(t, ['DESIGNER']);
    const DISABLE = `mutation($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { id } }`;
    expect((await t.gql(DISABLE, { u: person.id, d: true }, admin)).errors).toBeUndefined();
    expect(await meCode(person.token)).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: person.email, p: PASSWORD })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');

    expect((await t.gql(DISABLE, { u: person.id, d: false }, admin)).errors).toBeUndefined();
    // The token from before stays dead; a new sign-in works.
    expect(await meCode(person.token)).toBe('UNAUTHENTICATED');
    expect(await meCode(await signIn(person))).toBe('OK');
    const audit = await t.sql.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY created_at`, [person.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']));
  });

  it('never lets an admin disable their own account, so an active admin always remains', async () => {
    const self = await t.gql(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { id } }`, { u: admin.id }, admin);
    expect(self.errors![0]).toMatchObject({ message: 'You cannot disable your own account; ask another admin.', extensions: { code: 'FORBIDDEN' } });
    expectWorded(self, 'user.cannotDisableSelf');
    expect(await meCode(admin.token)).toBe('OK');
  });
});
