import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import { makeRevenueOverview, makeStatement } from '../../../test/factories';
import { AdminRevenuePage } from './AdminRevenuePage';

function designerRow(container: HTMLElement, designerId: string): HTMLElement {
  const row = container.querySelector<HTMLElement>(`[data-testid="designer-revenue-row"][data-designer-id="${designerId}"]`);
  if (!row) throw new Error(`No row for designer ${designerId}`);
  return row;
}

describe('AdminRevenuePage', () => {
  beforeEach(() => {
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows platform revenue, payouts, and the totals per consumer app and per designer', async () => {
    const calls = stubGraphQL({ RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }) });
    const container = render(<AdminRevenuePage />);

    await waitFor(() => expect(allByTestId(container, 'app-revenue-row')).toHaveLength(1));
    expect(calls[0]!.variables).toEqual({ currency: 'CNY' });
    expect(byTestId(container, 'revenue-platform').textContent).toBe('CN¥59.50');
    expect(byTestId(container, 'revenue-paid-out').textContent).toBe('CN¥0.00');
    expect(byTestId(container, 'revenue-unpaid').textContent).toBe('CN¥25.50');
    expect(byTestId(container, 'revenue-receivable').textContent).toBe('CN¥85.00');
    expect([...byTestId(container, 'app-revenue-row').querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'Miaoya Camera',
      '8',
      'CN¥90.00',
      '-CN¥5.00',
      'CN¥85.00',
    ]);
    expect(allByTestId(container, 'designer-revenue-row').map((r) => r.querySelector('th')!.textContent)).toEqual(['Dana Designer', 'Lin Wei']);
    expect(byTestId(designerRow(container, 'designer-1'), 'designer-unpaid').textContent).toBe('CN¥25.50');
  });

  it("opens a designer's statement for last month and marks it paid with a reference", async () => {
    let paid = false;
    const calls = stubGraphQL({
      RevenueOverview: () => ({
        body: {
          data: {
            revenueOverview: paid
              ? makeRevenueOverview({
                  paidOutMinor: 1650,
                  designers: [{ designerId: 'designer-1', displayName: 'Dana Designer', earnedMinor: 2550, paidMinor: 1650, unpaidMinor: 900 }],
                })
              : makeRevenueOverview(),
          },
        },
      }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ id: 'st-oct', designerId: variables.designerId as string, month: variables.month as string }) } } }),
      MarkStatementPaid: ({ variables }) => {
        paid = true;
        return {
          body: {
            data: {
              markStatementPaid: makeStatement({ id: variables.statementId as string, designerId: 'designer-1', paidAt: '2026-11-25T04:00:00Z', payoutReference: variables.reference as string, payoutMinor: 1650 }),
            },
          },
        };
      },
    });
    const container = render(<AdminRevenuePage />);
    await waitFor(() => designerRow(container, 'designer-1'));

    click(byTestId(designerRow(container, 'designer-1'), 'open-designer-statements'));
    const panel = await waitFor(() => byTestId(container, 'designer-statement-panel'));
    await waitFor(() => expect(byTestId(panel, 'statement').dataset.month).toBe('2026-10'));
    expect(calls.find((c) => c.query.includes('query Statement'))!.variables).toEqual({ designerId: 'designer-1', month: '2026-10', currency: 'CNY' });
    expect(byTestId(panel, 'statement-status').textContent).toBe('Unpaid');

    click(byTestId(panel, 'mark-paid-submit'));
    expect(byTestId(panel, 'mark-paid-error').textContent).toContain('Enter the payout reference');
    expect(calls.some((c) => c.query.includes('mutation MarkStatementPaid'))).toBe(false);

    typeInto(byTestId(panel, 'payout-reference'), '  BANK-2026-001 ');
    click(byTestId(panel, 'mark-paid-submit'));

    await waitFor(() => expect(byTestId(panel, 'statement-status').textContent).toBe('Paid'));
    expect(calls.find((c) => c.query.includes('mutation MarkStatementPaid'))!.variables).toEqual({ statementId: 'st-oct', reference: 'BANK-2026-001' });
    expect(byTestId(panel, 'mark-paid-success').textContent).toBe('Recorded a payout of CN¥16.50 to Dana Designer (reference BANK-2026-001).');
    expect(panel.querySelector('[data-testid="mark-paid-form"]')).toBeNull();
    await waitFor(() => expect(byTestId(designerRow(container, 'designer-1'), 'designer-unpaid').textContent).toBe('CN¥9.00'));
    expect(byTestId(container, 'revenue-paid-out').textContent).toBe('CN¥16.50');
  });

  it("shows the API's refusal inline, in the admin's language", async () => {
    stubGraphQL({
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ designerId: variables.designerId as string, month: variables.month as string }) } } }),
      MarkStatementPaid: () => ({ status: 409, ...graphQLError('NOTHING_TO_PAY', 'Nothing is owed on the statement for 2026-10 (closing 1650, paid since 1650, owed now 0).') }),
    });
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <AdminRevenuePage />
      </I18nProvider>,
    );
    await waitFor(() => designerRow(container, 'designer-1'));
    click(byTestId(designerRow(container, 'designer-1'), 'open-designer-statements'));
    const panel = await waitFor(() => byTestId(container, 'designer-statement-panel'));
    await waitFor(() => byTestId(panel, 'mark-paid-form'));

    typeInto(byTestId(panel, 'payout-reference'), 'BANK-2');
    click(byTestId(panel, 'mark-paid-submit'));

    const error = await waitFor(() => byTestId(panel, 'mark-paid-error'));
    expect(error.textContent).toBe('2026年10月的对账单没有应付款项。');
    // The server's own wording stays available to the admin.
    expect(error.title).toContain('Nothing is owed');
    expect(byTestId(panel, 'payout-reference').getAttribute('aria-invalid')).toBe('true');
  });

  it('offers no payout for the month still running', async () => {
    stubGraphQL({
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ designerId: variables.designerId as string, month: variables.month as string }) } } }),
    });
    const container = render(<AdminRevenuePage />);
    await waitFor(() => designerRow(container, 'designer-1'));
    click(byTestId(designerRow(container, 'designer-1'), 'open-designer-statements'));
    const panel = await waitFor(() => byTestId(container, 'designer-statement-panel'));
    await waitFor(() => byTestId(panel, 'mark-paid-form'));

    click(panel.querySelector<HTMLButtonElement>('button[aria-label="Next month"]')!);

    await waitFor(() => expect(byTestId(panel, 'statement').dataset.month).toBe('2026-11'));
    expect(byTestId(panel, 'statement-status').textContent).toBe('Month in progress');
    expect(byTestId(panel, 'statement-payout').textContent).toContain('can be paid once the month is over');
    expect(panel.querySelector('[data-testid="mark-paid-submit"]')).toBeNull();
    expect(panel.querySelector<HTMLButtonElement>('button[aria-label="Next month"]')!.disabled).toBe(true);
  });
});
