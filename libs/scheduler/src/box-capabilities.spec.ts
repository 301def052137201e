import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { canReachRun, computeBoxReach, findBoxGaps, findMissingLoaderFiles, findVramShortfalls, hasGpuMemory, largestGpuMb, type BoxCapabilities, type LoaderFiles } from './box-capabilities.js';
import { selectLeasableJobs } from './select-leasable-jobs.js';
import { pickNextJob } from './pick-next-job.js';
import { canWorkerRun } from './swap-cost.js';
import { makeJob, makeWorker } from './testing/make-schedulable-job.js';

const LOADERS: LoaderFiles = {
  sdxl: { CheckpointLoaderSimple: { folder: 'checkpoints', file: 'sd_xl_base_1.0.safetensors' }, ControlNetLoader: { folder: 'controlnet', file: 'openpose-sdxl.safetensors' } },
  sd15: { CheckpointLoaderSimple: { folder: 'checkpoints', file: 'v1-5-pruned-emaonly.safetensors' }, ControlNetLoader: { folder: 'controlnet', file: 'control_v11p_sd15_openpose.pth' } },
};
const CORE = ['CheckpointLoaderSimple', 'LoraLoader', 'CLIPTextEncode', 'EmptyLatentImage', 'KSampler', 'VAEDecode', 'SaveImage'];
const POSED = [...CORE, 'ControlNetLoader', 'ControlNetApplyAdvanced', 'LoadImage'];
const IDENTITY = [...CORE, 'InstantIDModelLoader', 'ApplyInstantID'];
const STANDARD = [...POSED, 'VAEEncode', 'PreviewImage'];

const box = (over: Partial<BoxCapabilities> = {}): BoxCapabilities => ({
  gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 4090', vramMb: 24_564 }],
  nodeClasses: STANDARD,
  modelFiles: { checkpoints: ['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors'], controlnet: ['openpose-sdxl.safetensors', 'control_v11p_sd15_openpose.pth'] },
  ...over,
});

describe('what a box can run', () => {
  it('runs the graphs of every base model it has the checkpoint for, and nothing of one it lacks', () => {
    const noSdxl = box({ modelFiles: { checkpoints: ['v1-5-pruned-emaonly.safetensors'], controlnet: ['control_v11p_sd15_openpose.pth', 'openpose-sdxl.safetensors'] } });
    const reach = computeBoxReach(noSdxl, ['sdxl', 'sd15'], LOADERS);
    expect(canReachRun(reach, { baseModel: 'sd15', nodeClasses: POSED })).toBe(true);
    expect(canReachRun(reach, { baseModel: 'sdxl', nodeClasses: CORE })).toBe(false);
    expect(findBoxGaps(noSdxl, { baseModel: 'sdxl', nodeClasses: CORE }, LOADERS)).toEqual([
      { kind: 'MISSING_MODEL_FILE', baseModel: 'sdxl', nodeClass: 'CheckpointLoaderSimple', folder: 'checkpoints', file: 'sd_xl_base_1.0.safetensors' },
    ]);
  });

  it('runs unposed graphs without the ControlNet, posed ones only with it', () => {
    const noControlNet = box({ modelFiles: { checkpoints: ['sd_xl_base_1.0.safetensors'], controlnet: [] } });
    const reach = computeBoxReach(noControlNet, ['sdxl'], LOADERS);
    expect(canReachRun(reach, { baseModel: 'sdxl', nodeClasses: CORE })).toBe(true);
    expect(canReachRun(reach, { baseModel: 'sdxl', nodeClasses: POSED })).toBe(false);
    expect(findMissingLoaderFiles(noControlNet, ['sdxl'], LOADERS)).toEqual([
      { kind: 'MISSING_MODEL_FILE', baseModel: 'sdxl', nodeClass: 'ControlNetLoader', folder: 'controlnet', file: 'openpose-sdxl.safetensors' },
    ]);
  });

  it('runs a graph with custom nodes only on a box that lists them', () => {
    const reach = computeBoxReach(box(), ['sdxl'], LOADERS);
    expect(canReachRun(reach, { baseModel: 'sdxl', nodeClasses: IDENTITY })).toBe(false);
    expect(findBoxGaps(box(), { baseModel: 'sdxl', nodeClasses: IDENTITY }, LOADERS)).toEqual([{ kind: 'MISSING_NODE_CLASSES', nodeClasses: ['ApplyInstantID', 'InstantIDModelLoader'] }]);
    const withNodes = box({ nodeClasses: [...STANDARD, 'InstantIDModelLoader', 'ApplyInstantID'] });
    expect(canReachRun(computeBoxReach(withNodes, ['sdxl'], LOADERS), { baseModel: 'sdxl', nodeClasses: IDENTITY })).toBe(true);
  });

  it('runs InstantID graphs only with the InstantID model and its ControlNet, and tells only a box with the nodes that it lacks them', () => {
    const loaders: LoaderFiles = {
      ...LOADERS,
      sdxl: { ...LOADERS.sdxl, InstantIDModelLoader: { folder: 'instantid', file: 'ip-adapter.bin' }, ApplyInstantID: { folder: 'controlnet', file: 'instantid/diffusion_pytorch_model.safetensors' } },
    };
    const instantIdGraph = [...POSED, 'InstantIDModelLoader', 'InstantIDFaceAnalysis', 'ApplyInstantID'];
    const nodes = [...STANDARD, 'InstantIDModelLoader', 'InstantIDFaceAnalysis', 'ApplyInstantID'];
    const files = box().modelFiles;
    const complete = box({ nodeClasses: nodes, modelFiles: { ...files, instantid: ['ip-adapter.bin'], controlnet: [...files['controlnet']!, 'instantid/diffusion_pytorch_model.safetensors'] } });
    expect(canReachRun(computeBoxReach(complete, ['sdxl'], loaders), { baseModel: 'sdxl', nodeClasses: instantIdGraph })).toBe(true);
    const noModel = box({ nodeClasses: nodes, modelFiles: { ...files, controlnet: [...files['controlnet']!, 'instantid/diffusion_pytorch_model.safetensors'] } });
    expect(canReachRun(computeBoxReach(noModel, ['sdxl'], loaders), { baseModel: 'sdxl', nodeClasses: instantIdGraph })).toBe(false);
    expect(findMissingLoaderFiles(noModel, ['sdxl'], loaders)).toEqual([{ kind: 'MISSING_MODEL_FILE', baseModel: 'sdxl', nodeClass: 'InstantIDModelLoader', folder: 'instantid', file: 'ip-adapter.bin' }]);
    const noControlNet = box({ nodeClasses: nodes, modelFiles: { ...files, instantid: ['ip-adapter.bin'] } });
    expect(findBoxGaps(noControlNet, { baseModel: 'sdxl', nodeClasses: instantIdGraph }, loaders)).toEqual([
      { kind: 'MISSING_MODEL_FILE', baseModel: 'sdxl', nodeClass: 'ApplyInstantID', folder: 'controlnet', file: 'instantid/diffusion_pytorch_model.safetensors' },
    ]);
    // Still runs everything else; a box without the InstantID nodes is not told about their files.
    expect(canReachRun(computeBoxReach(noControlNet, ['sdxl'], loaders), { baseModel: 'sdxl', nodeClasses: POSED })).toBe(true);
    expect(findMissingLoaderFiles(box(), ['sdxl'], loaders)).toEqual([]);
  });

  it('runs nothing without GPU memory, and says so', () => {
    const cpu = box({ gpus: [] });
    expect(hasGpuMemory(cpu)).toBe(false);
    expect(hasGpuMemory(box({ gpus: [{ index: 0, name: 'cuda:0', vramMb: null }] }))).toBe(false);
    expect(computeBoxReach(cpu, ['sdxl', 'sd15'], LOADERS)).toEqual({});
    expect(findBoxGaps(cpu, { baseModel: 'sd15', nodeClasses: CORE }, LOADERS)).toEqual([{ kind: 'NO_GPU_MEMORY' }]);
  });

  it('runs anything when the box said nothing (an older worker)', () => {
    expect(canReachRun(null, { baseModel: 'sdxl', nodeClasses: IDENTITY })).toBe(true);
    expect(canReachRun(undefined, { baseModel: 'sdxl', nodeClasses: [] })).toBe(true);
  });

  it('keeps only the classes compiled graphs may use when told which', () => {
    const reach = computeBoxReach(box({ nodeClasses: [...STANDARD, 'UpscaleModelLoader'] }), ['sdxl'], LOADERS, [...STANDARD, 'ApplyInstantID']);
    expect(reach.sdxl).toEqual([...STANDARD].sort());
    expect(reach.sd15).toBeUndefined();
  });

  it('leaves out a base model whose minimum GPU memory the largest GPU lacks, and says by how much', () => {
    const min = { sd15: 4096, sdxl: 8192 };
    const small = box({ gpus: [{ index: 0, name: 'RTX 3050', vramMb: 6144 }, { index: 1, name: 'GT 1030', vramMb: 2048 }] });
    const reach = computeBoxReach(small, ['sdxl', 'sd15'], LOADERS, undefined, min);
    expect(reach.sdxl).toBeUndefined();
    expect(reach.sd15).toEqual(expect.arrayContaining(CORE));
    expect(findVramShortfalls(small, ['sdxl', 'sd15'], min)).toEqual([{ kind: 'TOO_LITTLE_VRAM', baseModel: 'sdxl', needMb: 8192, hasMb: 6144 }]);
    expect(findBoxGaps(small, { baseModel: 'sdxl', nodeClasses: CORE }, LOADERS, min)).toEqual([{ kind: 'TOO_LITTLE_VRAM', baseModel: 'sdxl', needMb: 8192, hasMb: 6144 }]);
    expect(findBoxGaps(small, { baseModel: 'sd15', nodeClasses: CORE }, LOADERS, min)).toEqual([]);
    // Exactly the minimum is enough; a box without GPU memory says that instead; no minimum, no gap.
    expect(computeBoxReach(box({ gpus: [{ index: 0, name: 'RTX 4060', vramMb: 8192 }] }), ['sdxl'], LOADERS, undefined, min).sdxl).toBeDefined();
    expect(findVramShortfalls(box({ gpus: [] }), ['sdxl'], min)).toEqual([]);
    expect(computeBoxReach(small, ['sdxl'], LOADERS).sdxl).toBeDefined();
    expect(largestGpuMb(small)).toBe(6144);
  });

  it('agrees with findBoxGaps: a box runs a graph exactly when nothing keeps it from it', () => {
    const classes = [...new Set([...STANDARD, 'InstantIDModelLoader', 'ApplyInstantID'])];
    const files = ['sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'openpose-sdxl.safetensors', 'control_v11p_sd15_openpose.pth'];
    fc.assert(
      fc.property(
        fc.subarray(classes),
        fc.subarray(files),
        fc.boolean(),
        fc.constantFrom('sdxl' as const, 'sd15' as const),
        fc.subarray(classes),
        fc.integer({ min: 1024, max: 32_768 }),
        (listed, held, gpu, baseModel, needed, vramMb) => {
          const report = box({ nodeClasses: listed, modelFiles: { checkpoints: held, controlnet: held }, gpus: gpu ? [{ index: 0, name: 'gpu', vramMb }] : [] });
          const needs = { baseModel, nodeClasses: needed };
          const min = { sd15: 4096, sdxl: 8192 };
          expect(canReachRun(computeBoxReach(report, ['sdxl', 'sd15'], LOADERS, undefined, min), needs)).toBe(findBoxGaps(report, needs, LOADERS, min).length === 0);
        },
      ),
    );
  });
});

describe('the policy with box reach', () => {
  const reach = computeBoxReach(box({ modelFiles: { checkpoints: ['v1-5-pruned-emaonly.safetensors'], controlnet: [] } }), ['sdxl', 'sd15'], LOADERS);

  it('offers a worker only the jobs its box can run', () => {
    const worker = makeWorker({ baseModels: ['sdxl', 'sd15'], reach });
    const sdxl = makeJob({ baseModel: 'sdxl', nodeClasses: CORE, enqueuedAt: 0 });
    const sd15Posed = makeJob({ baseModel: 'sd15', nodeClasses: POSED, enqueuedAt: 1 });
    const sd15 = makeJob({ baseModel: 'sd15', nodeClasses: CORE, enqueuedAt: 2 });
    expect([sdxl, sd15Posed, sd15].map((job) => canWorkerRun(worker, job))).toEqual([false, false, true]);
    expect(selectLeasableJobs(worker, [sdxl, sd15Posed, sd15], [], { now: 10 })).toEqual([sd15]);
    expect(pickNextJob(worker, [sdxl, sd15Posed, sd15], { runningByDesigner: new Map() }, { now: 10 })?.job).toBe(sd15);
  });

  it('treats a job whose graph is unknown as needing only its base model, and a box without GPU memory as running none', () => {
    expect(canWorkerRun(makeWorker({ baseModels: ['sd15'], reach }), makeJob({ baseModel: 'sd15' }))).toBe(true);
    expect(canWorkerRun(makeWorker({ baseModels: ['sd15'], reach: { sdxl: CORE } }), makeJob({ baseModel: 'sd15' }))).toBe(false);
    expect(canWorkerRun(makeWorker({ baseModels: ['sd15'], reach: computeBoxReach(box({ gpus: [] }), ['sd15'], LOADERS) }), makeJob({ baseModel: 'sd15' }))).toBe(false);
  });
});
