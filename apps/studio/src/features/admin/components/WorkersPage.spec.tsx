import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useFakeTimersFor } from '../../../test/fake-timers';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import type { AdminQueueQuery, AdminWorkersQuery } from '../../../gql/graphql';
import type { UnrunnableQueue, Worker } from '../graphql/admin.graphql';
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
    capabilities: null,
    leaseBlocks: [],
    ...overrides,
  };
}

type Block = Worker['leaseBlocks'][number];
const block = (overrides: Partial<Block> & Pick<Block, 'code'>): Block => ({ baseModel: null, folder: null, file: null, nodeClass: null, needVramMb: null, vramMb: null, nodeClasses: [], queuedJobs: null, boxProblem: null, ...overrides });

function queueData(unrunnable: UnrunnableQueue[] = []): AdminQueueQuery {
  return {
    queueStats: {
      recentSecondsPerJob: 7.25,
      depth: [
        { priority: 'INTERACTIVE', queued: 2, leased: 1 },
        { priority: 'BULK', queued: 40, leased: 0 },
      ],
      unrunnable,
    },
  };
}

function workersData(workers: Worker[]): AdminWorkersQuery {
  return { workers };
}

// A box that reported itself: an L4 with the SD1.5 files and the SDXL ControlNet, not the SDXL checkpoint.
const reportingBox = makeWorker({
  id: 'w-3',
  name: 'gpu-l4',
  baseModels: ['sdxl', 'sd15'],
  capabilities: {
    gpus: [{ name: 'NVIDIA L4', vramMb: 23_034 }],
    modelFolders: [
      { folder: 'checkpoints', files: ['v1-5-pruned-emaonly.safetensors'] },
      { folder: 'controlnet', files: ['control_v11p_sd15_openpose.pth', 'controlnet-openpose-sdxl-1.0.safetensors'] },
      { folder: 'instantid', files: [] },
    ],
    nodeClassCount: 712,
    customNodes: ['ComfyUI_InstantID'],
    loraFileCount: 5,
  },
  leaseBlocks: [
    block({ code: 'MISSING_MODEL_FILE', baseModel: 'sdxl', folder: 'checkpoints', file: 'sd_xl_base_1.0.safetensors' }),
    block({ code: 'MISSING_NODE_CLASSES', nodeClasses: ['ApplyInstantID', 'InstantIDModelLoader'], queuedJobs: 3 }),
    block({ code: 'MISSING_MODEL_FILE', baseModel: 'sdxl', folder: 'instantid', file: 'ip-adapter.bin', nodeClass: 'InstantIDModelLoader' }),
  ],
});
const cpuBox = makeWorker({
  id: 'w-4',
  name: 'cpu-box',
  capabilities: { gpus: [], modelFolders: [{ folder: 'checkpoints', files: [] }], nodeClassCount: 540, customNodes: [], loraFileCount: 0 },
  leaseBlocks: [block({ code: 'NO_GPU_MEMORY' }), block({ code: 'MISSING_MODEL_FILE', baseModel: 'sdxl', folder: 'controlnet', file: 'controlnet-openpose-sdxl-1.0.safetensors' })],
});
const offlineBox = makeWorker({ id: 'w-5', name: 'old-box', status: 'OFFLINE', leaseBlocks: [block({ code: 'OFFLINE' })] });
const unrunnable: UnrunnableQueue[] = [
  {
    backend: 'comfyui',
    baseModel: 'sdxl',
    queued: 12,
    blocks: [
      { code: 'MISSING_MODEL_FILE', workerName: 'gpu-l4', baseModel: 'sdxl', folder: 'checkpoints', file: 'sd_xl_base_1.0.safetensors', nodeClass: 'CheckpointLoaderSimple', needVramMb: null, vramMb: null, nodeClasses: [] },
      { code: 'NO_GPU_MEMORY', workerName: 'cpu-box', baseModel: null, folder: null, file: null, nodeClass: null, needVramMb: null, vramMb: null, nodeClasses: [] },
      { code: 'TOO_LITTLE_VRAM', workerName: 'gpu-6gb', baseModel: 'sdxl', folder: null, file: null, nodeClass: null, needVramMb: 8192, vramMb: 6144, nodeClasses: [] },
    ],
  },
  { backend: 'comfyui', baseModel: 'sd15', queued: 1, blocks: [{ code: 'NO_WORKER', workerName: null, baseModel: 'sd15', folder: null, file: null, nodeClass: null, needVramMb: null, vramMb: null, nodeClasses: [] }] },
];

function stubPage(workers: () => Worker[], extra: Parameters<typeof stubGraphQL>[0] = {}, queues: UnrunnableQueue[] = []) {
  return stubGraphQL({ AdminQueue: () => ({ body: { data: queueData(queues) } }), AdminWorkers: () => ({ body: { data: workersData(workers()) } }), ...extra });
}

const lines = (element: HTMLElement) => [...element.querySelectorAll('li')].filter((li) => !li.querySelector('li')).map((li) => li.textContent);

describe('WorkersPage', () => {
  // Only Date is fake (setTimeout stays real), so userEvent.setup() needs no advanceTimers.
  beforeEach(() => {
    useFakeTimersFor(['Date'], { now: new Date('2026-11-25T04:00:00Z'), advanceTimers: true });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows queue depth per priority, seconds per job and every worker', async () => {
    stubPage(() => [makeWorker(), makeWorker({ id: 'w-2', name: 'old-box', status: 'OFFLINE', backend: 'draft', loadedCheckpoint: null, loadedLoraKey: null, vramMb: null, lastHeartbeatAt: '2026-11-25T01:00:00Z', leaseBlocks: [block({ code: 'OFFLINE' })] })]);
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
      '—',
      'comfyui',
      'sdxl',
      'Not reported (an older worker, or the draft backend): offered jobs by base model alone',
      'sdxl-base-1.0.safetensorsLoRA loras/golden.safetensors',
      '3',
      '24 GB',
      '2 minutes ago',
      '1,234',
      '5,678',
    ]);
    expect(within(offline!).getByTestId('worker-status').textContent).toBe('Offline');
    expect(within(offline!).getByTestId('worker-lease-blocks').textContent).toBe('Offline: no heartbeat in the last minute');
    expect(screen.queryByTestId('unrunnable-queues')).toBeNull();
    expect(within(offline!).getByTestId('worker-heartbeat').textContent).toBe('3 hours ago');
  });

  it("says when a worker's box has a problem, in the worker's words, and that it takes no jobs", async () => {
    const problem = "ComfyUI on this box does not list checkpoint 'sd_xl_base_1.0.safetensors' (models/checkpoints)";
    stubPage(() => [makeWorker({ boxProblem: problem, leaseBlocks: [block({ code: 'BOX_PROBLEM', boxProblem: problem })] }), makeWorker({ id: 'w-2', name: 'fine-box' })]);
    render(<WorkersPage />);
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(2));
    const [sick, fine] = screen.getAllByTestId('worker-row');
    expect(within(sick!).getByTestId('worker-status').textContent).toBe('Online');
    expect(within(sick!).getByTestId('worker-box-problem').textContent).toBe(`Box problem: takes no jobs${problem}`);
    expect(within(fine!).queryByTestId('worker-box-problem')).toBeNull();
  });

  it('refreshes every 5 seconds', async () => {
    let workers: Worker[] = [];
    const calls = stubPage(() => workers);
    render(<WorkersPage />);
    await screen.findByText('No worker has sent a heartbeat yet.');
    workers = [makeWorker()];
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(1), { timeout: 7000 });
    expect(calls.filter((c) => c.query.includes('query AdminWorkers')).length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.query.includes('query AdminQueue')).length).toBeGreaterThanOrEqual(2);
  }, 10_000);

  it('retries and cancels a preview job by id, with refusals inline in Chinese', async () => {
    const user = userEvent.setup();
    const calls = stubPage(() => [], {
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

  it('shows what each box reported, why it gets no jobs, and the queued jobs no worker can run', async () => {
    stubPage(() => [reportingBox, cpuBox, offlineBox], {}, unrunnable);
    render(<WorkersPage />);
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(3));
    const [l4, cpu, offline] = screen.getAllByTestId('worker-row');
    expect(lines(within(l4!).getByTestId('worker-box'))).toEqual([
      'GPU: NVIDIA L4, 22.5 GB',
      'Checkpoints: v1-5-pruned-emaonly.safetensors',
      'ControlNets: control_v11p_sd15_openpose.pth, controlnet-openpose-sdxl-1.0.safetensors',
      'instantid: none',
      'LoRA files: 5',
      '712 node classes · Custom nodes: ComfyUI_InstantID',
    ]);
    expect(lines(within(l4!).getByTestId('worker-lease-blocks'))).toEqual([
      'Lacks checkpoint sd_xl_base_1.0.safetensors for SDXL: no SDXL jobs',
      'Lacks node classes ApplyInstantID, InstantIDModelLoader: 3 queued jobs need them',
      'Lacks InstantID file ip-adapter.bin (instantid) for SDXL: no InstantID jobs',
    ]);
    expect(lines(within(cpu!).getByTestId('worker-box'))[0]).toBe('No GPU');
    expect(lines(within(cpu!).getByTestId('worker-lease-blocks'))).toEqual([
      'No GPU memory reported: takes no jobs',
      'Lacks ControlNet controlnet-openpose-sdxl-1.0.safetensors for SDXL: no SDXL jobs with a pose',
    ]);
    expect(within(offline!).getByTestId('worker-lease-blocks').textContent).toBe('Offline: no heartbeat in the last minute');

    const queues = screen.getAllByTestId('unrunnable-queue');
    expect(queues.map((q) => q.querySelector('strong')!.textContent)).toEqual(['12 SDXL jobs (comfyui) wait', '1 SD 1.5 job (comfyui) waits']);
    expect(lines(queues[0]!)).toEqual([
      'gpu-l4: Lacks checkpoint sd_xl_base_1.0.safetensors for SDXL: no SDXL jobs',
      'cpu-box: No GPU memory reported: takes no jobs',
      'gpu-6gb: Its largest GPU has 6 GB, SDXL needs 8 GB: no SDXL jobs',
    ]);
    expect(lines(queues[1]!)).toEqual(['No comfyui worker for SD 1.5 is online']);
  });

  it('says the same in Chinese', async () => {
    stubPage(() => [reportingBox, cpuBox, offlineBox], {}, unrunnable);
    render(
      <I18nProvider initialLocale="zh-CN">
        <WorkersPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('worker-row')).toHaveLength(3));
    const [l4, cpu, offline] = screen.getAllByTestId('worker-row');
    expect(lines(within(l4!).getByTestId('worker-box'))).toEqual([
      'GPU：NVIDIA L4，22.5 GB',
      'Checkpoint：v1-5-pruned-emaonly.safetensors',
      'ControlNet：control_v11p_sd15_openpose.pth, controlnet-openpose-sdxl-1.0.safetensors',
      'instantid：无',
      'LoRA 文件：5 个',
      '712 个节点类型 · 自定义节点：ComfyUI_InstantID',
    ]);
    expect(lines(within(l4!).getByTestId('worker-lease-blocks'))).toEqual([
      '缺少 SDXL 的 Checkpoint sd_xl_base_1.0.safetensors：不接 SDXL 任务',
      '缺少节点类型 ApplyInstantID, InstantIDModelLoader：3 个排队任务需要它们',
      '缺少 SDXL 所需的 InstantID 文件 ip-adapter.bin（instantid）：不接 InstantID 任务',
    ]);
    expect(lines(within(cpu!).getByTestId('worker-lease-blocks'))).toEqual(['未上报 GPU 显存：不接任务', '缺少 SDXL 的 ControlNet controlnet-openpose-sdxl-1.0.safetensors：不接带姿势的 SDXL 任务']);
    expect(within(offline!).getByTestId('worker-lease-blocks').textContent).toBe('离线：最近一分钟没有心跳');
    expect(screen.getByRole('heading', { name: '没有 Worker 能渲染的排队任务' })).toBeTruthy();
    const queues = screen.getAllByTestId('unrunnable-queue');
    expect(queues.map((q) => q.querySelector('strong')!.textContent)).toEqual(['12 个 SDXL 任务（comfyui）在等待', '1 个 SD 1.5 任务（comfyui）在等待']);
    expect(lines(queues[0]!)).toEqual([
      'gpu-l4：缺少 SDXL 的 Checkpoint sd_xl_base_1.0.safetensors：不接 SDXL 任务',
      'cpu-box：未上报 GPU 显存：不接任务',
      'gpu-6gb：最大的 GPU 只有 6 GB 显存，SDXL 需要 8 GB：不接 SDXL 任务',
    ]);
    expect(lines(queues[1]!)).toEqual(['没有在线的 comfyui Worker 能渲染 SD 1.5']);
  });
});
