import { encodeSafetensors, type SafetensorsTensorInput } from './encode.js';

export type DemoLoraBaseModel = 'sd15' | 'sdxl';

export interface DemoLoraOptions {
  name: string;
  baseModel: DemoLoraBaseModel;
  // 1-8; the ceiling keeps every demo file under 200 KB.
  rank?: number;
  seed?: number;
}

export const DEMO_LORA_MAX_RANK = 8;

// [kohya module name, in features, out features]: a handful of real attention layers per base model,
// enough for tools to recognise the file as a LoRA for that model while staying tiny.
const DEMO_LORA_MODULES: Record<DemoLoraBaseModel, ReadonlyArray<readonly [string, number, number]>> = {
  sd15: [
    ['lora_unet_down_blocks_0_attentions_0_proj_in', 320, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q', 320, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_k', 320, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_v', 320, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_0', 320, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k', 768, 320],
    ['lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_v', 768, 320],
    ['lora_unet_down_blocks_0_attentions_0_proj_out', 320, 320],
    ['lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn1_to_q', 320, 320],
    ['lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn1_to_k', 320, 320],
    ['lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn1_to_v', 320, 320],
    ['lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_attn1_to_out_0', 320, 320],
  ],
  sdxl: [
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_q', 640, 640],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_k', 640, 640],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_v', 640, 640],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn1_to_out_0', 640, 640],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k', 2048, 640],
    ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_v', 2048, 640],
  ],
};

const BASE_MODEL_METADATA: Record<DemoLoraBaseModel, { version: string; architecture: string }> = {
  sd15: { version: 'sd_v1', architecture: 'stable-diffusion-v1/lora' },
  sdxl: { version: 'sdxl_base_v1-0', architecture: 'stable-diffusion-xl-v1-base/lora' },
};

/** Name + base model (+ rank, seed) -> a small, valid kohya-style LoRA .safetensors file for demos and tests. */
export function makeDemoLoraSafetensors(options: DemoLoraOptions): Uint8Array {
  const rank = options.rank ?? 4;
  if (!Number.isInteger(rank) || rank < 1 || rank > DEMO_LORA_MAX_RANK) {
    throw new RangeError(`demo LoRA rank must be an integer from 1 to ${DEMO_LORA_MAX_RANK}, got ${rank}`);
  }
  const base = BASE_MODEL_METADATA[options.baseModel];
  const alpha = new Uint8Array(new Float32Array([rank]).buffer);

  const tensors: SafetensorsTensorInput[] = DEMO_LORA_MODULES[options.baseModel].flatMap(([module, inFeatures, outFeatures]) => [
    { name: `${module}.alpha`, dtype: 'F32', shape: [], data: alpha },
    { name: `${module}.lora_down.weight`, dtype: 'F16', shape: [rank, inFeatures] },
    { name: `${module}.lora_up.weight`, dtype: 'F16', shape: [outFeatures, rank] },
  ]);

  return encodeSafetensors({
    seed: options.seed ?? 1,
    tensors,
    metadata: {
      ss_network_module: 'networks.lora',
      ss_base_model_version: base.version,
      ss_network_dim: String(rank),
      ss_network_alpha: String(rank),
      ss_output_name: options.name,
      'modelspec.sai_model_spec': '1.0.0',
      'modelspec.architecture': base.architecture,
      'modelspec.implementation': 'https://github.com/kohya-ss/sd-scripts',
      'modelspec.title': options.name,
    },
  });
}
