import type { BaseModel } from './schedulable-job.js';

// What a GPU box can run, decided from what its worker reports about its ComfyUI (node classes,
// model files per folder, GPUs) against what a job's graph needs (its base model and node classes).
// A loader node class (CheckpointLoaderSimple, ControlNetLoader, ...) counts as present for a base
// model only when the box also lists the file that loader loads for it, as the API's config names
// it: so "has the checkpoint and the ControlNet" and "has the identity nodes" are one rule,
// required node classes of the compiled graph ⊆ what the box can run.

export interface BoxGpu {
  readonly index: number;
  readonly name: string;
  /** Total memory; null when ComfyUI does not say. */
  readonly vramMb: number | null;
}

/** What a GPU box's ComfyUI has, as its worker reports it in the heartbeat. */
export interface BoxCapabilities {
  readonly gpus: readonly BoxGpu[];
  /** Every node class ComfyUI lists (GET /object_info), custom nodes included. */
  readonly nodeClasses: readonly string[];
  /** Model file names per ComfyUI model folder (folder_paths names: checkpoints, controlnet, ...). */
  readonly modelFiles: Readonly<Record<string, readonly string[]>>;
}

/** The model file a loader node class loads. */
export interface LoaderFile {
  readonly folder: string;
  readonly file: string;
}

/** Per base model, the file each loader node class of a graph loads (from the API's config). */
export type LoaderFiles = Readonly<Record<BaseModel, Readonly<Record<string, LoaderFile>>>>;

/**
 * Per base model, the node classes a box can run (loaders only where it has their file). A base
 * model missing here is one the box runs nothing of. Null: the box said nothing (an older worker,
 * or a CPU backend), which runs whatever its base models allow, as before capabilities existed.
 */
export type BoxReach = Readonly<Partial<Record<BaseModel, readonly string[]>>>;

/** What a job's graph needs. Jobs queued before graphs were recorded need nothing (empty). */
export interface GraphNeeds {
  readonly baseModel: BaseModel;
  readonly nodeClasses: readonly string[];
}

/**
 * Per base model, the least memory (MiB) the box's largest GPU must have for its jobs. ComfyUI itself
 * runs on less by offloading (--lowvram), but a preview then outlasts its lease; absent: no minimum.
 */
export type MinVramMb = Readonly<Partial<Record<BaseModel, number>>>;

/** What a preview render needs by default: SD1.5 at 512-768 px with a ControlNet fits 4 GiB, SDXL at 1024 px with one needs 8 GiB. */
export const DEFAULT_MIN_VRAM_MB: Readonly<Record<BaseModel, number>> = { sd15: 4096, sdxl: 8192 };

/** Why a box cannot run a job (or any job). */
export type BoxGap =
  | { readonly kind: 'NO_GPU_MEMORY' }
  | { readonly kind: 'TOO_LITTLE_VRAM'; readonly baseModel: BaseModel; readonly needMb: number; readonly hasMb: number }
  | { readonly kind: 'MISSING_MODEL_FILE'; readonly baseModel: BaseModel; readonly nodeClass: string; readonly folder: string; readonly file: string }
  | { readonly kind: 'MISSING_NODE_CLASSES'; readonly nodeClasses: readonly string[] };

/** True when ComfyUI reports at least one GPU with its memory: diffusion on a CPU would outlast every lease. */
export function hasGpuMemory(box: BoxCapabilities): boolean {
  return box.gpus.some((gpu) => gpu.vramMb !== null && gpu.vramMb > 0);
}

/** The memory of the box's largest GPU in MiB (0 when none is reported): one job runs on one GPU. */
export function largestGpuMb(box: BoxCapabilities): number {
  return Math.max(0, ...box.gpus.map((gpu) => gpu.vramMb ?? 0));
}

/** The base models (of those given) whose minimum GPU memory the box's largest GPU falls short of. */
export function findVramShortfalls(box: BoxCapabilities, baseModels: readonly BaseModel[], minVramMb: MinVramMb): Array<Extract<BoxGap, { kind: 'TOO_LITTLE_VRAM' }>> {
  if (!hasGpuMemory(box)) return [];
  const hasMb = largestGpuMb(box);
  return [...new Set(baseModels)].flatMap((baseModel) => {
    const needMb = minVramMb[baseModel];
    return needMb !== undefined && hasMb < needMb ? [{ kind: 'TOO_LITTLE_VRAM' as const, baseModel, needMb, hasMb }] : [];
  });
}

/**
 * A box's report + the base models its worker takes + the loaders' files -> per base model, the node
 * classes it can run, limited to `relevant` when given (the classes any compiled graph may use, to
 * keep what is stored small). Empty without GPU memory; a base model whose minimum GPU memory the
 * box lacks is left out (the box runs nothing of it).
 */
export function computeBoxReach(box: BoxCapabilities, baseModels: readonly BaseModel[], loaderFiles: LoaderFiles, relevant?: readonly string[], minVramMb: MinVramMb = {}): BoxReach {
  if (!hasGpuMemory(box)) return {};
  const listed = new Set(box.nodeClasses);
  const classes = relevant ? [...new Set(relevant)].filter((c) => listed.has(c)) : [...listed];
  const short = new Set(findVramShortfalls(box, baseModels, minVramMb).map((gap) => gap.baseModel));
  const reach: Partial<Record<BaseModel, string[]>> = {};
  for (const baseModel of new Set(baseModels)) {
    if (short.has(baseModel)) continue;
    const loaders = loaderFiles[baseModel] ?? {};
    reach[baseModel] = classes.filter((nodeClass) => {
      const loads = loaders[nodeClass];
      return !loads || hasModelFile(box, loads);
    }).sort();
  }
  return reach;
}

/** Whether a box of this reach runs a graph with these needs; a null reach (nothing reported) runs any. */
export function canReachRun(reach: BoxReach | null | undefined, needs: GraphNeeds): boolean {
  if (!reach) return true;
  const runnable = reach[needs.baseModel];
  if (!runnable) return false;
  return needs.nodeClasses.every((nodeClass) => runnable.includes(nodeClass));
}

/**
 * A box's report + a graph's needs -> what keeps the box from running it (empty when nothing does):
 * no GPU memory, too little of it for the base model, each loader file it lacks for the base model,
 * the other node classes it lacks. The worker's base models and box problem are the caller's to check.
 */
export function findBoxGaps(box: BoxCapabilities, needs: GraphNeeds, loaderFiles: LoaderFiles, minVramMb: MinVramMb = {}): BoxGap[] {
  const gaps: BoxGap[] = [];
  if (!hasGpuMemory(box)) gaps.push({ kind: 'NO_GPU_MEMORY' });
  gaps.push(...findVramShortfalls(box, [needs.baseModel], minVramMb));
  const listed = new Set(box.nodeClasses);
  const loaders = loaderFiles[needs.baseModel] ?? {};
  const missingClasses: string[] = [];
  for (const nodeClass of [...new Set(needs.nodeClasses)].sort()) {
    if (!listed.has(nodeClass)) missingClasses.push(nodeClass);
    else {
      const loads = loaders[nodeClass];
      if (loads && !hasModelFile(box, loads)) gaps.push({ kind: 'MISSING_MODEL_FILE', baseModel: needs.baseModel, nodeClass, folder: loads.folder, file: loads.file });
    }
  }
  if (missingClasses.length) gaps.push({ kind: 'MISSING_NODE_CLASSES', nodeClasses: missingClasses });
  return gaps;
}

/**
 * The loader files a box lacks for the base models its worker takes, whatever is queued: e.g. the
 * SDXL checkpoint (no SDXL job at all) or the SDXL ControlNet (no posed SDXL job). Only for loader
 * classes the box lists: a box without the InstantID nodes is not told it lacks their model (what
 * queued jobs need of its node classes is reported apart).
 */
export function findMissingLoaderFiles(box: BoxCapabilities, baseModels: readonly BaseModel[], loaderFiles: LoaderFiles): Array<Extract<BoxGap, { kind: 'MISSING_MODEL_FILE' }>> {
  const missing: Array<Extract<BoxGap, { kind: 'MISSING_MODEL_FILE' }>> = [];
  const listed = new Set(box.nodeClasses);
  for (const baseModel of new Set(baseModels)) {
    for (const [nodeClass, loads] of Object.entries(loaderFiles[baseModel] ?? {})) {
      if (listed.has(nodeClass) && !hasModelFile(box, loads)) missing.push({ kind: 'MISSING_MODEL_FILE', baseModel, nodeClass, folder: loads.folder, file: loads.file });
    }
  }
  return missing;
}

function hasModelFile(box: BoxCapabilities, loads: LoaderFile): boolean {
  return box.modelFiles[loads.folder]?.includes(loads.file) ?? false;
}
