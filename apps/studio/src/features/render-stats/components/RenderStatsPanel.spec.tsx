import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';
import { RenderStatsPanel } from './RenderStatsPanel';

const NOW = new Date('2026-11-07T15:00:00Z');

function days(from: number, count: number, figures: Record<string, { renders: number; failed: number; paidUses: number; p95WaitSeconds: number | null }> = {}) {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(2026, 10, from + i)).toISOString().slice(0, 10);
    const f = figures[day];
    return { day, renders: f?.renders ?? 0, failed: f?.failed ?? 0, paidUses: f?.paidUses ?? 0, p95WaitSeconds: f?.p95WaitSeconds ?? null };
  });
}

const v2 = {
  versionId: 'v2',
  versionNumber: 2,
  renders: 7,
  succeeded: 5,
  failed: 1,
  cancelled: 1,
  paidUses: 4,
  refundedUses: 1,
  refundRate: 0.25,
  medianWaitSeconds: 35,
  p95WaitSeconds: 90,
  days: days(1, 7, { '2026-11-02': { renders: 3, failed: 1, paidUses: 2, p95WaitSeconds: 29 }, '2026-11-04': { renders: 4, failed: 0, paidUses: 2, p95WaitSeconds: 96 } }),
};
const v1 = { ...v2, versionId: 'v1', versionNumber: 1, renders: 0, succeeded: 0, failed: 0, cancelled: 0, paidUses: 0, refundedUses: 0, refundRate: null, medianWaitSeconds: null, p95WaitSeconds: null, days: days(1, 7) };

function stubStats(versions: unknown[]) {
  return stubGraphQL({
    TemplateRenderStats: (call: GraphQLCall) => ({ body: { data: { templateRenderStats: { templateId: 'tpl-1', from: call.variables['from'], to: call.variables['to'], versions } } } }),
  });
}

const figureTexts = () => Object.fromEntries(within(screen.getByTestId('render-stats-figures')).getAllByRole('term').map((dt) => [dt.textContent, dt.parentElement!.querySelector('.render-stats-figure-value')!.textContent]));

describe('RenderStatsPanel', () => {
  it('shows the published version’s figures and a bar per day with failures and the 95% wait line', async () => {
    const calls = stubStats([v2, v1]);
    render(<RenderStatsPanel templateId="tpl-1" publishedVersionId="v2" now={NOW} />);
    await screen.findByTestId('render-stats-figures');
    expect(calls[0]!.variables).toEqual({ templateId: 'tpl-1', from: '2026-10-09', to: '2026-11-07' });
    expect(figureTexts()).toEqual({
      Renders: '7',
      Succeeded: '5',
      Failed: '1',
      'Cancelled by apps': '1',
      'Paid uses': '4',
      'Refund rate': '25%',
      'Median queue wait': '35 s',
      '95% waited at most': '1.5 min',
    });
    expect(screen.getByTestId('render-stats-refundRate').textContent).toContain('1 of 4 paid uses refunded');
    expect(screen.getByTestId('render-stats-failed').textContent).toContain('14.3% of renders');
    const bars = screen.getAllByTestId('render-stats-day');
    expect(bars.map((bar) => bar.dataset.renders)).toEqual(['0', '3', '0', '4', '0', '0', '0']);
    expect(within(bars[1]!).getByTestId('render-stats-day-failed')).toBeTruthy();
    expect(bars[1]!.querySelector('title')!.textContent).toBe('Nov 2 · renders 3 · failed 1 · paid uses 2\n95% waited at most 29 s');
    // Two days with waits, not next to each other: two dots and no line between them.
    expect(screen.queryAllByTestId('render-stats-wait-line')).toHaveLength(0);
    expect(screen.getByTestId('render-stats-chart').querySelectorAll('circle')).toHaveLength(2);
    expect(screen.getByTestId('render-stats-version')).toHaveProperty('value', 'v2');
  });

  it('says no app has rendered a version yet, and asks again for another period', async () => {
    const calls = stubStats([v2, v1]);
    const user = userEvent.setup();
    render(<RenderStatsPanel templateId="tpl-1" publishedVersionId="v2" now={NOW} />);
    await screen.findByTestId('render-stats-figures');
    await user.selectOptions(screen.getByTestId('render-stats-version'), 'v1');
    const empty = screen.getByTestId('render-stats-empty');
    expect(empty.textContent).toContain('No app has rendered this version yet.');
    expect(empty.textContent).toContain('Nothing in the last 30 days.');
    expect(screen.queryByTestId('render-stats-chart')).toBeNull();
    await user.click(screen.getByTestId('render-stats-period-7'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.variables).toEqual({ templateId: 'tpl-1', from: '2026-11-01', to: '2026-11-07' });
  });

  it('says figures come once a version is published', async () => {
    stubStats([]);
    render(<RenderStatsPanel templateId="tpl-1" publishedVersionId={null} now={NOW} />);
    expect((await screen.findByTestId('render-stats-no-versions')).textContent).toBe('Once a version is published, apps can render it, and how it does shows here.');
  });

  it('shows nothing to someone the API refuses', async () => {
    const calls = stubGraphQL({ TemplateRenderStats: () => graphQLError('NOT_FOUND', 'Template not found.') });
    const { container } = render(<RenderStatsPanel templateId="tpl-1" publishedVersionId="v2" now={NOW} />);
    await waitFor(() => expect(calls).toHaveLength(1));
    await waitFor(() => expect(container.textContent).toBe(''));
  });

  it('speaks Chinese', async () => {
    stubStats([v2, v1]);
    render(
      <I18nProvider initialLocale="zh-CN">
        <RenderStatsPanel templateId="tpl-1" publishedVersionId="v2" now={NOW} />
      </I18nProvider>,
    );
    await screen.findByTestId('render-stats-figures');
    expect(screen.getByRole('heading').textContent).toBe('表现如何');
    expect(figureTexts()).toMatchObject({ 渲染: '7', 退款率: '25%', 排队等待中位数: '35 秒', '95% 的排队不超过': '1.5 分钟' });
    expect(screen.getByTestId('render-stats-version').textContent).toContain('第 2 版（已上线）');
  });
});
