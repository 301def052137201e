// A small txt2img graph of ComfyUI's standard nodes (checkpoint -> prompts -> KSampler -> decode ->
// SaveImage), for tests that talk to the fake ComfyUI without the compiler.

export const TEST_CHECKPOINT = 'sd_xl_base_1.0.safetensors';

export interface TestGraphOptions {
  ckpt?: string;
  steps?: number;
  seed?: number;
  prefix?: string;
  cfg?: unknown;
}

export function comfyTestGraph(options: TestGraphOptions = {}) {
  return {
    checkpoint: { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: options.ckpt ?? TEST_CHECKPOINT } },
    positive: { class_type: 'CLIPTextEncode', inputs: { text: 'a portrait', clip: ['checkpoint', 1] } },
    negative: { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['checkpoint', 1] } },
    latent: { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64, batch_size: 1 } },
    sampler: {
      class_type: 'KSampler',
      inputs: { model: ['checkpoint', 0], seed: options.seed ?? 1, steps: options.steps ?? 3, cfg: options.cfg ?? 7, sampler_name: 'euler', scheduler: 'karras', positive: ['positive', 0], negative: ['negative', 0], latent_image: ['latent', 0], denoise: 1 },
    },
    decode: { class_type: 'VAEDecode', inputs: { samples: ['sampler', 0], vae: ['checkpoint', 2] } },
    save: { class_type: 'SaveImage', inputs: { images: ['decode', 0], filename_prefix: options.prefix ?? 'atelier/test' } },
  };
}
