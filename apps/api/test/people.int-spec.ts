import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from './factories/factories.js';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id email status roles } setPasswordToken temporaryPassword expiresAt } }`;
const LINK = `query($token: String!) { passwordLink(token: $token) { purpose displayName email expiresAt } }`;
const SET_PASSWORD = `mutation($token: String!, $p: String!) { setPasswordWithLink(token: $token, newPassword: $p) { token user { id } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const ROLES = `mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { id roles } }`;
const RESET = `mutation($id: ID!) { resetUserPassword(userId: $id) { setPasswordToken expiresAt user { id } } }`;

type Res = { errors?: Array<{ message: string; extensions: Record<string, unknown> & { code: string } }> };
const codeOf = (res: Res) => res.errors?.[0]?.extensions.code ?? 'OK';
const pathOf = (res: Res) => (res.errors?.[0]?.extensions['issues'] as Array<{ path: string }> | undefined)?.[0]?.path;

// People as a studio team manages them from the studio: invitations with a one-time link or a
// temporary password, password resets, roles (never leaving no admin), and a searchable list.
describe('people', () => {
  let t: TestApp;
  let admin: TestUser;
  let n = 0;
  const email = () => `person-${++n}-${Date.now()}@studio.test`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
  });
  afterAll(() => t?.close());

  it('invites with a one-time link: no way in until the link sets a password, which works once', async () => {
    const address = email();
    const invited = await t.gql(INVITE, { input: { email: address, displayName: 'Nina Designer', roles: ['DESIGNER'] } }, admin);
    expect(invited.errors).toBeUndefined();
    const { user, setPasswordToken, temporaryPassword, expiresAt } = invited.data!['inviteUser'];
    expect(user).toMatchObject({ email: address, status: 'INVITED', roles: ['DESIGNER'] });
    expect([setPasswordToken.startsWith('pwd_'), temporaryPassword]).toEqual([true, null]);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3600_000);
    // Only a hash of the link is stored.
    expect(JSON.stringify((await t.sql.query(`SELECT * FROM password_links WHERE user_id = $1`, [user.id])).rows)).not.toContain(setPasswordToken.slice('pwd_'.length + 13));

    expect((await t.gql(LINK, { token: setPasswordToken })).data!['passwordLink']).toMatchObject({ purpose: 'INVITE', displayName: 'Nina Designer', email: address });
    expectWorded(await t.gql(SET_PASSWORD, { token: setPasswordToken, p: 'short' }), 'user.linkPasswordLength', { min: 10, max: 200 });
    const set = await t.gql(SET_PASSWORD, { token: setPasswordToken, p: 'nina chose this one' });
    expect(set.errors).toBeUndefined();
    expect(set.data!['setPasswordWithLink'].user.id).toBe(user.id);
    expect(codeOf(await t.gql(LOGIN, { e: address, p: 'nina chose this one' }))).toBe('OK');

    // Once only.
    const again = await t.gql(SET_PASSWORD, { token: setPasswordToken, p: 'someone else tries' });
    expect([codeOf(again), pathOf(again), again.errors![0]!.message]).toEqual(['BAD_USER_INPUT', 'token', 'This link has expired or was already used. Ask an admin for a new one.']);
    expectWorded(again, 'user.linkExpired');
    expect((await t.gql(LINK, { token: setPasswordToken })).data!['passwordLink']).toBeNull();
    const status = await t.gql(`{ users(first: 50, filter: { status: ACTIVE }) { edges { node { id status } } } }`, {}, admin);
    expect(status.data!['users'].edges.map((e: { node: { id: string } }) => e.node.id)).toContain(user.id);
  });

  it('invites with a temporary password shown once', async () => {
    const address = email();
    const invited = (await t.gql(INVITE, { input: { email: address, displayName: 'Rae Reviewer', roles: ['REVIEWER'], method: 'TEMPORARY_PASSWORD' } }, admin)).data!['inviteUser'];
    expect(invited.temporaryPassword).toMatch(/^[a-zA-Z2-9]{16}$/);
    expect([invited.setPasswordToken, invited.user.status]).toEqual([null, 'ACTIVE']);
    expect(codeOf(await t.gql(LOGIN, { e: address, p: invited.temporaryPassword }))).toBe('OK');
  });

  it('resets a password with a new link that ends the person’s sessions and the older link', async () => {
    const person = await createUser(t, ['DESIGNER']);
    const first = (await t.gql(RESET, { id: person.id }, admin)).data!['resetUserPassword'];
    const second = (await t.gql(RESET, { id: person.id }, admin)).data!['resetUserPassword'];
    expect((await t.gql(LINK, { token: first.setPasswordToken })).data!['passwordLink']).toBeNull();
    expect((await t.gql(LINK, { token: second.setPasswordToken })).data!['passwordLink'].purpose).toBe('RESET');
    expect((await t.gql(SET_PASSWORD, { token: second.setPasswordToken, p: 'a fresh password here' })).errors).toBeUndefined();
    expect(codeOf(await t.gql(`{ me { id } }`, {}, person))).toBe('UNAUTHENTICATED');
    // An expired link is refused the same way.
    const third = (await t.gql(RESET, { id: person.id }, admin)).data!['resetUserPassword'];
    await t.sql.query(`UPDATE password_links SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`, [person.id]);
    expect(pathOf(await t.gql(SET_PASSWORD, { token: third.setPasswordToken, p: 'too late for this' }))).toBe('token');
  });

  it('changes roles at once, never leaving the studio without an active admin', async () => {
    const person = await createUser(t, ['DESIGNER']);
    expect(codeOf(await t.gql(`{ users(first: 1) { totalCount } }`, {}, person))).toBe('FORBIDDEN');
    expect((await t.gql(ROLES, { id: person.id, roles: ['DESIGNER', 'ADMIN'] }, admin)).data!['setUserRoles'].roles).toEqual(['ADMIN', 'DESIGNER']);
    // Their next request already has the new role.
    expect(codeOf(await t.gql(`{ users(first: 1) { totalCount } }`, {}, person))).toBe('OK');
    expect(pathOf(await t.gql(ROLES, { id: person.id, roles: [] }, admin))).toBe('roles');

    // Alone as an admin in a fresh studio, nobody can take the role away.
    const solo = await startTestApp();
    try {
      const only = await createUser(solo, ['ADMIN']);
      await solo.sql.query(`UPDATE users SET disabled = true WHERE id <> $1 AND 'ADMIN' = ANY(roles)`, [only.id]);
      const refused = await solo.gql(ROLES, { id: only.id, roles: ['DESIGNER'] }, only);
      const name = (await solo.sql.query(`SELECT display_name FROM users WHERE id = $1`, [only.id])).rows[0].display_name;
      expect([codeOf(refused), refused.errors![0]!.message]).toEqual(['FORBIDDEN', `${name} is the last active admin; make someone else an admin first.`]);
      expectWorded(refused, 'user.lastAdmin', { name });
      expect((await solo.sql.query(`SELECT roles FROM users WHERE id = $1`, [only.id])).rows[0].roles).toEqual(['ADMIN']);
    } finally {
      await solo.close();
    }
  });

  it('finds people by name or e-mail, role and status', async () => {
    const stamp = Date.now();
    const findable = await createUser(t, ['REVIEWER']);
    await t.sql.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [findable.id, `Findable ${stamp}`]);
    const disabled = await createUser(t, ['REVIEWER']);
    await t.gql(`mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id } }`, { id: disabled.id }, admin);
    const ids = async (filter: Record<string, unknown>) =>
      (await t.gql(`query($f: UserFilterInput) { users(first: 100, filter: $f) { totalCount edges { node { id } } } }`, { f: filter }, admin)).data!['users'].edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids({ search: `findable ${stamp}` })).toEqual([findable.id]);
    expect(await ids({ search: findable.email.slice(0, 12) })).toContain(findable.id);
    // % and _ are letters in a search, not wildcards.
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ role: 'REVIEWER', status: 'DISABLED' })).toEqual([disabled.id]);
    expect(await ids({ role: 'ADMIN' })).not.toContain(findable.id);
    // The person sees their own status.
    expect((await t.gql(`{ me { status } }`, {}, findable)).data!['me'].status).toBe('ACTIVE');
  });
});
