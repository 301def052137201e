import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import type { AdminWorkersQuery, Worker } from '../graphql/admin.graphql';
import { WorkersPage } from './WorkersPage';

function makeWorker(overrides: Partial<Worker> = {}): Worker {
  return {
    id: 'w-1',
    name: 'gpu-box-1',
    status: 'ONLINE',
    backend: 'comfyui',
    baseModels: ['sdxl'],
    loadedCheckpoint: 'sdxl-base-1.0.safetensors',
    loadedLoraKey: 'loras/golden.safetensors',
    cachedLoraCount: 3,
    vramMb: 24576,
    lastHeartbeatAt: '2026-11-25T03:58:00Z',
    jobsDone: 1234,
    gpuSeconds: 5678.4,
    ...overrides,
  };
}

function workersData(workers: Worker[]): AdminWorkersQuery {
  return {
    queueStats: {
      recentSecondsPerJob: 7.25,
      depth: [
        { priority: 'INTERACTIVE', queued: 2, leased: 1 },
        { priority: 'BULK', queued: 40, leased: 0 },
      ],
    },
    workers,
  };
}

describe('WorkersPage', () => {
  beforeEach(() => {
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows queue depth per priority, seconds per job and every worker', async () => {
    stubGraphQL({ AdminWorkers: () => ({ body: { data: workersData([makeWorker(), makeWorker({ id: 'w-2', name: 'old-box', status: 'OFFLINE', backend: 'draft', loadedCheckpoint: null, loadedLoraKey: null, vramMb: null, lastHeartbeatAt: '2026-11-25T01:00:00Z' })]) } }) });
    const container = render(<WorkersPage />);
    await waitFor(() => expect(allByTestId(container, 'worker-row')).toHaveLength(2));

    const depth = (priority: string) => container.querySelector(`[data-testid="queue-depth"][data-priority="${priority}"]`)!.textContent;
    expect(depth('INTERACTIVE')).toBe('Interactive queued21 running');
    expect(depth('REVIEW')).toBe('Review queued00 running');
    expect(depth('BULK')).toBe('Bulk queued400 running');
    expect(byTestId(container, 'queue-seconds-per-job').textContent).toBe('7.3 s');

    const [online, offline] = allByTestId(container, 'worker-row');
    expect([...online!.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'gpu-box-1',
      'Online',
      'comfyui',
      'sdxl',
      'sdxl-base-1.0.safetensorsLoRA loras/golden.safetensors',
      '3',
      '24 GB',
      '2 minutes ago',
      '1,234',
      '5,678',
    ]);
    expect(byTestId(offline!, 'worker-status').textContent).toBe('Offline');
    expect(byTestId(offline!, 'worker-heartbeat').textContent).toBe('3 hours ago');
  });

  it('refreshes every 5 seconds', async () => {
    let workers: Worker[] = [];
    const calls = stubGraphQL({ AdminWorkers: () => ({ body: { data: workersData(workers) } }) });
    const container = render(<WorkersPage />);
    await waitFor(() => expect(container.textContent).toContain('No worker has sent a heartbeat yet.'));
    workers = [makeWorker()];
    await waitFor(() => expect(allByTestId(container, 'worker-row')).toHaveLength(1), 7000);
    expect(calls.length).toBeGreaterThanOrEqual(2);
  }, 10_000);

  it('retries and cancels a preview job by id, with refusals inline in Chinese', async () => {
    const calls = stubGraphQL({
      AdminWorkers: () => ({ body: { data: workersData([]) } }),
      RetryPreviewJob: ({ variables }) => ({ body: { data: { retryPreviewJob: { id: variables.id, state: 'QUEUED' } } } }),
      CancelPreviewJob: () => ({ status: 409, ...graphQLError('INVALID_STATE_TRANSITION', 'A DONE job cannot be cancelled.') }),
    });
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <WorkersPage />
      </I18nProvider>,
    );
    await waitFor(() => byTestId(container, 'preview-job-id'));
    click(byTestId(container, 'retry-preview-job'));
    expect(byTestId(container, 'preview-job-error').textContent).toBe('请输入预览任务 ID。');

    typeInto(byTestId(container, 'preview-job-id'), 'job-7');
    click(byTestId(container, 'retry-preview-job'));
    await waitFor(() => expect(byTestId(container, 'preview-job-result').textContent).toBe('任务 job-7 已重新排队（QUEUED）。'));
    expect(calls.find((c) => c.query.includes('mutation RetryPreviewJob'))!.variables).toEqual({ id: 'job-7' });

    click(byTestId(container, 'cancel-preview-job'));
    await waitFor(() => expect(byTestId(container, 'preview-job-error').textContent).toBe('A DONE job cannot be cancelled.'));
  });
});
