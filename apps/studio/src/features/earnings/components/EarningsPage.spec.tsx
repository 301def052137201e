import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { makeEarningsRow, makeStatement, makeUsageLine } from '../../../test/factories';
import { EarningsPage } from './EarningsPage';

const golden = { templateId: 'template-golden', templateTitle: 'Golden Hour Film' };
const hanfu = { templateId: 'template-hanfu', templateTitle: 'Hanfu Garden' };

const earningsRows = [
  makeEarningsRow({ ...golden, month: '2026-10', uses: 3, grossMinor: 3000, shareMinor: 900 }),
  makeEarningsRow({ ...hanfu, month: '2026-10', uses: 1, grossMinor: 2000, shareMinor: 600 }),
  makeEarningsRow({ ...golden, month: '2026-11', uses: 2, grossMinor: 2000, shareMinor: 600, refundsMinor: 150 }),
];

function stubEarningsApi(overrides: Record<string, Parameters<typeof stubGraphQL>[0][string]> = {}) {
  return stubGraphQL({
    Earnings: () => ({ body: { data: { earnings: earningsRows } } }),
    RecentUsage: () => ({
      body: {
        data: {
          recentUsage: [
            makeUsageLine({ ...hanfu, occurredAt: '2026-11-20T02:00:00Z', basisMinor: 1000, shareMinor: 300 }),
            makeUsageLine({ ...golden, kind: 'REFUND', occurredAt: '2026-11-24T02:00:00Z', basisMinor: 500, shareMinor: -150 }),
          ],
        },
      },
    }),
    Statement: ({ variables }) => ({ body: { data: { statement: makeStatement({ month: variables.month as string }) } } }),
    ...overrides,
  });
}

const earningsRow = (month: string) => screen.getAllByTestId('earnings-row').find((row) => row.dataset.month === month)!;
const rowCells = (month: string) => within(earningsRow(month)).getAllByRole('cell').map((td) => td.textContent);

describe('EarningsPage', () => {
  beforeEach(() => {
    // Only Date is faked (and keeps ticking), so waitFor's timers and deadline still work.
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('asks for the last six months and shows net earnings per template per month in the chart and the table', async () => {
    const calls = stubEarningsApi();
    render(<EarningsPage designerId="user-1" />);

    await waitFor(() => expect(screen.getAllByTestId('earnings-row')).toHaveLength(6));
    expect(calls.find((c) => c.query.includes('query Earnings'))!.variables).toEqual({ designerId: 'user-1', from: '2026-06', to: '2026-11' });
    expect(screen.getAllByTestId('earnings-row').map((r) => r.dataset.month)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06']);
    expect(rowCells('2026-10').slice(0, 3)).toEqual(['CN¥9.00', 'CN¥6.00', 'CN¥15.00']);
    expect(rowCells('2026-11').slice(0, 3)).toEqual(['CN¥4.50', '—', 'CN¥4.50']);
    expect(rowCells('2026-09').slice(0, 3)).toEqual(['—', '—', '—']);
    expect(screen.getByTestId('earnings-total-net').textContent).toBe('CN¥19.50');
    expect(screen.getByTestId('earnings-total-uses').textContent).toBe('6');

    const bars = screen.getAllByTestId('chart-bar');
    expect(bars.map((b) => b.dataset.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const october = bars[4]!;
    expect(within(october).getAllByTestId('chart-segment').map((s) => [s.getAttribute('data-series'), s.getAttribute('data-net')])).toEqual([
      ['template-golden', '900'],
      ['template-hanfu', '600'],
    ]);
    expect(screen.getByTestId('earnings-chart').querySelector('svg')!.getAttribute('role')).toBe('img');
  });

  it('lists recent usage newest first with refunds as negative amounts', async () => {
    stubEarningsApi();
    render(<EarningsPage designerId="user-1" />);

    const rows = await waitFor(() => {
      const found = screen.getAllByTestId('usage-row');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(rows[0]!.dataset.kind).toBe('REFUND');
    expect(rows[0]!.textContent).toContain('Refund');
    expect(rows[0]!.textContent).toContain('-CN¥5.00');
    expect(rows[0]!.textContent).toContain('-CN¥1.50');
    expect(rows[0]!.textContent).toContain('Miaoya Camera');
    expect(rows[1]!.textContent).toContain('Hanfu Garden');
    expect(rows[1]!.textContent).toContain('CN¥3.00');
  });

  it('re-asks for a preset range and refuses a reversed one without asking', async () => {
    const calls = stubEarningsApi();
    // Only Date is faked: user-event's own pauses run on the real setTimeout.
    const user = userEvent.setup();
    render(<EarningsPage designerId="user-1" />);
    await waitFor(() => expect(screen.getAllByTestId('earnings-row')).toHaveLength(6));

    await user.click(screen.getByRole('button', { name: '12 months' }));
    await waitFor(() => expect(screen.getAllByTestId('earnings-row')).toHaveLength(12));
    expect(calls.filter((c) => c.query.includes('query Earnings')).at(-1)!.variables).toMatchObject({ from: '2025-12', to: '2026-11' });

    const before = calls.length;
    const to = screen.getByLabelText('To month');
    await user.clear(to);
    await user.type(to, '2025-10');
    await waitFor(() => expect(screen.getByTestId('earnings-range-error').textContent).toContain('must not be after'));
    // A cleared month input gives an empty value.
    await user.clear(screen.getByLabelText('From month'));
    await waitFor(() => expect(screen.getByTestId('earnings-range-error').textContent).toContain('Choose a first and a last month'));
    expect(calls.filter((c) => c.query.includes('query Earnings')).length).toBe(calls.slice(0, before).filter((c) => c.query.includes('query Earnings')).length);
  });

  it("shows last month's statement and downloads its CSV", async () => {
    const calls = stubEarningsApi();
    const blobs: Blob[] = [];
    jest.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:statement';
    });
    jest.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const user = userEvent.setup();
    render(<EarningsPage designerId="user-1" />);

    const statement = await screen.findByRole('article', { name: 'Statement for October 2026' });
    expect(calls.find((c) => c.query.includes('query Statement'))!.variables).toEqual({ designerId: 'user-1', month: '2026-10', currency: 'CNY' });
    expect(within(statement).getByRole('heading', { level: 3 }).textContent).toBe('Statement for October 2026');
    expect(within(statement).getAllByTestId('statement-line').map((l) => within(l).getByRole('rowheader').textContent)).toEqual(['Golden Hour Film', 'Hanfu Garden']);
    expect(within(statement).getByTestId('statement-opening').textContent).toBe('CN¥3.00');
    expect(within(statement).getByTestId('statement-net').textContent).toBe('CN¥13.50');
    expect(within(statement).getByTestId('statement-closing').textContent).toBe('CN¥16.50');
    expect(within(statement).getByTestId('statement-status').textContent).toBe('Unpaid');
    expect(within(statement).getByTestId('statement-total').textContent).toContain('-CN¥1.50');

    await user.click(within(statement).getByRole('button', { name: 'Download CSV' }));

    expect(clicked).toEqual(['atelier-statement-2026-10.csv']);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]!.text()).toBe('\uFEFFstatement,2026-10,designer,user-1,currency,CNY\r\n');
  });

  it('opens the statement of a month picked in the table, and shows a paid one as paid', async () => {
    stubEarningsApi({
      Statement: ({ variables }) => ({
        body: {
          data: {
            statement: makeStatement({ month: variables.month as string, paidAt: '2026-11-02T03:00:00Z', payoutReference: 'BANK-7', payoutMinor: 1650 }),
          },
        },
      }),
    });
    const user = userEvent.setup();
    render(<EarningsPage designerId="user-1" />);
    const september = await screen.findByTestId('open-statement-2026-09');

    await user.click(september);

    await waitFor(() => expect(screen.getByTestId('statement').dataset.month).toBe('2026-09'));
    expect(screen.getByTestId('statement-status').textContent).toBe('Paid');
    expect(screen.getByTestId('statement-payout').textContent).toContain('BANK-7');
    expect(screen.getByTestId('statement-payout').textContent).toContain('CN¥16.50');
  });

  it('speaks Chinese and formats yuan as ¥ when the locale is zh-CN', async () => {
    stubEarningsApi();
    render(
      <I18nProvider initialLocale="zh-CN">
        <EarningsPage designerId="user-1" />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('earnings-row')).toHaveLength(6));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('收益');
    expect(rowCells('2026-10')[2]).toBe('¥15.00');
    expect(within(earningsRow('2026-10')).getByRole('rowheader').textContent).toBe('2026年10月');
    await waitFor(() => expect(screen.getByTestId('statement-status').textContent).toBe('未付款'));
  });

  it('shows an error with a retry when earnings fail to load', async () => {
    let attempts = 0;
    stubEarningsApi({
      Earnings: () => (++attempts === 1 ? graphQLError('FORBIDDEN', 'You can see only your own earnings and statements.') : { body: { data: { earnings: [] } } }),
    });
    const user = userEvent.setup();
    render(<EarningsPage designerId="user-1" />);

    const alert = await screen.findByTestId('earnings-error');
    expect(alert.textContent).toContain('You can see only your own earnings');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(screen.getByTestId('earnings-chart-empty').textContent).toContain('No earnings'));
    expect(screen.queryByTestId('earnings-error')).toBeNull();
  });
});
