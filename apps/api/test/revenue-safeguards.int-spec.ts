import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PinnedClock } from '../src/common/clock.js';
import { randomBytes } from 'node:crypto';
import { expectWorded } from './setup/expect-worded.js';
import { startAnotherInstance, startTestApp, type TestApp } from './setup/test-app.js';
import { backdatePublication, createPreviewSubject, createUser, publishTemplate, type TestUser } from './factories/factories.js';

const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted rejected results { eventId status code message } } }`;
const STATEMENT = `query($d: ID!, $m: String!) { statement(designerId: $d, month: $m) { id closingMinor outstandingMinor } }`;
const PAY = `mutation($id: ID!, $ref: String!) { markStatementPaid(statementId: $id, reference: $ref) { payoutMinor outstandingMinor } }`;

// Payouts and refunds where two admins, or two API processes, act at once.
describe('revenue safeguards', () => {
  // October and November 2026 are both closed (China time) whatever today is.
  const clock = new PinnedClock(new Date('2026-12-10T12:00:00+08:00'));
  let t: TestApp;
  // A second API process on the same database, as behind a load balancer.
  let other: TestApp;
  let admin: TestUser;
  let secondAdmin: TestUser;
  let reviewer: TestUser;
  let appKey: string;
  // The one consenting face every template here is previewed and reviewed on.
  let subjectIds: string[];

  const payable = async (designerId: string) => {
    const rows = (await t.sql.query(`SELECT -coalesce(sum(e.amount), 0)::bigint AS owed FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1`, [designerId])).rows;
    return Number(rows[0].owed);
  };

  // A designer with one published template, used in October and in November.
  async function designerWithTwoMonths(tag: string): Promise<{ designer: TestUser; october: string; november: string; owed: number }> {
    const designer = await createUser(t, ['DESIGNER']);
    const published = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: `Payout race ${tag}` });
    await backdatePublication(t, published.versionId, '2026-10-01T00:00:00+08:00');
    const event = (eventId: string, occurredAt: string) => ({ eventId: `${tag}-${eventId}`, templateVersionId: published.versionId, occurredAt, grossAmount: 1000, currency: 'CNY' });
    const recorded = await t.gql(RECORD, { events: [event('oct-1', '2026-10-05T10:00:00+08:00'), event('oct-2', '2026-10-06T10:00:00+08:00'), event('nov-1', '2026-11-05T10:00:00+08:00')] }, { apiKey: appKey });
    expect(recorded.data!['recordUsage']).toMatchObject({ accepted: 3, rejected: 0 });
    const statement = async (month: string) => (await t.gql(STATEMENT, { d: designer.id, m: month }, admin)).data!['statement'];
    const [october, november] = [await statement('2026-10'), await statement('2026-11')];
    const owed = await payable(designer.id);
    // November's closing balance includes October's: paid one after the other, October pays its
    // closing and November only the rest.
    expect(november.closingMinor).toBe(owed);
    expect(october.outstandingMinor).toBeGreaterThan(0);
    expect(november.outstandingMinor).toBe(owed);
    return { designer, october: october.id, november: november.id, owed };
  }

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: randomBytes(32).toString('hex') }, { clock });
    other = await startAnotherInstance(t, { clock });
    admin = await createUser(t, ['ADMIN']);
    secondAdmin = await createUser(t, ['ADMIN']);
    reviewer = await createUser(t, ['REVIEWER']);
    subjectIds = [(await createPreviewSubject(t, admin)).id];
    const key = await t.gql(`mutation { createApiKey(input: { name: "payout-race", scopes: [USAGE_WRITE], consumerApp: "Miaoya Camera" }) { key } }`, {}, admin);
    appKey = key.data!['createApiKey'].key;
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('pays exactly what is owed when two closed months of one designer are paid at the same time', async () => {
    // Several rounds, so the two payouts really overlap in at least some of them.
    for (let round = 0; round < 4; round++) {
      const { designer, october, november, owed } = await designerWithTwoMonths(`r${round}`);
      const results = await Promise.all([
        t.gql(PAY, { id: october, ref: `OCT-${round}` }, admin),
        t.gql(PAY, { id: november, ref: `NOV-${round}` }, secondAdmin),
      ]);
      const paid = results.map((r) => r.data?.['markStatementPaid']?.payoutMinor ?? 0) as number[];
      // Whichever ran second pays what the first left (or finds nothing left to pay).
      for (const r of results) if (r.errors) expect(r.errors[0]!.extensions['code']).toBe('NOTHING_TO_PAY');
      expect(paid[0]! + paid[1]!).toBe(owed);
      expect(await payable(designer.id)).toBe(0);
      const { rows } = await t.sql.query(`SELECT coalesce(sum(payout_minor), 0)::bigint AS total FROM designer_statements WHERE designer_id = $1`, [designer.id]);
      expect(Number(rows[0].total)).toBe(owed);
    }
  });

  it('writes typed titles and payout references into the CSV as text, never as spreadsheet formulas', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const published = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: '=HYPERLINK("http://evil.example","Golden")' });
    await backdatePublication(t, published.versionId, '2026-10-01T00:00:00+08:00');
    await t.gql(RECORD, { events: [{ eventId: 'csv-1', templateVersionId: published.versionId, occurredAt: '2026-10-05T10:00:00+08:00', grossAmount: 1000, currency: 'CNY' }] }, { apiKey: appKey });
    const october = (await t.gql(STATEMENT, { d: designer.id, m: '2026-10' }, admin)).data!['statement'];
    expect((await t.gql(PAY, { id: october.id, ref: '+SUM(1,2)' }, admin)).errors).toBeUndefined();
    const csv: string = (await t.gql(`query($d: ID!) { statement(designerId: $d, month: "2026-10") { csv } }`, { d: designer.id }, admin)).data!['statement'].csv;
    const lines = csv.split('\r\n');
    expect(lines[2]!.startsWith(`"'=HYPERLINK(""http://evil.example"",""Golden"")",${published.templateId},`)).toBe(true);
    expect(lines.find((l) => l.startsWith('paid,'))).toContain(`,reference,"'+SUM(1,2)",amount,`);
  });

  it('refunds usage recorded under an agreement that another API process set after this one cached the template', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const published = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Two processes' });
    await backdatePublication(t, published.versionId, '2026-10-01T00:00:00+08:00');
    const use = (eventId: string, occurredAt: string) => ({ eventId, templateVersionId: published.versionId, occurredAt, grossAmount: 1000, currency: 'CNY' });
    // This process caches the template's agreements (just the default) while recording a use.
    expect((await t.gql(RECORD, { events: [use('two-1', '2026-10-05T10:00:00+08:00')] }, { apiKey: appKey })).data!['recordUsage'].accepted).toBe(1);
    // The other process sets new terms and records a use under them.
    const agree = `mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id } }`;
    const set = await other.gql(agree, { input: { templateId: published.templateId, designerShareBps: 5000, coAuthors: [{ designerId: designer.id, shareBps: 10000 }], effectiveFrom: clock.now().toISOString() } }, admin);
    expect(set.errors).toBeUndefined();
    expect((await other.gql(RECORD, { events: [use('two-2', new Date(clock.now().getTime() + 1000).toISOString())] }, { apiKey: appKey })).data!['recordUsage'].accepted).toBe(1);
    // This process refunds it: it must find the agreement it has not cached.
    const REFUND = `mutation($input: RefundInput!) { recordRefund(input: $input) { status amountMinor } }`;
    const refund = await t.gql(REFUND, { input: { refundId: 'two-r1', eventId: 'two-2', amount: 400 } }, { apiKey: appKey });
    expect(refund.errors).toBeUndefined();
    expect(refund.data!['recordRefund']).toMatchObject({ status: 'ACCEPTED', amountMinor: 400 });
    // The refund took back the designer's half-share part of 400 (the new terms), not the default's.
    const { rows } = await t.sql.query(
      `SELECT -sum(e.amount)::bigint AS owed FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1 AND e.kind = 'REFUND'`,
      [designer.id],
    );
    expect(Number(rows[0].owed)).toBe(-200);
  });

  it('refuses usage dated before the version was published, inside a paid month, or in a currency the platform does not take, each with its own code', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const published = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Back-dating' });
    await backdatePublication(t, published.versionId, '2026-10-01T00:00:00+08:00');
    const use = (eventId: string, occurredAt: string, currency = 'CNY') => ({ eventId, templateVersionId: published.versionId, occurredAt, grossAmount: 1000, currency });
    const first = (await t.gql(RECORD, { events: [use('bd-1', '2026-09-30T23:00:00+08:00'), use('bd-2', '2026-10-02T10:00:00+08:00'), use('bd-3', '2026-10-03T10:00:00+08:00', 'USD')] }, { apiKey: appKey })).data!['recordUsage'];
    expect(first.results.map((r: { status: string; code: string | null }) => [r.status, r.code])).toEqual([
      ['REJECTED', 'BEFORE_PUBLICATION'],
      ['ACCEPTED', null],
      ['REJECTED', 'CURRENCY_NOT_ACCEPTED'],
    ]);
    expect(first.results[2].message).toBe('Usage is accepted in CNY only, not USD.');

    // October is paid out: a use dated in October now would change money already paid.
    const october = (await t.gql(STATEMENT, { d: designer.id, m: '2026-10' }, admin)).data!['statement'];
    expect((await t.gql(PAY, { id: october.id, ref: 'BD-OCT' }, admin)).errors).toBeUndefined();
    const owedAfterPayout = await payable(designer.id);
    // A retry of a use recorded before the payout is still answered DUPLICATE (retries stay safe).
    const lateRes = await t.gql(RECORD, { events: [use('bd-4', '2026-10-20T10:00:00+08:00'), use('bd-5', '2026-11-20T10:00:00+08:00'), use('bd-2', '2026-10-02T10:00:00+08:00')] }, { apiKey: appKey });
    expect(lateRes.errors).toBeUndefined();
    const late = lateRes.data!['recordUsage'];
    expect(late.results.map((r: { status: string; code: string | null }) => [r.status, r.code])).toEqual([
      ['REJECTED', 'MONTH_ALREADY_PAID'],
      ['ACCEPTED', null],
      ['DUPLICATE', null],
    ]);
    expect(late.results[0].message).toContain('2026-10');
    // Only November's use reached the ledger: the designer's 30 % of it.
    expect(await payable(designer.id)).toBe(owedAfterPayout + 300);
    const { rows } = await t.sql.query(`SELECT event_id FROM usage_events WHERE event_id LIKE 'bd-%' ORDER BY 1`);
    expect(rows.map((r) => r.event_id)).toEqual(['bd-2', 'bd-5']);
  });

  it('keeps statements to the platform currencies and to months that have begun, creating no rows for others', async () => {
    const designer = await createUser(t, ['DESIGNER']);
    const ask = (m: string, currency?: string) =>
      t.gql(`query($d: ID!, $m: String!, $c: String) { statement(designerId: $d, month: $m, currency: $c) { id month } }`, { d: designer.id, m, c: currency ?? null }, designer);
    const refused = [await ask('2027-01'), await ask('2099-12'), await ask('2016-11'), await ask('2026-11', 'USD'), await ask('2026-11', 'XXX')];
    for (const r of refused) expect(r.errors![0]!.extensions['code']).toBe('BAD_USER_INPUT');
    expect(refused[0]!.errors![0]!.message).toBe('2027-01 has not begun yet: statements run up to 2026-12.');
    expect(refused[2]!.errors![0]!.message).toBe('Statements go back 120 months, to 2016-12.');
    expect(refused[3]!.errors![0]!.message).toBe('Statements are kept in CNY only.');
    expectWorded(refused[0]!, 'statement.monthNotBegun', { month: '2027-01', current: '2026-12' });
    expectWorded(refused[2]!, 'statement.monthTooOld', { months: 120, earliest: '2016-12' });
    expectWorded(refused[3]!, 'statement.currencyNotKept', { currencies: 'CNY' });
    // The running month and one ten years back are fine.
    expect((await ask('2026-12')).data!['statement'].month).toBe('2026-12');
    expect((await ask('2016-12')).data!['statement'].month).toBe('2016-12');
    const { rows } = await t.sql.query(`SELECT to_char(month, 'YYYY-MM') AS month, currency FROM designer_statements WHERE designer_id = $1 ORDER BY 1`, [designer.id]);
    expect(rows).toEqual([{ month: '2016-12', currency: 'CNY' }, { month: '2026-12', currency: 'CNY' }]);
  });
});
