import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { splitRefund, splitUsage, type RevenueSplitTerms } from '@atelier/revenue-share';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createPreviewSubject, createUser, publishTemplate, type TestUser } from './factories/factories.js';

// Property test end to end: for random agreements (1-4 co-authors, any share), random uses and
// random partial refunds sent through GraphQL, the journal in PostgreSQL holds only balanced
// transactions, each designer's payable is exactly what the split rule says, and the platform,
// the designers and the apps together account for every minor unit of what was paid and refunded.
describe('revenue ledger, random agreements, uses and refunds', () => {
  let t: TestApp;
  let admin: TestUser;
  let reviewer: TestUser;
  let owner: TestUser;
  let designers: TestUser[];
  let subjectIds: string[];
  let appKey: string;
  let round = 0;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    reviewer = await createUser(t, ['REVIEWER']);
    owner = await createUser(t, ['DESIGNER']);
    designers = [owner, await createUser(t, ['DESIGNER']), await createUser(t, ['DESIGNER']), await createUser(t, ['DESIGNER'])];
    subjectIds = [(await createPreviewSubject(t, admin)).id];
    appKey = (await t.gql(`mutation { createApiKey(input: { name: "prop", scopes: [USAGE_WRITE], consumerApp: "Property app" }) { key } }`, {}, admin)).data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  const owedTo = async (designerId: string): Promise<number> =>
    -Number((await t.sql.query(`SELECT coalesce(sum(b.balance), 0) AS s FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id WHERE a.kind = 'DESIGNER_PAYABLE' AND a.owner_id = $1`, [designerId])).rows[0].s);

  it('balances every transaction and pays designers exactly the split rule', async () => {
    const termsArb = fc
      .record({
        designerShareBps: fc.integer({ min: 0, max: 10000 }),
        weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
      })
      .map(({ designerShareBps, weights }) => {
        // Whole basis points adding up to 10000; every part is at least 10000 / 400 = 25.
        const total = weights.reduce((a, b) => a + b, 0);
        const parts = weights.map((w) => Math.floor((w * 10000) / total));
        parts[0]! += 10000 - parts.reduce((a, b) => a + b, 0);
        return { designerShareBps, parts };
      });
    const caseArb = fc.record({
      terms: termsArb,
      uses: fc.array(fc.record({ gross: fc.integer({ min: 1, max: 500_000 }), refunds: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
    });

    await fc.assert(
      fc.asyncProperty(caseArb, async ({ terms: { designerShareBps, parts }, uses }) => {
        round++;
        const template = await publishTemplate(t, { designer: owner, reviewer, subjectIds }, { title: `Prop ${round}` });
        const coAuthors = parts.map((shareBps, i) => ({ designerId: designers[i]!.id, shareBps }));
        const terms: RevenueSplitTerms = { designerShareBps, coAuthors };
        const set = await t.gql(`mutation($input: RevenueAgreementInput!) { setRevenueAgreement(input: $input) { id } }`, { input: { templateId: template.templateId, designerShareBps, coAuthors, effectiveFrom: new Date().toISOString() } }, admin);
        expect(set.errors).toBeUndefined();
        const before = await Promise.all(designers.map((d) => owedTo(d.id)));
        const expected = designers.map(() => 0);
        const at = new Date(Date.now() + 1000).toISOString();
        const events = uses.map((u, i) => ({ eventId: `prop-${round}-${i}`, templateVersionId: template.versionId, occurredAt: at, grossAmount: u.gross, currency: 'CNY' }));
        const recorded = await t.gql(`mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`, { e: events }, { apiKey: appKey });
        expect(recorded.data!['recordUsage'].accepted).toBe(uses.length);
        for (const [i, u] of uses.entries()) {
          for (const d of splitUsage(u.gross, terms).designers) expected[designers.findIndex((x) => x.id === d.designerId)]! += d.amount;
          // Refunds as percentages of the gross, never beyond it.
          let refunded = 0;
          for (const [k, pct] of u.refunds.entries()) {
            const amount = Math.min(u.gross - refunded, Math.max(1, Math.floor((u.gross * pct) / 100)));
            if (amount <= 0) break;
            const res = await t.gql(`mutation($input: RefundInput!) { recordRefund(input: $input) { status remainingMinor } }`, { input: { eventId: `prop-${round}-${i}`, refundId: `prop-${round}-${i}-${k}`, amount } }, { apiKey: appKey });
            expect(res.data!['recordRefund'].status).toBe('ACCEPTED');
            for (const d of splitRefund(u.gross, refunded, amount, terms).designers) expected[designers.findIndex((x) => x.id === d.designerId)]! -= d.amount;
            refunded += amount;
          }
        }
        const after = await Promise.all(designers.map((d) => owedTo(d.id)));
        expect(after.map((a, i) => a - before[i]!)).toEqual(expected);
      }),
      { numRuns: 12, seed: 20261125 },
    );

    // Every transaction sums to zero; the materialised balances equal the entries; and what the app
    // owes equals what the platform and the designers received, to the minor unit.
    expect((await t.sql.query(`SELECT transaction_id FROM ledger_entries GROUP BY transaction_id, currency HAVING sum(amount) <> 0 OR count(*) < 2`)).rows).toEqual([]);
    const totals = (await t.sql.query(`SELECT a.kind, sum(e.amount)::bigint AS s FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id GROUP BY a.kind`)).rows;
    const byKind = Object.fromEntries(totals.map((r) => [r.kind, Number(r.s)]));
    expect(byKind['APP_RECEIVABLE']).toBe(-(byKind['PLATFORM_REVENUE'] ?? 0) - (byKind['DESIGNER_PAYABLE'] ?? 0));
    const paid = Number((await t.sql.query(`SELECT sum(gross_minor - refunded_minor)::bigint AS s FROM usage_events`)).rows[0].s);
    expect(byKind['APP_RECEIVABLE']).toBe(paid);
    const stripes = (await t.sql.query(`SELECT a.id FROM ledger_accounts a WHERE coalesce((SELECT sum(balance) FROM ledger_balances b WHERE b.account_id = a.id), 0) <> coalesce((SELECT sum(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0)`)).rows;
    expect(stripes).toEqual([]);
  });
});
