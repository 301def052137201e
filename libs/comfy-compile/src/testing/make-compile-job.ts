// Test factories: a job that fits a spec, and style LoRAs with their files.
import type { BaseModel, StyleLora, TemplateSpec } from '@atelier/template-spec';
import type { CompileJob, StyleLoraFile } from '../compile-to-comfy-graph.js';

export const CHECKPOINT_BY_BASE_MODEL: Readonly<Record<BaseModel, string>> = {
  sdxl: 'sd_xl_base_1.0.safetensors',
  sd15: 'v1-5-pruned-emaonly.safetensors',
};

export const OPENPOSE_CONTROLNET_BY_BASE_MODEL: Readonly<Record<BaseModel, string>> = {
  sdxl: 'OpenPoseXL2.safetensors',
  sd15: 'control_v11p_sd15_openpose.pth',
};

export const INSTANTID_FILES = { modelName: 'ip-adapter.bin', controlNetName: 'instantid/diffusion_pytorch_model.safetensors' } as const;

// Four LoRAs; "film grain" is a trigger word of two of them, to exercise de-duplication.
export const STYLE_LORA_FILES: readonly StyleLoraFile[] = [
  { loraId: '3f8a2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b', fileName: 'film-grain.safetensors', triggerWords: ['film grain', 'kodak portra'] },
  { loraId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', fileName: 'soft-focus.safetensors', triggerWords: ['soft focus'] },
  { loraId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', fileName: 'oil-paint.safetensors', triggerWords: [] },
  { loraId: 'b7e2d1c0-9f8e-4d7c-a6b5-c4d3e2f1a0b9', fileName: 'vintage.safetensors', triggerWords: [' film grain ', 'sepia'] },
];

/** The first `count` style LoRAs with the given weights (default 0.55 each). */
export function makeStyleLoras(count: number, weights: readonly number[] = []): StyleLora[] {
  return STYLE_LORA_FILES.slice(0, count).map((file, index) => ({ loraId: file.loraId, weight: weights[index] ?? 0.55 }));
}

export const SLOT_VALUES = { subject: 'a woman with short red hair', gender: 'female', age: '34' } as const;

/** A job with concrete files, seed and slots for `spec`; override only what a test cares about. */
export function makeCompileJob(spec: TemplateSpec, overrides: Partial<CompileJob> = {}): CompileJob {
  return {
    checkpointName: CHECKPOINT_BY_BASE_MODEL[spec.baseModel],
    controlNetName: OPENPOSE_CONTROLNET_BY_BASE_MODEL[spec.baseModel],
    identityLora: { fileName: 'user-7f3a-identity.safetensors' },
    instantId: { ...INSTANTID_FILES, facePhoto: 'job-42-face.png' },
    styleLoras: [...STYLE_LORA_FILES],
    seed: 123456789,
    slots: SLOT_VALUES,
    inputImages: { poseMap: 'job-42-pose.png', lightMap: 'job-42-light.png' },
    filenamePrefix: 'atelier/job-42',
    ...overrides,
  };
}

/** The same job with the identity LoRA, seed and slots left as placeholders (what the catalog stores). */
export function makePlaceholderJob(spec: TemplateSpec, overrides: Partial<CompileJob> = {}): CompileJob {
  return makeCompileJob(spec, {
    identityLora: { placeholder: true },
    instantId: { ...INSTANTID_FILES, facePhoto: { placeholder: true } },
    seed: { placeholder: true },
    likeness: { placeholder: true },
    slots: 'placeholders',
    ...overrides,
  });
}
