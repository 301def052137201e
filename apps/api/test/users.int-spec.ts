import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type GqlResult, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createTemplate, createUser, submitWithPreviews, type TestUser } from './factories/factories.js';

const USERS = `query($first: Int, $after: String) { users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email displayName roles createdAt } } } }`;

interface UserNode {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
}

describe('users (admin list of accounts)', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    await createUser(t, ['REVIEWER']);
  });
  afterAll(() => t?.close());

  async function listAll(first: number): Promise<{ pages: number; nodes: UserNode[]; totalCount: number }> {
    const nodes: UserNode[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount = 0;
    for (;;) {
      const res: GqlResult = await t.gql(USERS, { first, after }, admin);
      expect(res.errors).toBeUndefined();
      const page: { totalCount: number; edges: Array<{ node: UserNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = res.data!['users'];
      pages++;
      totalCount = page.totalCount;
      nodes.push(...page.edges.map((e: { node: UserNode }) => e.node));
      if (!page.pageInfo.hasNextPage) return { pages, nodes, totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  it('lists every account newest first, with its roles and no secrets', async () => {
    const { rows } = await t.sql.query(`SELECT id FROM users ORDER BY created_at DESC, id DESC`);
    const { nodes, totalCount } = await listAll(100);
    expect(totalCount).toBe(rows.length);
    expect(nodes.map((n) => n.id)).toEqual(rows.map((r: { id: string }) => r.id));
    expect(nodes.find((n) => n.id === designer.id)).toEqual({ id: designer.id, email: designer.email, displayName: designer.email.split('@')[0], roles: ['DESIGNER'], createdAt: expect.any(String) });
    const times = nodes.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('shows a user created through createUser first', async () => {
    const res = await t.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email: 'Newest.Person@Test.local', displayName: 'Newest Person', password: 'a long enough secret', roles: ['REVIEWER', 'DESIGNER'] } }, admin);
    expect(res.errors).toBeUndefined();
    const first = await t.gql(USERS, { first: 1 }, admin);
    expect(first.data!['users'].edges[0].node).toMatchObject({ id: res.data!['createUser'].id, email: 'newest.person@test.local', displayName: 'Newest Person', roles: ['REVIEWER', 'DESIGNER'] });
    expect(first.data!['users'].pageInfo.hasNextPage).toBe(true);
  });

  it('pages through with cursors, visiting each account once', async () => {
    const whole = await listAll(100);
    const paged = await listAll(2);
    expect(paged.pages).toBe(Math.ceil(whole.nodes.length / 2));
    expect(paged.nodes.map((n) => n.id)).toEqual(whole.nodes.map((n) => n.id));
  });

  it('refuses designers and anonymous callers', async () => {
    expect((await t.gql(USERS, {}, designer)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(USERS, {})).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("remembers each person's studio language for every browser, refusing one the studio does not speak", async () => {
    const SET = `mutation($locale: String!) { setMyLocale(locale: $locale) { id locale } }`;
    expect((await t.gql(`{ me { locale } }`, {}, designer)).data!['me'].locale).toBeNull();
    expect((await t.gql(SET, { locale: 'zh-CN' }, designer)).data!['setMyLocale']).toEqual({ id: designer.id, locale: 'zh-CN' });
    expect((await t.gql(`{ me { locale } }`, {}, designer)).data!['me'].locale).toBe('zh-CN');
    // Only the caller's own account changes.
    expect((await t.gql(`{ me { locale } }`, {}, admin)).data!['me'].locale).toBeNull();
    // Others who can see the person (a reviewer, through a submitted version's author) do not see it; an admin does.
    const reviewer = await createUser(t, ['REVIEWER']);
    await createPreviewSubject(t, admin, 'Mei');
    const template = await createTemplate(t, designer);
    expect((await submitWithPreviews(t, designer, template.draft.id)).errors).toBeUndefined();
    const authorLocale = async (viewer: TestUser) => (await t.gql(`query($id: ID!) { templateVersion(id: $id) { author { id locale } } }`, { id: template.draft.id }, viewer)).data!['templateVersion'].author;
    expect(await authorLocale(reviewer)).toEqual({ id: designer.id, locale: null });
    expect(await authorLocale(admin)).toEqual({ id: designer.id, locale: 'zh-CN' });
    expect(await authorLocale(designer)).toEqual({ id: designer.id, locale: 'zh-CN' });
    // Signing in answers with the person's own language, so the studio can switch to it at once.
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id locale } } }`, { e: designer.email, p: 'correct horse battery' });
    expect(login.data!['login'].user).toEqual({ id: designer.id, locale: 'zh-CN' });

    const bad = await t.gql(SET, { locale: 'fr' }, designer);
    expect(bad.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toBe("Choose one of the studio's languages: en, zh-CN.");
    expectWorded(bad, 'user.localeUnknown', { locales: 'en, zh-CN' });
    expect((await t.sql.query(`SELECT locale FROM users WHERE id = $1`, [designer.id])).rows[0].locale).toBe('zh-CN');
    expect((await t.gql(SET, { locale: 'en' })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("shows a person's e-mail address to themselves and admins only, never to a reviewer who sees their work", async () => {
    const author = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    await createPreviewSubject(t, admin, 'Jun');
    const template = await createTemplate(t, author);
    expect((await submitWithPreviews(t, author, template.draft.id)).errors).toBeUndefined();
    const authorSeenBy = async (viewer: TestUser) => (await t.gql(`query($id: ID!) { templateVersion(id: $id) { author { id email displayName } } }`, { id: template.draft.id }, viewer)).data!['templateVersion'].author;
    expect(await authorSeenBy(reviewer)).toMatchObject({ id: author.id, email: null });
    expect((await authorSeenBy(reviewer)).displayName).toBeTruthy();
    expect(await authorSeenBy(admin)).toMatchObject({ id: author.id, email: author.email });
    expect(await authorSeenBy(author)).toMatchObject({ id: author.id, email: author.email });
    expect((await t.gql(`{ me { email } }`, {}, author)).data!['me'].email).toBe(author.email);
    const login = await t.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { email } } }`, { e: author.email, p: 'correct horse battery' });
    expect(login.data!['login'].user.email).toBe(author.email);
  });

  it('tells admins and the person whether an account is disabled, and nobody else', async () => {
    const author = await createUser(t, ['DESIGNER']);
    const reviewer = await createUser(t, ['REVIEWER']);
    await createPreviewSubject(t, admin, 'Lan');
    const template = await createTemplate(t, author);
    expect((await submitWithPreviews(t, author, template.draft.id)).errors).toBeUndefined();
    const LIST_DISABLED = `{ users(first: 100) { edges { node { id disabled } } } }`;
    const disabledOf = async (id: string) => (await t.gql(LIST_DISABLED, {}, admin)).data!['users'].edges.find((e: { node: { id: string } }) => e.node.id === id).node.disabled;
    expect(await disabledOf(author.id)).toBe(false);
    expect((await t.gql(`{ me { disabled } }`, {}, author)).data!['me'].disabled).toBe(false);
    const authorSeenBy = async (viewer: TestUser) => (await t.gql(`query($id: ID!) { templateVersion(id: $id) { author { id disabled } } }`, { id: template.draft.id }, viewer)).data!['templateVersion'].author;
    expect(await authorSeenBy(reviewer)).toEqual({ id: author.id, disabled: null });
    expect(await authorSeenBy(admin)).toEqual({ id: author.id, disabled: false });

    const disabled = await t.gql(`mutation($id: ID!) { setUserDisabled(userId: $id, disabled: true) { id disabled } }`, { id: author.id }, admin);
    expect(disabled.data!['setUserDisabled']).toEqual({ id: author.id, disabled: true });
    expect(await disabledOf(author.id)).toBe(true);
    expect(await authorSeenBy(admin)).toEqual({ id: author.id, disabled: true });
    expect(await authorSeenBy(reviewer)).toEqual({ id: author.id, disabled: null });
    const enabled = await t.gql(`mutation($id: ID!) { setUserDisabled(userId: $id, disabled: false) { id disabled } }`, { id: author.id }, admin);
    expect(enabled.data!['setUserDisabled']).toEqual({ id: author.id, disabled: false });
  });
});
