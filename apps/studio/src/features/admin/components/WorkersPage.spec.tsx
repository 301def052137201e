import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { AdminWorkersQuery } from '../../../gql/graphql';
import type { Worker } from '../graphql/admin.graphql';
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
    boxProblem: null,
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
  // Only Date is fake (setTimeout stays real), so userEvent.setup() needs no advanceTimers.
  beforeEach(() => {
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows queue depth per priority, seconds per job and every worker', async () => {
    stubGraphQL({ AdminWorkers: () => ({ body: { data: workersData([makeWorker(), makeWorker({ id: 'w-2', name: 'old-box', status: 'OFFLINE', backend: 'draft', loadedCheckpoint: null, loadedLoraKey: null, vramMb: null, lastHeartbeatAt: '2026-11-25T01:00:00Z' })]) } }) });
    render(<WorkersPage />);
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(2));

    const depth = (priority: string) => screen.getAllByTestId('queue-depth').find((card) => card.dataset.priority === priority)!.textContent;
    expect(depth('INTERACTIVE')).toBe('Interactive queued21 running');
    expect(depth('REVIEW')).toBe('Review queued00 running');
    expect(depth('BULK')).toBe('Bulk queued400 running');
    expect(screen.getByTestId('queue-seconds-per-job').textContent).toBe('7.3 s');

    const [online, offline] = screen.getAllByTestId('worker-row');
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
    expect(within(offline!).getByTestId('worker-status').textContent).toBe('Offline');
    expect(within(offline!).getByTestId('worker-heartbeat').textContent).toBe('3 hours ago');
  });

  it("says when a worker's box has a problem, in the worker's words, and that it takes no jobs", async () => {
    const problem = "ComfyUI on this box does not list checkpoint 'sd_xl_base_1.0.safetensors' (models/checkpoints)";
    stubGraphQL({ AdminWorkers: () => ({ body: { data: workersData([makeWorker({ boxProblem: problem }), makeWorker({ id: 'w-2', name: 'fine-box' })]) } }) });
    render(<WorkersPage />);
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(2));
    const [sick, fine] = screen.getAllByTestId('worker-row');
    expect(within(sick!).getByTestId('worker-status').textContent).toBe(`OnlineBox problem: takes no jobs${problem}`);
    expect(within(fine!).queryByTestId('worker-box-problem')).toBeNull();
  });

  it('refreshes every 5 seconds', async () => {
    let workers: Worker[] = [];
    const calls = stubGraphQL({ AdminWorkers: () => ({ body: { data: workersData(workers) } }) });
    render(<WorkersPage />);
    await screen.findByText('No worker has sent a heartbeat yet.');
    workers = [makeWorker()];
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(1), { timeout: 7000 });
    expect(calls.length).toBeGreaterThanOrEqual(2);
  }, 10_000);

  it('retries and cancels a preview job by id, with refusals inline in Chinese', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      AdminWorkers: () => ({ body: { data: workersData([]) } }),
      RetryPreviewJob: ({ variables }) => ({ body: { data: { retryPreviewJob: { id: variables.id, state: 'QUEUED' } } } }),
      CancelPreviewJob: () => ({ status: 409, ...graphQLError('INVALID_STATE_TRANSITION', 'A DONE job cannot be cancelled.') }),
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <WorkersPage />
      </I18nProvider>,
    );
    const jobId = await screen.findByRole('textbox', { name: '预览任务 ID' });
    await user.click(screen.getByRole('button', { name: '重试任务' }));
    expect(screen.getByTestId('preview-job-error').textContent).toBe('请输入预览任务 ID。');

    await user.type(jobId, 'job-7');
    await user.click(screen.getByRole('button', { name: '重试任务' }));
    await waitFor(() => expect(screen.getByTestId('preview-job-result').textContent).toBe('任务 job-7 已重新排队（QUEUED）。'));
    expect(calls.find((c) => c.query.includes('mutation RetryPreviewJob'))!.variables).toEqual({ id: 'job-7' });

    await user.click(screen.getByRole('button', { name: '取消任务' }));
    await waitFor(() => expect(screen.getByTestId('preview-job-error').textContent).toBe('A DONE job cannot be cancelled.'));
  });
});
