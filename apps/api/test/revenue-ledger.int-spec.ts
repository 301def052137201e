import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { splitUsage } from '@atelier/revenue-share';
import { PinnedClock } from '../src/common/clock.js';
import { expectWorded } from './setup/expect-worded.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { backdatePublication, createPreviewSubject, createUser, publishTemplate, type TestUser } from './factories/factories.js';

const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates conflicts rejected results { eventId status message } } }`;
const REFUND = `mutation($input: RefundInput!) { recordRefund(input: $input) { refundId eventId status message amountMinor refundedMinor remainingMinor currency } }`;
const STATEMENT = `query($d: ID!, $m: String!) { statement(designerId: $d, month: $m) { id designerId month currency grossMinor shareMinor refundsMinor netMinor openingMinor payoutsMinor closingMinor outstandingMinor paidAt payoutReference payoutMinor csv
  lines { templateId templateTitle versionId versionNumber uses grossMinor shareMinor refundsMinor netMinor } } }`;
const AGREE = `mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id templateId designerShareBps coAuthors { designerId shareBps } effectiveFrom } }`;

// Usage and refunds from consumer apps into the double-entry ledger, statements and payouts:
// real PostgreSQL (the ledger's rules are enforced there), over GraphQL with real API keys.
describe('revenue-share ledger', () => {
  let t: TestApp;
  let admin: TestUser;
  let designer: TestUser;
  let coAuthor: TestUser;
  let stranger: TestUser;
  let reviewer: TestUser;
  let appKey: string;
  let appKey2: string;
  let published: { templateId: string; versionId: string };
  let draftVersionId: string;

  // November 2026 is the month still running (China time) whatever today is: the API reads the
  // time from this clock, and the test's own "now" comes from it too.
  const clock = new PinnedClock(new Date('2026-11-25T12:00:00+08:00'));
  const event = (eventId: string, over: Record<string, unknown> = {}) => ({ eventId, templateVersionId: published.versionId, occurredAt: '2026-10-15T10:00:00+08:00', grossAmount: 990, currency: 'CNY', ...over });
  const record = async (events: unknown[], key = appKey) => {
    const res = await t.gql(RECORD, { events }, { apiKey: key });
    expect(res.errors).toBeUndefined();
    return res.data!['recordUsage'];
  };
  const payable = async (designerId: string) => {
    const rows = (await t.sql.query(`SELECT -coalesce(sum(e.amount), 0)::bigint AS owed FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1`, [designerId])).rows;
    return Number(rows[0].owed);
  };

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    admin = await createUser(t, ['ADMIN']);
    designer = await createUser(t, ['DESIGNER']);
    coAuthor = await createUser(t, ['DESIGNER']);
    stranger = await createUser(t, ['DESIGNER']);
    reviewer = await createUser(t, ['REVIEWER']);
    const subjectIds = [(await createPreviewSubject(t, admin)).id];
    published = await publishTemplate(t, { designer, reviewer, subjectIds }, { title: 'Golden hour' });
    await backdatePublication(t, published.versionId, '2026-10-01T00:00:00+08:00');
    const draft = await t.gql(`mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { draft { id } } }`, { input: { title: 'Unpublished', baseModel: 'SDXL' } }, designer);
    draftVersionId = draft.data?.['createTemplate']?.draft?.id;
    const key = async (name: string) => (await t.gql(`mutation($n: String!) { createApiKey(input: { name: $n, scopes: [USAGE_WRITE], consumerApp: "Miaoya Camera" }) { key apiKey { consumerAppId } } }`, { n: name }, admin)).data!['createApiKey'];
    const k1 = await key('miaoya-usage-1');
    const k2 = await key('miaoya-usage-2 (rotated)');
    expect(k1.apiKey.consumerAppId).toBe(k2.apiKey.consumerAppId);
    appKey = k1.key;
    appKey2 = k2.key;
  });
  afterAll(() => t?.close());

  it('records usage once per app and event, answers each item in input order, and refuses what it must', async () => {
    const first = await record([event('ord-1'), event('ord-2', { grossAmount: 1 }), event('ord-3', { orderRef: 'A-77f3' })]);
    expect(first).toMatchObject({ accepted: 3, duplicates: 0, conflicts: 0, rejected: 0 });

    const again = await record([
      event('ord-1'), // the same again, from the same app
      event('ord-2', { grossAmount: 2 }), // same id, other content
      event('ord-4', { templateVersionId: draftVersionId }),
      event('ord-5', { templateVersionId: '00000000-0000-4000-8000-000000000000' }),
      event('ord-6', { occurredAt: 'yesterday' }),
      event('ord-7', { orderRef: 'mei.chen@example.com' }),
      event('ord-8', { grossAmount: 0 }),
      event('ord-9', { currency: 'yuan' }),
      event('ord-10'),
      event('ord-10'), // twice in one batch
    ]);
    expect(again.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'CONFLICT', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', 'ACCEPTED', 'DUPLICATE']);
    expect(again.results.map((r: { eventId: string }) => r.eventId)).toEqual(['ord-1', 'ord-2', 'ord-4', 'ord-5', 'ord-6', 'ord-7', 'ord-8', 'ord-9', 'ord-10', 'ord-10']);
    expect(again.results[1].message).toMatch(/different grossAmount; the first record stands/);
    expect(again.results[2].message).toMatch(/is draft: only published \(or superseded\) versions can be used/);
    expect(again.results[5].message).toMatch(/must not carry personal data/);
    // A rotated key of the same app sees the same events.
    expect((await record([event('ord-1')], appKey2)).duplicates).toBe(1);

    const stored = (await t.sql.query(`SELECT event_id, gross_minor FROM usage_events ORDER BY event_id`)).rows;
    expect(stored.map((r) => [r.event_id, Number(r.gross_minor)])).toEqual([['ord-1', 990], ['ord-10', 990], ['ord-2', 1], ['ord-3', 990]]);
    // Default terms: 30 % to the owner, by the largest-remainder rule.
    const share = splitUsage(990, { designerShareBps: 3000, coAuthors: [{ designerId: designer.id, shareBps: 10000 }] }).designers[0]!.amount;
    expect(share).toBe(297);
    // Three events of 990 and one of 1 fen (30 % of 1 rounds to 0 for the designer).
    expect(await payable(designer.id)).toBe(3 * share);
  });

  it('keeps every journal transaction balanced, and the database refuses to change or unbalance one', async () => {
    const unbalanced = (await t.sql.query(`SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount) <> 0 OR count(*) < 2`)).rows;
    expect(unbalanced).toEqual([]);
    const balances = (await t.sql.query(`SELECT a.id, coalesce((SELECT sum(balance) FROM ledger_balances b WHERE b.account_id = a.id), 0) AS kept, coalesce((SELECT sum(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0) AS summed FROM ledger_accounts a`)).rows;
    expect(balances.length).toBeGreaterThan(2);
    expect(balances.filter((b) => b.kept !== b.summed)).toEqual([]);
    await expect(t.sql.query(`UPDATE ledger_entries SET amount = amount + 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM ledger_transactions`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`UPDATE ledger_balances SET balance = 0`)).rejects.toThrow(/kept by the ledger itself/);
    await expect(t.sql.query(`UPDATE usage_events SET gross_minor = 1`)).rejects.toThrow(/recorded for good/);
    const account = (await t.sql.query(`SELECT id FROM ledger_accounts WHERE kind = 'PLATFORM_REVENUE'`)).rows[0].id;
    const tx = '11111111-1111-4111-8111-111111111111';
    await t.sql.query(`INSERT INTO ledger_transactions (id, kind, reference, occurred_at) VALUES ($1, 'PAYOUT', 'x', now())`, [tx]);
    await expect(t.sql.query(`INSERT INTO ledger_entries (transaction_id, account_id, account_kind, kind, amount, currency, occurred_at) VALUES ($1, $2, 'PLATFORM_REVENUE', 'PAYOUT', 5, 'CNY', now())`, [tx, account])).rejects.toThrow(/does not balance/);
  });

  it('refunds partially and fully, once per refund id, never beyond what remains', async () => {
    const r1 = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-1', amount: 333 } }, { apiKey: appKey });
    expect(r1.data!['recordRefund']).toMatchObject({ status: 'ACCEPTED', amountMinor: 333, refundedMinor: 333, remainingMinor: 657, currency: 'CNY' });
    const again = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-1', amount: 333 } }, { apiKey: appKey2 });
    expect(again.data!['recordRefund']).toMatchObject({ status: 'DUPLICATE', refundedMinor: 333 });
    const other = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-1', amount: 10 } }, { apiKey: appKey });
    expect(other.data!['recordRefund'].status).toBe('CONFLICT');
    const tooMuch = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-2', amount: 658 } }, { apiKey: appKey });
    expect(tooMuch.errors![0]!.extensions!['code']).toBe('REFUND_EXCEEDS_REMAINING');
    expect(tooMuch.errors![0]!.extensions!['remainingMinor']).toBe(657);
    expectWorded(tooMuch, 'refund.exceedsRemaining', { remainingMinor: 657, grossMinor: 990, currency: 'CNY', amountMinor: 658 });
    const unknown = await t.gql(REFUND, { input: { eventId: 'nope', refundId: 'rf-3', amount: 1 } }, { apiKey: appKey });
    expect(unknown.errors![0]!.extensions!['code']).toBe('NOT_FOUND');
    expectWorded(unknown, 'refund.eventUnknown', { eventId: 'nope' });
    const malformed = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: ' ', amount: 0 } }, { apiKey: appKey });
    expectWorded(malformed, 'refund.refundIdLength', { min: 1, max: 200 });
    expect((malformed.errors![0]!.extensions['issues'] as Array<{ reason: string }>).map((i) => i.reason)).toEqual(['refund.refundIdLength', 'refund.amountInvalid']);
    // The rest, in two more pieces: the designer has given back exactly their share of the event.
    const before = await payable(designer.id);
    await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-4', amount: 500 } }, { apiKey: appKey });
    const last = await t.gql(REFUND, { input: { eventId: 'ord-3', refundId: 'rf-5', amount: 157 } }, { apiKey: appKey });
    expect(last.data!['recordRefund']).toMatchObject({ refundedMinor: 990, remainingMinor: 0 });
    // 297 was the event's share; the first refund (333 of 990) gave back 100 (the cumulative rule).
    expect(before - (await payable(designer.id))).toBe(297 - 100);
    const eventShare = Number((await t.sql.query(`SELECT -sum(e.amount) AS s FROM ledger_entries e JOIN ledger_transactions x ON x.id = e.transaction_id JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND (x.reference = 'usage:ord-3' OR x.reference LIKE 'refund:rf-%')`)).rows[0].s);
    expect(eventShare).toBe(0);
  });

  it('counts each event exactly once when two clients send overlapping batches at the same time, with retries', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
    const a = ids.slice(0, 400).map((id) => event(id, { grossAmount: 100 }));
    const b = ids.slice(200).map((id) => event(id, { grossAmount: 100 }));
    const results = await Promise.all([record(a), record(b, appKey2), record(a), record([...b].reverse(), appKey2)]);
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    expect(accepted).toBe(600);
    expect(results.every((r: { conflicts: number; rejected: number }) => r.conflicts === 0 && r.rejected === 0)).toBe(true);
    const counted = (await t.sql.query(`SELECT count(*)::int AS n FROM usage_events WHERE event_id LIKE 'burst-%'`)).rows[0].n;
    const postings = (await t.sql.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE reference LIKE 'usage:burst-%'`)).rows[0].n;
    expect([counted, postings]).toEqual([600, 600]);
  });

  it('applies a new agreement from its date on, split among co-authors, while old usage keeps its terms', async () => {
    const refused = await t.gql(AGREE, { input: { templateId: published.templateId, designerShareBps: 5000, coAuthors: [{ designerId: designer.id, shareBps: 6000 }, { designerId: coAuthor.id, shareBps: 3000 }], effectiveFrom: clock.now().toISOString() } }, admin);
    expect(refused.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toMatch(/add up to 100%/);
    expectWorded(refused, 'revenueTerms.sharesSum', { percent: '90%' });
    const past = await t.gql(AGREE, { input: { templateId: published.templateId, designerShareBps: 5000, coAuthors: [{ designerId: designer.id, shareBps: 10000 }], effectiveFrom: '2026-01-01T00:00:00Z' } }, admin);
    expect(past.errors![0]!.message).toMatch(/applies from now on/);
    expectWorded(past, 'agreement.effectiveFromPast');
    const byDesigner = await t.gql(AGREE, { input: { templateId: published.templateId, designerShareBps: 9000, coAuthors: [{ designerId: designer.id, shareBps: 10000 }], effectiveFrom: clock.now().toISOString() } }, designer);
    expect(byDesigner.errors![0]!.extensions!['code']).toBe('FORBIDDEN');

    const from = clock.now();
    const set = await t.gql(AGREE, { input: { templateId: published.templateId, designerShareBps: 5000, coAuthors: [{ designerId: designer.id, shareBps: 6000 }, { designerId: coAuthor.id, shareBps: 4000 }], effectiveFrom: from.toISOString() } }, admin);
    expect(set.errors).toBeUndefined();
    const list = `query($id: ID!) { revenueAgreements(templateId: $id) { designerShareBps effectiveFrom coAuthors { designerId shareBps } } }`;
    const seen = await t.gql(list, { id: published.templateId }, coAuthor);
    expect(seen.data!['revenueAgreements'].map((a: { designerShareBps: number }) => a.designerShareBps)).toEqual([3000, 5000]);
    // Co-authors see who shares the terms with them, by display name (never by e-mail).
    const names = await t.gql(`query($id: ID!) { revenueAgreements(templateId: $id) { coAuthors { designerId displayName } } }`, { id: published.templateId }, coAuthor);
    const displayNames = (await t.sql.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [[designer.id, coAuthor.id]])).rows;
    const nameOf = (id: string) => displayNames.find((r) => r.id === id)!.display_name;
    expect(names.data!['revenueAgreements'][1].coAuthors).toEqual([{ designerId: designer.id, displayName: nameOf(designer.id) }, { designerId: coAuthor.id, displayName: nameOf(coAuthor.id) }]);
    expect((await t.gql(list, { id: published.templateId }, stranger)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');

    const designerBefore = await payable(designer.id);
    const coAuthorBefore = await payable(coAuthor.id);
    await record([event('new-terms', { occurredAt: new Date(from.getTime() + 1000).toISOString(), grossAmount: 1001 }), event('late-old', { occurredAt: '2026-10-20T12:00:00+08:00', grossAmount: 1001 })]);
    // 1001 at 50 %: pool 500 (the odd fen to the platform), 60/40 -> 300/200; the late event of October: 30 % to the owner.
    expect((await payable(designer.id)) - designerBefore).toBe(300 + 300);
    expect((await payable(coAuthor.id)) - coAuthorBefore).toBe(200);
  });

  it('makes statements that reconcile with the ledger, downloads them as CSV, and pays a closed month once', async () => {
    const oct = (await t.gql(STATEMENT, { d: designer.id, m: '2026-10' }, designer)).data!['statement'];
    const octEntries = (await t.sql.query(
      `SELECT -sum(e.amount) FILTER (WHERE e.kind = 'USAGE') AS share, sum(e.amount) FILTER (WHERE e.kind = 'REFUND') AS refunds, sum(e.basis_minor) FILTER (WHERE e.kind = 'USAGE') AS gross, count(*) FILTER (WHERE e.kind = 'USAGE')::int AS uses
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1 AND e.occurred_at >= '2026-10-01T00:00:00+08:00' AND e.occurred_at < '2026-11-01T00:00:00+08:00'`,
      [designer.id],
    )).rows[0];
    expect(oct).toMatchObject({ month: '2026-10', currency: 'CNY', openingMinor: 0, payoutsMinor: 0, shareMinor: Number(octEntries.share), grossMinor: Number(octEntries.gross), refundsMinor: Number(octEntries.refunds ?? 0) });
    expect(oct.lines).toHaveLength(1);
    expect(oct.lines[0]).toMatchObject({ templateTitle: 'Golden hour', versionNumber: 1, uses: octEntries.uses });
    expect(oct.closingMinor).toBe(oct.shareMinor - oct.refundsMinor);
    expect(oct.outstandingMinor).toBe(oct.closingMinor);
    expect(oct.csv.split('\r\n')[2]).toBe(`Golden hour,${published.templateId},1,${octEntries.uses},${(oct.lines[0].grossMinor / 100).toFixed(2)},${(oct.lines[0].shareMinor / 100).toFixed(2)},${(oct.lines[0].refundsMinor / 100).toFixed(2)},${(oct.lines[0].netMinor / 100).toFixed(2)}`);
    expect(oct.csv.split('\r\n')[1]).toBe('template,template id,version,uses,gross,share,refunds,net');
    // Labelled in the person's studio language (or the one asked for); figures unchanged.
    await t.gql(`mutation { setMyLocale(locale: "zh-CN") { id } }`, {}, designer);
    const zh = (await t.gql(`query($d: ID!) { statement(designerId: $d, month: "2026-10") { csv } }`, { d: designer.id }, designer)).data!['statement'].csv as string;
    expect(zh.split('\r\n')[1]).toBe('模板,模板 ID,版本,使用次数,销售额,分成,退款,净额');
    expect(zh.split('\r\n')[2]).toBe(oct.csv.split('\r\n')[2]);
    const asked = (await t.gql(`query($d: ID!) { statement(designerId: $d, month: "2026-10") { csv(locale: "en") } }`, { d: designer.id }, designer)).data!['statement'].csv as string;
    expect(asked).toBe(oct.csv);
    expectWorded(await t.gql(`query($d: ID!) { statement(designerId: $d, month: "2026-10") { csv(locale: "fr") } }`, { d: designer.id }, designer), 'statement.csvLocale');
    await t.gql(`mutation { setMyLocale(locale: "en") { id } }`, {}, designer);
    // November opens where October closed, and its closing is what the ledger owes today.
    const nov = (await t.gql(STATEMENT, { d: designer.id, m: '2026-11' }, designer)).data!['statement'];
    expect(nov.openingMinor).toBe(oct.closingMinor);
    expect(nov.closingMinor).toBe(await payable(designer.id));
    expect(nov.outstandingMinor).toBe(0); // the month is still running

    expect((await t.gql(STATEMENT, { d: designer.id, m: '2026-10' }, stranger)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    expectWorded(await t.gql(STATEMENT, { d: designer.id, m: '2026-10' }, stranger), 'statement.ownOnly');
    expect((await t.gql(STATEMENT, { d: designer.id, m: 'October' }, designer)).errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expectWorded(await t.gql(STATEMENT, { d: designer.id, m: 'October' }, designer), 'statement.monthFormat');

    const PAY = `mutation($id: ID!, $ref: String!) { markStatementPaid(statementId: $id, reference: $ref) { paidAt payoutReference payoutMinor closingMinor payoutsMinor outstandingMinor } }`;
    expect((await t.gql(PAY, { id: oct.id, ref: 'BANK-1' }, designer)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const paid = (await t.gql(PAY, { id: oct.id, ref: 'BANK-1' }, admin)).data!['markStatementPaid'];
    expect(paid).toMatchObject({ payoutReference: 'BANK-1', payoutMinor: oct.closingMinor, outstandingMinor: 0 });
    // September closed at 0 before October's payout and owes nothing after it.
    const sep = (await t.gql(STATEMENT, { d: designer.id, m: '2026-09' }, admin)).data!['statement'];
    expect(sep.outstandingMinor).toBe(0);
    const nothing = await t.gql(PAY, { id: sep.id, ref: 'BANK-0' }, admin);
    expect(nothing.errors![0]!.extensions!['code']).toBe('NOTHING_TO_PAY');
    expectWorded(nothing, 'payout.nothingOwed', { month: '2026-09', closingMinor: sep.closingMinor });
    const repeated = (await t.gql(PAY, { id: oct.id, ref: 'BANK-1' }, admin)).data!['markStatementPaid'];
    expect(repeated.paidAt).toBe(paid.paidAt);
    const twice = await t.gql(PAY, { id: oct.id, ref: 'BANK-2' }, admin);
    expect(twice.errors![0]!.extensions!['code']).toBe('INVALID_STATE_TRANSITION');
    expectWorded(twice, 'payout.alreadyPaid', { reference: 'BANK-1' });
    const payouts = (await t.sql.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE kind = 'PAYOUT' AND reference LIKE 'payout:BANK-%'`)).rows[0].n;
    expect(payouts).toBe(1);
    expect(await payable(designer.id)).toBe(nov.closingMinor - oct.closingMinor);
    // The month still running cannot be paid yet.
    const running = await t.gql(PAY, { id: nov.id, ref: 'BANK-3' }, admin);
    expect(running.errors![0]!.extensions!['code']).toBe('STATEMENT_NOT_CLOSED');
    expectWorded(running, 'payout.monthNotOver', { month: '2026-11' });
    expectWorded(await t.gql(PAY, { id: nov.id, ref: ' ' }, admin), 'payout.referenceLength', { min: 1, max: 200 });

    const overview = (await t.gql(`query { revenueOverview { platformRevenueMinor paidOutMinor apps { appName uses grossMinor refundedMinor receivableMinor } designers { designerId earnedMinor paidMinor unpaidMinor } } }`, {}, admin)).data!['revenueOverview'];
    expect(overview.paidOutMinor).toBe(oct.closingMinor);
    expect(overview.apps).toEqual([expect.objectContaining({ appName: 'Miaoya Camera', refundedMinor: 990 })]);
    const me = overview.designers.find((d: { designerId: string }) => d.designerId === designer.id);
    expect(me.unpaidMinor).toBe(await payable(designer.id));
    expect(me.earnedMinor - me.paidMinor).toBe(me.unpaidMinor);

    const rows = (await t.gql(`query($d: ID!) { earnings(designerId: $d, from: "2026-10", to: "2026-11") { month templateTitle uses shareMinor netMinor } }`, { d: designer.id }, designer)).data!['earnings'];
    expect(rows.map((r: { month: string }) => r.month)).toEqual(['2026-10', '2026-11']);
    expect(rows[0].netMinor).toBe(oct.netMinor);

    const recent = (await t.gql(`query($d: ID!) { recentUsage(designerId: $d, first: 3) { kind occurredAt templateTitle appName basisMinor shareMinor } }`, { d: designer.id }, designer)).data!['recentUsage'];
    expect(recent).toHaveLength(3);
    expect(recent[0]).toMatchObject({ kind: 'USAGE', templateTitle: 'Golden hour', appName: 'Miaoya Camera', basisMinor: 1001, shareMinor: 300 });
    expect(recent.map((r: { occurredAt: string }) => r.occurredAt)).toEqual([...recent.map((r: { occurredAt: string }) => r.occurredAt)].sort().reverse());
  });
});
