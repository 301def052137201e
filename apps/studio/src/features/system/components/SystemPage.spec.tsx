import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { SystemBucket, SystemStatus } from '../graphql/system.graphql';
import { SYSTEM_REFRESH_MS, SystemPage } from './SystemPage';

const AT = '2026-12-03T10:17:30.000Z';
const FROM = Date.parse('2026-12-03T09:20:00.000Z');

// The figures the API's system-status int-spec pins, as the page receives them.
const DEPTH = [2, 0, 0, 2, 0, 1, 1, 1, 1, 1, 1, 3];
function makeBuckets(): SystemBucket[] {
  return DEPTH.map((queueDepth, i) => ({
    start: new Date(FROM + i * 300_000).toISOString(),
    end: new Date(FROM + (i + 1) * 300_000).toISOString(),
    queueDepth,
    started: i === 1 ? 2 : i === 4 ? 1 : 0,
    waitMedianSeconds: i === 1 ? 330 : i === 4 ? 90 : null,
    waitP90Seconds: i === 1 ? 354 : i === 4 ? 90 : null,
    finished: i === 1 ? 2 : i === 4 ? 1 : 0,
    failed: i === 4 ? 1 : 0,
    requests: i === 2 ? 5 : i === 11 ? 1234 : 0,
    clientErrors: i === 2 ? 2 : 0,
    serverErrors: i === 11 ? 17 : 0,
    graphqlErrors: i === 2 ? 2 : 0,
  }));
}

function makeStatus(overrides: Partial<SystemStatus> = {}): SystemStatus {
  return {
    at: AT,
    from: new Date(FROM).toISOString(),
    bucketMinutes: 5,
    buckets: makeBuckets(),
    queue: { queued: 3, running: 1 },
    workers: { online: 2, offline: 1, byBackend: [{ backend: 'comfyui', online: 1 }, { backend: 'draft', online: 1 }] },
    requests: { requests: 1239, clientErrors: 2, serverErrors: 17, graphqlErrors: 2, graphqlErrorCodes: [{ code: 'BAD_USER_INPUT', answers: 1 }, { code: 'FORBIDDEN', answers: 1 }], processes: 2 },
    ...overrides,
  };
}

// Times are shown in the viewer's own time zone: the expected text is formatted the same way.
const hm = (iso: string, locale: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
const full = (iso: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent);
const barValues = (chart: HTMLElement, series: string) => within(chart).getAllByTestId('chart-bucket').map((g) => g.querySelector(`[data-series="${series}"]`)?.getAttribute('data-value') ?? null);

describe('SystemPage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the queue, workers and requests of the last hour in English, server errors highlighted', async () => {
    stubGraphQL({ AdminSystemStatus: () => ({ body: { data: { systemStatus: makeStatus() } } }) });
    render(<SystemPage />);
    expect(await screen.findByTestId('system-as-of')).toHaveProperty('textContent', `Figures as of ${full(AT, 'en')} · requests from 2 API processes`);

    expect(screen.getByTestId('system-queue-now').textContent).toBe('Waiting in the queue31 rendering now');
    expect(screen.getByTestId('system-renders').textContent).toBe('Renders in the last hour31 failed');
    expect(screen.getByTestId('system-workers').textContent).toBe('Workers online2comfyui: 1 · draft: 1 · 1 offlineOpen Workers & queue');
    expect(screen.getByTestId('system-workers-link').getAttribute('href')).toBe('#/admin/workers');
    // 17 of 1,239 requests: 1.4 %.
    expect(screen.getByTestId('system-error-rate').textContent).toBe('Server error rate, last hour1.4%17 server errors in 1,239 requests');

    const depth = screen.getByTestId('system-depth-chart');
    expect(barValues(depth, 'depth')).toEqual(['2', null, null, '2', null, '1', '1', '1', '1', '1', '1', '3']);
    expect(within(depth).getAllByTestId('chart-bucket').map((g) => g.getAttribute('data-start'))).toEqual(makeBuckets().map((b) => b.start));
    const wait = screen.getByTestId('system-wait-chart');
    expect(barValues(wait, 'median')).toEqual([null, '330', null, null, '90', null, null, null, null, null, null, null]);
    expect(barValues(wait, 'p90')).toEqual([null, '354', null, null, '90', null, null, null, null, null, null, null]);
    // A bar's tooltip says its five minutes and figures, waits in minutes once they pass two.
    expect(within(wait).getAllByTestId('chart-bucket')[1]!.querySelector('title')!.textContent).toBe(`${hm(makeBuckets()[1]!.start, 'en')}–${hm(makeBuckets()[1]!.end, 'en')} · Median: 5.5 min · 90th percentile: 5.9 min`);
    // The wait axis keeps one unit: 354 s tops it at 10 minutes.
    expect([...wait.querySelectorAll('.system-chart-axis')].slice(0, 3).map((label) => label.textContent)).toEqual(['0', '5 min', '10 min']);
    expect(screen.queryByTestId('chart-empty')).toBeNull();
    expect(barValues(screen.getByTestId('system-renders-chart'), 'failed')).toEqual([null, null, null, null, '1', null, null, null, null, null, null, null]);
    expect(barValues(screen.getByTestId('system-requests-chart'), 'server')).toEqual([...Array(11).fill(null), '17']);

    expect(screen.getByTestId('system-error-codes').textContent).toBe('GraphQL errors by code: BAD_USER_INPUT 1 · FORBIDDEN 1');
    const rows = screen.getAllByTestId('system-request-row');
    expect(rows).toHaveLength(12);
    // Newest first; the bucket with server errors stands out.
    const newest = makeBuckets()[11]!;
    // The running bucket (10:15 until 10:17:30) ends "now".
    expect(cells(rows[0]!)).toEqual([`${hm(newest.start, 'en')}–now`, '1,234', '0', '17', '0', '1.4%']);
    expect(cells(rows[1]!)[0]).toBe(`${hm(makeBuckets()[10]!.start, 'en')}–${hm(makeBuckets()[10]!.end, 'en')}`);
    expect(rows[0]!.className).toBe('system-row-bad');
    expect(rows[0]!.querySelector('.badge-danger')?.textContent).toBe('17');
    expect(cells(rows[9]!).slice(1)).toEqual(['5', '2', '0', '2', '40%']);
    expect(rows[9]!.className).toBe('');
    expect(cells(rows[11]!).slice(1)).toEqual(['0', '0', '0', '0', '—']);
    expect(cells(screen.getByTestId('system-request-total'))).toEqual(['Last hour', '1,239', '2', '17', '2', '1.5%']);
  });

  it('says the same in Chinese', async () => {
    stubGraphQL({ AdminSystemStatus: () => ({ body: { data: { systemStatus: makeStatus({ workers: { online: 0, offline: 0, byBackend: [] } }) } } }) });
    render(
      <I18nProvider initialLocale="zh-CN">
        <SystemPage />
      </I18nProvider>,
    );
    expect(await screen.findByTestId('system-as-of')).toHaveProperty('textContent', `数据时间：${full(AT, 'zh-CN')} · 请求来自 2 个 API 进程`);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('系统');
    expect(screen.getByTestId('system-queue-now').textContent).toBe('队列中等待31 个正在渲染');
    expect(screen.getByTestId('system-renders').textContent).toBe('最近一小时的渲染31 个失败');
    expect(screen.getByTestId('system-workers').textContent).toBe('在线 Worker0没有在线的 Worker打开 Worker 与队列');
    expect(screen.getByTestId('system-error-rate').textContent).toBe('服务器错误率（最近一小时）1.4%1,239 个请求中有 17 个服务器错误');
    expect(screen.getByRole('heading', { name: '预览队列（最近一小时）' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '请求与错误（最近一小时）' })).toBeTruthy();
    const wait = screen.getByTestId('system-wait-chart');
    expect(within(wait).getAllByTestId('chart-bucket')[4]!.querySelector('title')!.textContent).toBe(`${hm(makeBuckets()[4]!.start, 'zh-CN')}–${hm(makeBuckets()[4]!.end, 'zh-CN')} · 中位数：90 秒 · 第 90 百分位：90 秒`);
    expect(screen.getByTestId('system-error-codes').textContent).toBe('按错误码统计的 GraphQL 错误：BAD_USER_INPUT 1 · FORBIDDEN 1');
    expect(cells(screen.getByRole('table').querySelector('thead tr') as HTMLElement)).toEqual(['时间', '请求', '客户端错误（4xx）', '服务器错误（5xx）', 'GraphQL 错误', '错误率']);
    expect(cells(screen.getAllByTestId('system-request-row')[0]!)[0]).toBe(`${hm(makeBuckets()[11]!.start, 'zh-CN')}–现在`);
    expect(cells(screen.getByTestId('system-request-total'))).toEqual(['最近一小时', '1,239', '2', '17', '2', '1.5%']);
  });

  it('says so when nothing happened in the hour', async () => {
    const quiet = makeBuckets().map((b) => ({ ...b, queueDepth: 0, started: 0, waitMedianSeconds: null, waitP90Seconds: null, finished: 0, failed: 0, requests: 0, clientErrors: 0, serverErrors: 0, graphqlErrors: 0 }));
    stubGraphQL({ AdminSystemStatus: () => ({ body: { data: { systemStatus: makeStatus({ buckets: quiet, requests: { requests: 0, clientErrors: 0, serverErrors: 0, graphqlErrors: 0, graphqlErrorCodes: [], processes: 0 } }) } } }) });
    render(<SystemPage />);
    await screen.findByTestId('system-as-of');
    expect(screen.getAllByTestId('chart-empty').map((e) => e.textContent)).toEqual(['No job waited in the last hour', 'No job started in the last hour', 'No render ended in the last hour', 'No requests counted in the last hour']);
    expect(screen.getByTestId('system-error-rate').textContent).toBe('Server error rate, last hour—0 server errors in 0 requests');
    expect(screen.getByTestId('system-error-codes').textContent).toBe('No GraphQL errors in the last hour.');
  });

  it('loads again every 30 seconds', async () => {
    useFakeTimersFor(['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval']);
    let queued = 3;
    const calls = stubGraphQL({ AdminSystemStatus: () => ({ body: { data: { systemStatus: makeStatus({ queue: { queued, running: 0 } }) } } }) });
    render(<SystemPage />);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('system-queue-now').textContent).toContain('3');
    queued = 8;
    await act(async () => {
      await jest.advanceTimersByTimeAsync(SYSTEM_REFRESH_MS - 1_000);
    });
    expect(calls).toHaveLength(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1_000);
    });
    expect(calls).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('system-queue-now').textContent).toBe('Waiting in the queue80 rendering now'));
  });

  it('shows a refusal in the person’s language', async () => {
    stubGraphQL({ AdminSystemStatus: () => graphQLError('FORBIDDEN', 'You do not have access to this.') });
    render(<SystemPage />);
    await waitFor(() => expect(screen.getByTestId('admin-load-error').textContent).toContain('You do not have access to this.'));
  });
});
