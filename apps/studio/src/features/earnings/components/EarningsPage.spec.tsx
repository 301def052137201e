import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
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

const rowCells = (container: HTMLElement, month: string) =>
  [...container.querySelectorAll(`[data-testid="earnings-row"][data-month="${month}"] td`)].map((td) => td.textContent);

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
    const container = render(<EarningsPage designerId="user-1" />);

    await waitFor(() => expect(allByTestId(container, 'earnings-row')).toHaveLength(6));
    expect(calls.find((c) => c.query.includes('query Earnings'))!.variables).toEqual({ designerId: 'user-1', from: '2026-06', to: '2026-11' });
    expect(allByTestId(container, 'earnings-row').map((r) => r.dataset.month)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06']);
    expect(rowCells(container, '2026-10').slice(0, 3)).toEqual(['CN¥9.00', 'CN¥6.00', 'CN¥15.00']);
    expect(rowCells(container, '2026-11').slice(0, 3)).toEqual(['CN¥4.50', '—', 'CN¥4.50']);
    expect(rowCells(container, '2026-09').slice(0, 3)).toEqual(['—', '—', '—']);
    expect(byTestId(container, 'earnings-total-net').textContent).toBe('CN¥19.50');
    expect(byTestId(container, 'earnings-total-uses').textContent).toBe('6');

    const bars = allByTestId(container, 'chart-bar');
    expect(bars.map((b) => b.dataset.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const october = bars[4]!;
    expect([...october.querySelectorAll('[data-testid="chart-segment"]')].map((s) => [s.getAttribute('data-series'), s.getAttribute('data-net')])).toEqual([
      ['template-golden', '900'],
      ['template-hanfu', '600'],
    ]);
    expect(container.querySelector('[data-testid="earnings-chart"] svg')!.getAttribute('role')).toBe('img');
  });

  it('lists recent usage newest first with refunds as negative amounts', async () => {
    stubEarningsApi();
    const container = render(<EarningsPage designerId="user-1" />);

    const rows = await waitFor(() => {
      const found = allByTestId(container, 'usage-row');
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
    const container = render(<EarningsPage designerId="user-1" />);
    await waitFor(() => expect(allByTestId(container, 'earnings-row')).toHaveLength(6));

    click(byTestId(container, 'range-preset-12'));
    await waitFor(() => expect(allByTestId(container, 'earnings-row')).toHaveLength(12));
    expect(calls.filter((c) => c.query.includes('query Earnings')).at(-1)!.variables).toMatchObject({ from: '2025-12', to: '2026-11' });

    const before = calls.length;
    typeInto(byTestId(container, 'earnings-to'), '2025-10');
    await waitFor(() => expect(byTestId(container, 'earnings-range-error').textContent).toContain('must not be after'));
    // A cleared month input gives an empty value.
    typeInto(byTestId(container, 'earnings-from'), '');
    await waitFor(() => expect(byTestId(container, 'earnings-range-error').textContent).toContain('Choose a first and a last month'));
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
    const container = render(<EarningsPage designerId="user-1" />);

    const statement = await waitFor(() => byTestId(container, 'statement'));
    expect(calls.find((c) => c.query.includes('query Statement'))!.variables).toEqual({ designerId: 'user-1', month: '2026-10', currency: 'CNY' });
    expect(statement.querySelector('.statement-title')!.textContent).toBe('Statement for October 2026');
    expect(allByTestId(statement, 'statement-line').map((l) => l.querySelector('th')!.textContent)).toEqual(['Golden Hour Film', 'Hanfu Garden']);
    expect(byTestId(statement, 'statement-opening').textContent).toBe('CN¥3.00');
    expect(byTestId(statement, 'statement-net').textContent).toBe('CN¥13.50');
    expect(byTestId(statement, 'statement-closing').textContent).toBe('CN¥16.50');
    expect(byTestId(statement, 'statement-status').textContent).toBe('Unpaid');
    expect(byTestId(statement, 'statement-total').textContent).toContain('-CN¥1.50');

    click(byTestId(statement, 'download-statement-csv'));

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
    const container = render(<EarningsPage designerId="user-1" />);
    await waitFor(() => byTestId(container, 'open-statement-2026-09'));

    click(byTestId(container, 'open-statement-2026-09'));

    await waitFor(() => expect(byTestId(container, 'statement').dataset.month).toBe('2026-09'));
    expect(byTestId(container, 'statement-status').textContent).toBe('Paid');
    expect(byTestId(container, 'statement-payout').textContent).toContain('BANK-7');
    expect(byTestId(container, 'statement-payout').textContent).toContain('CN¥16.50');
  });

  it('speaks Chinese and formats yuan as ¥ when the locale is zh-CN', async () => {
    stubEarningsApi();
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <EarningsPage designerId="user-1" />
      </I18nProvider>,
    );
    await waitFor(() => expect(allByTestId(container, 'earnings-row')).toHaveLength(6));
    expect(container.querySelector('h1')!.textContent).toBe('收益');
    expect(rowCells(container, '2026-10')[2]).toBe('¥15.00');
    expect(container.querySelector('[data-month="2026-10"] th')!.textContent).toBe('2026年10月');
    await waitFor(() => expect(byTestId(container, 'statement-status').textContent).toBe('未付款'));
  });

  it('shows an error with a retry when earnings fail to load', async () => {
    let attempts = 0;
    stubEarningsApi({
      Earnings: () => (++attempts === 1 ? graphQLError('FORBIDDEN', 'You can see only your own earnings and statements.') : { body: { data: { earnings: [] } } }),
    });
    const container = render(<EarningsPage designerId="user-1" />);

    const alert = await waitFor(() => byTestId(container, 'earnings-error'));
    expect(alert.textContent).toContain('You can see only your own earnings');
    click(alert.querySelector('button')!);

    await waitFor(() => expect(byTestId(container, 'earnings-chart-empty').textContent).toContain('No earnings'));
    expect(container.querySelector('[data-testid="earnings-error"]')).toBeNull();
  });
});
