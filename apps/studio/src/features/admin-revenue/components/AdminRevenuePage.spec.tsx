import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { reasonedGraphQLError } from '../../../test/api-error';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { makeRevenueOverview, makeStatement } from '../../../test/factories';
import { AdminRevenuePage } from './AdminRevenuePage';

function designerRow(designerId: string): HTMLElement {
  const row = screen.queryAllByTestId('designer-revenue-row').find((r) => r.dataset.designerId === designerId);
  if (!row) throw new Error(`No row for designer ${designerId}`);
  return row;
}

/** Opens the designer's statements; the panel is the region named after them. */
async function openStatements(user: UserEvent, designerId: string, buttonName: string, panelName: string): Promise<HTMLElement> {
  await user.click(within(designerRow(designerId)).getByRole('button', { name: buttonName }));
  return screen.findByRole('region', { name: panelName });
}

describe('AdminRevenuePage', () => {
  // Only Date is fake (setTimeout stays real), so userEvent.setup() needs no advanceTimers.
  beforeEach(() => {
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows platform revenue, payouts, and the totals per consumer app and per designer', async () => {
    const calls = stubGraphQL({ RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }) });
    render(<AdminRevenuePage />);

    await waitFor(() => expect(screen.getAllByTestId('app-revenue-row')).toHaveLength(1));
    expect(calls[0]!.variables).toEqual({ currency: 'CNY' });
    expect(screen.getByTestId('revenue-platform').textContent).toBe('CN¥59.50');
    expect(screen.getByTestId('revenue-paid-out').textContent).toBe('CN¥0.00');
    expect(screen.getByTestId('revenue-unpaid').textContent).toBe('CN¥25.50');
    expect(screen.getByTestId('revenue-receivable').textContent).toBe('CN¥85.00');
    expect([...screen.getByTestId('app-revenue-row').querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'Miaoya Camera',
      '8',
      'CN¥90.00',
      '-CN¥5.00',
      'CN¥85.00',
    ]);
    expect(screen.getAllByTestId('designer-revenue-row').map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Dana Designer', 'Lin Wei']);
    expect(within(designerRow('designer-1')).getByTestId('designer-unpaid').textContent).toBe('CN¥25.50');
  });

  it("opens a designer's statement for last month and marks it paid with a reference", async () => {
    const user = userEvent.setup();
    let paid = false;
    let payout = {};
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
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ id: 'st-oct', designerId: variables.designerId as string, month: variables.month as string, ...payout }) } } }),
      MarkStatementPaid: ({ variables }) => {
        paid = true;
        payout = { paidAt: '2026-11-25T04:00:00Z', payoutReference: variables.reference as string, payoutMinor: 1650 };
        return { body: { data: { markStatementPaid: makeStatement({ id: variables.statementId as string, designerId: 'designer-1', ...payout }) } } };
      },
    });
    render(<AdminRevenuePage />);
    await waitFor(() => designerRow('designer-1'));

    const panel = await openStatements(user, 'designer-1', 'Statements', 'Statements · Dana Designer');
    await waitFor(() => expect(within(panel).getByTestId('statement').dataset.month).toBe('2026-10'));
    expect(calls.find((c) => c.query.includes('query Statement'))!.variables).toEqual({ designerId: 'designer-1', month: '2026-10', currency: 'CNY' });
    expect(within(panel).getByTestId('statement-status').textContent).toBe('Unpaid');

    await user.click(within(panel).getByRole('button', { name: 'Mark paid' }));
    expect(within(panel).getByTestId('mark-paid-error').textContent).toContain('Enter the payout reference');
    expect(calls.some((c) => c.query.includes('mutation MarkStatementPaid'))).toBe(false);

    await user.type(within(panel).getByRole('textbox', { name: 'Payout reference' }), '  BANK-2026-001 ');
    await user.click(within(panel).getByRole('button', { name: 'Mark paid' }));

    await waitFor(() => expect(within(panel).getByTestId('statement-status').textContent).toBe('Paid'));
    expect(calls.find((c) => c.query.includes('mutation MarkStatementPaid'))!.variables).toEqual({ statementId: 'st-oct', reference: 'BANK-2026-001' });
    expect(within(panel).getByTestId('mark-paid-success').textContent).toBe('Recorded a payout of CN¥16.50 to Dana Designer (reference BANK-2026-001).');
    expect(within(panel).queryByTestId('mark-paid-form')).toBeNull();
    await waitFor(() => expect(within(designerRow('designer-1')).getByTestId('designer-unpaid').textContent).toBe('CN¥9.00'));
    expect(screen.getByTestId('revenue-paid-out').textContent).toBe('CN¥16.50');
  });

  it("shows the API's refusal inline, in the admin's language", async () => {
    const user = userEvent.setup();
    stubGraphQL({
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ designerId: variables.designerId as string, month: variables.month as string }) } } }),
      MarkStatementPaid: () => ({ status: 409, ...graphQLError('NOTHING_TO_PAY', 'Nothing is owed on the statement for 2026-10 (closing 1650, paid since 1650, owed now 0).') }),
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <AdminRevenuePage />
      </I18nProvider>,
    );
    await waitFor(() => designerRow('designer-1'));
    const panel = await openStatements(user, 'designer-1', '对账单', '对账单 · Dana Designer');
    await within(panel).findByTestId('mark-paid-form');

    const reference = within(panel).getByRole('textbox', { name: '付款参考号' });
    await user.type(reference, 'BANK-2');
    await user.click(within(panel).getByRole('button', { name: '标记为已付款' }));

    const error = await within(panel).findByTestId('mark-paid-error');
    expect(error.textContent).toBe('2026年10月的对账单没有应付款项。');
    // The server's own wording stays available to the admin.
    expect(error.title).toContain('Nothing is owed');
    expect(reference.getAttribute('aria-invalid')).toBe('true');
  });

  it('says a refusal it has no wording of its own for in the API\'s words, in Chinese', async () => {
    const user = userEvent.setup();
    stubGraphQL({
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ designerId: variables.designerId as string, month: variables.month as string }) } } }),
      MarkStatementPaid: () => ({ status: 409, ...reasonedGraphQLError('INVALID_STATE_TRANSITION', 'payout.alreadyPaid', { reference: 'BANK-1' }) }),
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <AdminRevenuePage />
      </I18nProvider>,
    );
    await waitFor(() => designerRow('designer-1'));
    const panel = await openStatements(user, 'designer-1', '对账单', '对账单 · Dana Designer');
    await within(panel).findByTestId('mark-paid-form');
    await user.type(within(panel).getByRole('textbox', { name: '付款参考号' }), 'BANK-2');
    await user.click(within(panel).getByRole('button', { name: '标记为已付款' }));
    const error = await within(panel).findByTestId('mark-paid-error');
    expect(error.textContent).toBe('此对账单已付款（参考号 BANK-1），每张对账单只付一次。');
    expect(error.title).toBe('');
  });

  it('offers no payout for the month still running', async () => {
    const user = userEvent.setup();
    stubGraphQL({
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ designerId: variables.designerId as string, month: variables.month as string }) } } }),
    });
    render(<AdminRevenuePage />);
    await waitFor(() => designerRow('designer-1'));
    const panel = await openStatements(user, 'designer-1', 'Statements', 'Statements · Dana Designer');
    await within(panel).findByTestId('mark-paid-form');

    await user.click(within(panel).getByRole('button', { name: 'Next month' }));

    await waitFor(() => expect(within(panel).getByTestId('statement').dataset.month).toBe('2026-11'));
    expect(within(panel).getByTestId('statement-status').textContent).toBe('Month in progress');
    expect(within(panel).getByTestId('statement-payout').textContent).toContain('can be paid once the month is over');
    expect(within(panel).queryByTestId('mark-paid-submit')).toBeNull();
    expect(within(panel).getByRole<HTMLButtonElement>('button', { name: 'Next month' }).disabled).toBe(true);
  });
});
