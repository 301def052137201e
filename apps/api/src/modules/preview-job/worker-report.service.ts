import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BoxCapabilitiesReport } from '@atelier/preview-job';
import { findBoxGaps, findMissingLoaderFiles, findVramShortfalls, hasGpuMemory, type BaseModel, type BoxGap } from '@atelier/scheduler';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { canWorkerTake, ONLINE_WITHIN_MS, readOnlineWorkers, readQueuedGroups, type OnlineWorker, type QueuedGroup } from './worker-capacity.js';

// For admins: every worker with what its box reported and what keeps it from jobs now, and the
// queued renders no online worker can run, with why. Facts, not sentences: the studio words them
// in the admin's language (the one sentence kept as is is a worker's own boxProblem).

/** What keeps a worker, or every worker, from queued jobs. */
export interface LeaseBlock {
  code: 'OFFLINE' | 'BOX_PROBLEM' | 'NO_GPU_MEMORY' | 'TOO_LITTLE_VRAM' | 'MISSING_MODEL_FILE' | 'MISSING_NODE_CLASSES' | 'NO_WORKER';
  /** The worker it is about (in the queue's view; on a worker's own row, null). */
  workerName: string | null;
  baseModel: BaseModel | null;
  /** MISSING_MODEL_FILE: the model folder, the file this API's config names and the loader that loads it. */
  folder: string | null;
  file: string | null;
  nodeClass: string | null;
  /** TOO_LITTLE_VRAM: the memory the base model needs and the box's largest GPU has (MiB). */
  needVramMb: number | null;
  vramMb: number | null;
  /** MISSING_NODE_CLASSES: the classes the box does not list. */
  nodeClasses: string[];
  /** MISSING_NODE_CLASSES on a worker: how many queued jobs need them. */
  queuedJobs: number | null;
  boxProblem: string | null;
}

/** Queued renders of one backend and base model that no online worker can run now, and why. */
export interface UnrunnableQueue {
  backend: string;
  baseModel: BaseModel;
  queued: number;
  blocks: LeaseBlock[];
}

function block(code: LeaseBlock['code'], fields: Partial<LeaseBlock> = {}): LeaseBlock {
  return { code, workerName: null, baseModel: null, folder: null, file: null, nodeClass: null, needVramMb: null, vramMb: null, nodeClasses: [], queuedJobs: null, boxProblem: null, ...fields };
}

function blockOfGap(gap: BoxGap, workerName: string | null): LeaseBlock {
  switch (gap.kind) {
    case 'NO_GPU_MEMORY':
      return block('NO_GPU_MEMORY', { workerName });
    case 'TOO_LITTLE_VRAM':
      return block('TOO_LITTLE_VRAM', { workerName, baseModel: gap.baseModel, needVramMb: gap.needMb, vramMb: gap.hasMb });
    case 'MISSING_MODEL_FILE':
      return block('MISSING_MODEL_FILE', { workerName, baseModel: gap.baseModel, folder: gap.folder, file: gap.file, nodeClass: gap.nodeClass });
    case 'MISSING_NODE_CLASSES':
      return block('MISSING_NODE_CLASSES', { workerName, nodeClasses: [...gap.nodeClasses] });
  }
}

interface WorkerRow {
  token_id: string;
  name: string;
  backend: string;
  base_models: BaseModel[];
  loaded_checkpoint: string | null;
  loaded_lora_key: string | null;
  vram_mb: number | null;
  cached_lora_hashes: string[];
  box_problem: string | null;
  capabilities: BoxCapabilitiesReport | null;
  last_heartbeat_at: Date;
  jobs_done: number;
  gpu_ms: string;
}

@Injectable()
export class WorkerReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly comfyGraphs: ComfyGraphService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Every worker of a token not revoked, by name, with its report and what keeps it from jobs. */
  async workers() {
    const [rows, groups] = await Promise.all([
      this.dataSource.query(`SELECT w.*, t.name FROM workers w JOIN worker_tokens t ON t.id = w.token_id WHERE t.revoked_at IS NULL ORDER BY t.name`) as Promise<WorkerRow[]>,
      readQueuedGroups(this.dataSource),
    ]);
    return rows.map((r) => {
      const online = Date.now() - r.last_heartbeat_at.getTime() < ONLINE_WITHIN_MS;
      return {
        id: r.token_id,
        name: r.name,
        backend: r.backend,
        status: online ? 'ONLINE' : 'OFFLINE',
        baseModels: r.base_models,
        loadedCheckpoint: r.loaded_checkpoint,
        loadedLoraKey: r.loaded_lora_key,
        vramMb: r.vram_mb,
        cachedLoraCount: r.cached_lora_hashes.length,
        boxProblem: r.box_problem,
        capabilities: r.capabilities,
        leaseBlocks: this.leaseBlocksOf(r, online, groups),
        lastHeartbeatAt: r.last_heartbeat_at,
        jobsDone: r.jobs_done,
        gpuSeconds: Number(r.gpu_ms) / 1000,
      };
    });
  }

  /** Queued renders that no online worker can run now, per backend and base model, and why. */
  async unrunnableQueues(): Promise<UnrunnableQueue[]> {
    const [groups, online] = await Promise.all([readQueuedGroups(this.dataSource), readOnlineWorkers(this.dataSource, true)]);
    return this.unrunnable(groups, online);
  }

  // Why a worker gets nothing now, or nothing of some kind: offline; a box problem; no GPU memory, or
  // too little for a base model it takes;
  // each loader file it lacks for a base model it takes (no job of that base model, or none with a
  // pose); node classes that queued jobs of its base models need and its box does not list.
  private leaseBlocksOf(r: WorkerRow, online: boolean, groups: readonly QueuedGroup[]): LeaseBlock[] {
    if (!online) return [block('OFFLINE')];
    const blocks: LeaseBlock[] = [];
    if (r.box_problem) blocks.push(block('BOX_PROBLEM', { boxProblem: r.box_problem }));
    // The draft renderer needs nothing of its box; a worker that reports nothing is leased to as before.
    const box = r.backend === 'comfyui' ? r.capabilities : null;
    if (!box) return blocks;
    if (!hasGpuMemory(box)) blocks.push(block('NO_GPU_MEMORY'));
    for (const short of findVramShortfalls(box, r.base_models, this.config.comfy.minVramMb)) blocks.push(blockOfGap(short, null));
    for (const missing of findMissingLoaderFiles(box, r.base_models, this.comfyGraphs.loaderFiles())) blocks.push(blockOfGap(missing, null));
    const listed = new Set(box.nodeClasses);
    const lacking = new Set<string>();
    let queuedJobs = 0;
    for (const group of groups) {
      if (group.backend !== r.backend || !r.base_models.includes(group.baseModel)) continue;
      const missing = group.nodeClasses.filter((c) => !listed.has(c));
      if (!missing.length) continue;
      queuedJobs += group.queued;
      for (const nodeClass of missing) lacking.add(nodeClass);
    }
    if (lacking.size) blocks.push(block('MISSING_NODE_CLASSES', { nodeClasses: [...lacking].sort(), queuedJobs }));
    return blocks;
  }

  // A queued graph no online worker takes: each worker of its backend and base model says why
  // (its box problem, or what its box lacks for that graph), or none is online.
  private unrunnable(groups: readonly QueuedGroup[], online: readonly OnlineWorker[]): UnrunnableQueue[] {
    const loaderFiles = this.comfyGraphs.loaderFiles();
    const byModel = new Map<string, UnrunnableQueue & { seen: Set<string> }>();
    for (const group of groups) {
      if (online.some((w) => canWorkerTake(w, group))) continue;
      const key = `${group.backend}:${group.baseModel}`;
      const entry = byModel.get(key) ?? { backend: group.backend, baseModel: group.baseModel, queued: 0, blocks: [], seen: new Set<string>() };
      byModel.set(key, entry);
      entry.queued += group.queued;
      const candidates = online.filter((w) => w.backend === group.backend && w.base_models.includes(group.baseModel));
      const blocks = candidates.length
        ? candidates.flatMap((w) => {
            if (w.box_problem) return [block('BOX_PROBLEM', { workerName: w.name, boxProblem: w.box_problem })];
            return w.backend === 'comfyui' && w.capabilities ? findBoxGaps(w.capabilities, group, loaderFiles, this.config.comfy.minVramMb).map((gap) => blockOfGap(gap, w.name)) : [];
          })
        : [block('NO_WORKER', { baseModel: group.baseModel })];
      for (const b of blocks) {
        const id = JSON.stringify(b);
        if (entry.seen.has(id)) continue;
        entry.seen.add(id);
        entry.blocks.push(b);
      }
    }
    return [...byModel.values()].sort((a, b) => `${a.backend}:${a.baseModel}`.localeCompare(`${b.backend}:${b.baseModel}`)).map(({ seen: _seen, ...queue }) => queue);
  }
}
