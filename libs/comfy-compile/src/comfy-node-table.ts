// The ComfyUI node classes Atelier compiles to: the standard ones (ComfyUI v0.3.x nodes.py and its core
// comfy_extras nodes_images.py and nodes_mask.py) and, for InstantID identity, cubiq/ComfyUI_InstantID's
// (InstantID.py), as their sources declare them.
import { SAMPLER_NAMES, SCHEDULER_NAMES } from '@atelier/template-spec';

/** Types that travel along links between nodes. */
export const COMFY_LINK_TYPES = ['MODEL', 'CLIP', 'VAE', 'CONDITIONING', 'LATENT', 'IMAGE', 'MASK', 'CONTROL_NET', 'INSTANTID', 'FACEANALYSIS'] as const;

export type ComfyLinkType = (typeof COMFY_LINK_TYPES)[number];

export type ComfyInputSpec =
  /** Must be a link to an output of this type. */
  | { type: ComfyLinkType }
  | { type: 'INT'; min: number; max: number; step?: number }
  | { type: 'FLOAT'; min: number; max: number }
  | { type: 'STRING' }
  | { type: 'BOOLEAN' }
  /** A file name from one of ComfyUI's model or input folders: any non-empty string. */
  | { type: 'FILE'; folder: string }
  | { type: 'COMBO'; options: readonly string[] };

export interface ComfyNodeClassSpec {
  required: Readonly<Record<string, ComfyInputSpec>>;
  optional?: Readonly<Record<string, ComfyInputSpec>>;
  /** Output types in index order; a link `[id, i]` takes `outputs[i]`. */
  outputs: readonly ComfyLinkType[];
  /** Output nodes (SaveImage) are what ComfyUI executes the graph for. */
  isOutputNode?: boolean;
}

// ComfyUI's INT is 64-bit; 2 ** 64 - 1 rounds up to 2 ** 64 as a double, which validateComfyGraph accounts for.
export const COMFY_SEED_MAX = 2 ** 64 - 1;

const STRENGTH = { type: 'FLOAT', min: -100, max: 100 } as const;
const PERCENT = { type: 'FLOAT', min: 0, max: 1 } as const;
const LATENT_SIDE = { type: 'INT', min: 16, max: 8192, step: 8 } as const;
// Image sizes and offsets (ComfyUI allows 0..MAX_RESOLUTION = 16384); Atelier's canvases are at most 2048.
const IMAGE_OFFSET = { type: 'INT', min: 0, max: 8192 } as const;
const IMAGE_SIDE = { type: 'INT', min: 1, max: 8192 } as const;
const PIXEL_COUNT = { type: 'INT', min: 0, max: 8192 } as const;
/** ImageScale's methods, as nodes.py lists them. */
export const COMFY_UPSCALE_METHODS = ['nearest-exact', 'bilinear', 'area', 'bicubic', 'lanczos'] as const;
// InsightFace's ONNX execution providers InstantIDFaceAnalysis offers.
const INSTANTID_FACE_PROVIDERS = ['CPU', 'CUDA', 'ROCM', 'CoreML'] as const;

/** Every node class a compiled graph may use: required (and optional) inputs and output types. */
export const COMFY_NODE_TABLE: Readonly<Record<string, ComfyNodeClassSpec>> = {
  CheckpointLoaderSimple: {
    required: { ckpt_name: { type: 'FILE', folder: 'models/checkpoints' } },
    outputs: ['MODEL', 'CLIP', 'VAE'],
  },
  LoraLoader: {
    required: {
      model: { type: 'MODEL' },
      clip: { type: 'CLIP' },
      lora_name: { type: 'FILE', folder: 'models/loras' },
      strength_model: STRENGTH,
      strength_clip: STRENGTH,
    },
    outputs: ['MODEL', 'CLIP'],
  },
  CLIPTextEncode: {
    required: { text: { type: 'STRING' }, clip: { type: 'CLIP' } },
    outputs: ['CONDITIONING'],
  },
  EmptyLatentImage: {
    required: { width: LATENT_SIDE, height: LATENT_SIDE, batch_size: { type: 'INT', min: 1, max: 4096 } },
    outputs: ['LATENT'],
  },
  LoadImage: {
    required: { image: { type: 'FILE', folder: 'input' } },
    outputs: ['IMAGE', 'MASK'],
  },
  VAEEncode: {
    required: { pixels: { type: 'IMAGE' }, vae: { type: 'VAE' } },
    outputs: ['LATENT'],
  },
  ControlNetLoader: {
    required: { control_net_name: { type: 'FILE', folder: 'models/controlnet' } },
    outputs: ['CONTROL_NET'],
  },
  ControlNetApplyAdvanced: {
    required: {
      positive: { type: 'CONDITIONING' },
      negative: { type: 'CONDITIONING' },
      control_net: { type: 'CONTROL_NET' },
      image: { type: 'IMAGE' },
      strength: { type: 'FLOAT', min: 0, max: 10 },
      start_percent: PERCENT,
      end_percent: PERCENT,
    },
    optional: { vae: { type: 'VAE' } },
    outputs: ['CONDITIONING', 'CONDITIONING'],
  },
  KSampler: {
    required: {
      model: { type: 'MODEL' },
      seed: { type: 'INT', min: 0, max: COMFY_SEED_MAX },
      steps: { type: 'INT', min: 1, max: 10000 },
      cfg: { type: 'FLOAT', min: 0, max: 100 },
      // Atelier's names (template-spec), every one of which ComfyUI's KSampler accepts.
      sampler_name: { type: 'COMBO', options: SAMPLER_NAMES },
      scheduler: { type: 'COMBO', options: SCHEDULER_NAMES },
      positive: { type: 'CONDITIONING' },
      negative: { type: 'CONDITIONING' },
      latent_image: { type: 'LATENT' },
      denoise: PERCENT,
    },
    outputs: ['LATENT'],
  },
  VAEDecode: {
    required: { samples: { type: 'LATENT' }, vae: { type: 'VAE' } },
    outputs: ['IMAGE'],
  },
  // The face pass (core nodes: ImageCrop in comfy_extras/nodes_images.py, ImageScale in nodes.py,
  // ImageCompositeMasked, SolidMask and FeatherMask in comfy_extras/nodes_mask.py).
  ImageCrop: {
    required: { image: { type: 'IMAGE' }, width: IMAGE_SIDE, height: IMAGE_SIDE, x: IMAGE_OFFSET, y: IMAGE_OFFSET },
    outputs: ['IMAGE'],
  },
  ImageScale: {
    required: {
      image: { type: 'IMAGE' },
      upscale_method: { type: 'COMBO', options: COMFY_UPSCALE_METHODS },
      // 0 keeps the aspect ratio from the other side; the compiler always gives both.
      width: PIXEL_COUNT,
      height: PIXEL_COUNT,
      crop: { type: 'COMBO', options: ['disabled', 'center'] },
    },
    outputs: ['IMAGE'],
  },
  ImageCompositeMasked: {
    required: {
      destination: { type: 'IMAGE' },
      source: { type: 'IMAGE' },
      x: IMAGE_OFFSET,
      y: IMAGE_OFFSET,
      resize_source: { type: 'BOOLEAN' },
    },
    optional: { mask: { type: 'MASK' } },
    outputs: ['IMAGE'],
  },
  SolidMask: {
    required: { value: PERCENT, width: IMAGE_SIDE, height: IMAGE_SIDE },
    outputs: ['MASK'],
  },
  FeatherMask: {
    required: { mask: { type: 'MASK' }, left: PIXEL_COUNT, top: PIXEL_COUNT, right: PIXEL_COUNT, bottom: PIXEL_COUNT },
    outputs: ['MASK'],
  },
  SaveImage: {
    required: { images: { type: 'IMAGE' }, filename_prefix: { type: 'STRING' } },
    outputs: [],
    isOutputNode: true,
  },
  // cubiq/ComfyUI_InstantID: a custom node package, on boxes that installed it.
  InstantIDModelLoader: {
    required: { instantid_file: { type: 'FILE', folder: 'models/instantid' } },
    outputs: ['INSTANTID'],
  },
  InstantIDFaceAnalysis: {
    required: { provider: { type: 'COMBO', options: INSTANTID_FACE_PROVIDERS } },
    outputs: ['FACEANALYSIS'],
  },
  ApplyInstantID: {
    required: {
      instantid: { type: 'INSTANTID' },
      insightface: { type: 'FACEANALYSIS' },
      control_net: { type: 'CONTROL_NET' },
      image: { type: 'IMAGE' },
      model: { type: 'MODEL' },
      positive: { type: 'CONDITIONING' },
      negative: { type: 'CONDITIONING' },
      weight: { type: 'FLOAT', min: 0, max: 5 },
      start_at: PERCENT,
      end_at: PERCENT,
    },
    optional: { image_kps: { type: 'IMAGE' }, mask: { type: 'MASK' } },
    outputs: ['MODEL', 'CONDITIONING', 'CONDITIONING'],
  },
};

/** The node classes only boxes with cubiq/ComfyUI_InstantID installed have. */
export const INSTANTID_NODE_CLASSES = ['ApplyInstantID', 'InstantIDFaceAnalysis', 'InstantIDModelLoader'] as const;

/** True for input types carried by links rather than typed in as literals. */
export function isLinkInputSpec(spec: ComfyInputSpec): spec is { type: ComfyLinkType } {
  return (COMFY_LINK_TYPES as readonly string[]).includes(spec.type);
}
