// TemplateSpec + one render's files and values -> the ComfyUI API prompt, built from standard nodes
// (and, for InstantID identity, cubiq/ComfyUI_InstantID's).
import { computeFaceCrop, findPromptSlots, identityModeOf, type BaseModel, type PixelRect, type PromptSlot, type TemplateSpec } from '@atelier/template-spec';
import { ComfyCompileError } from './comfy-compile.errors.js';
import {
  COMFY_PLACEHOLDERS,
  assertValidLikenessValue,
  assertValidSeed,
  hasComfyPlaceholder,
  likenessRangeOf,
  normalizeTriggerWord,
  type PromptSlotValues,
} from './comfy-placeholders.js';
import type { ComfyLink, ComfyNode, ComfyPrompt } from './comfy-prompt.js';

export interface StyleLoraFile {
  loraId: string;
  /** File in models/loras. */
  fileName: string;
  triggerWords: readonly string[];
}

/** What an InstantID render loads: the SDXL InstantID model files and the person's face photo. */
export interface InstantIdFiles {
  /** The InstantID ip-adapter in models/instantid. */
  modelName: string;
  /** InstantID's own ControlNet in models/controlnet. */
  controlNetName: string;
  /** The face photo, uploaded to ComfyUI's input folder; a placeholder keeps `{{facePhoto}}` (the catalog graph). */
  facePhoto: string | { placeholder: true };
}

export interface CompileJob {
  /** File in models/checkpoints for the spec's base model. */
  checkpointName: string;
  /** OpenPose ControlNet file in models/controlnet for the spec's base model (used only when the spec has a pose). */
  controlNetName: string;
  /**
   * Identity-LoRA specs: the face's identity LoRA and its trigger word (appended to the positive prompt
   * before style words), or placeholders. Ignored by InstantID specs.
   */
  identityLora?: { fileName: string; triggerWord?: string | null } | { placeholder: true };
  /** InstantID specs (subject.identity.mode `instantid`): the model files and the face photo. Ignored otherwise. */
  instantId?: InstantIdFiles;
  /** Files for spec.styleLoras, matched by loraId; weights come from the spec. */
  styleLoras: readonly StyleLoraFile[];
  seed: number | { placeholder: true };
  /**
   * The identity LoRA's strength (or ApplyInstantID's weight) for this render, within [likeness.default,
   * likeness.max]; left out: the default. A placeholder keeps `{{likeness}}` (the catalog graph: the app
   * picks the value).
   */
  likeness?: number | { placeholder: true };
  slots: PromptSlotValues | 'placeholders';
  /** Names already uploaded to ComfyUI's input folder (POST /upload/image), drawn at the canvas size. */
  inputImages: { poseMap?: string; lightMap?: string };
  filenamePrefix: string;
}

/** Stable, readable node ids, so two compiled graphs diff well. */
export const COMFY_NODE_IDS = {
  checkpoint: 'checkpoint',
  identityLora: 'lora_identity',
  styleLora: (index: number) => `lora_style_${index}`,
  positive: 'positive',
  negative: 'negative',
  controlNetLoader: 'pose_controlnet_loader',
  poseImage: 'pose_image',
  poseControlNet: 'pose_controlnet',
  lightImage: 'light_image',
  lightLatent: 'light_latent',
  emptyLatent: 'empty_latent',
  sampler: 'sampler',
  decode: 'decode',
  save: 'save',
  instantIdModel: 'instantid_model',
  instantIdFaceAnalysis: 'instantid_face_analysis',
  instantIdControlNetLoader: 'instantid_controlnet_loader',
  facePhoto: 'face_photo',
  instantId: 'instantid',
} as const;

// The light map (scene-maps) is the init image: a mid-grey scene with the lights' glows, never darker
// than mid-grey, so img2img from it neither darkens nor blows out the render. It is not a portrait:
// lighting.strength 1 keeps up to half of it (denoise 0.5), and denoise never drops below 0.5, or the
// render would be the light map itself.
export const LIGHT_MAP_MAX_KEEP = 0.5;
export const LIGHT_MAP_MIN_DENOISE = 0.5;

/** True when the spec's lights shape the render (img2img from the light map). */
export function isLightingApplied(spec: TemplateSpec): boolean {
  return spec.lighting.lights.length > 0 && spec.lighting.strength > 0;
}

/**
 * A spec -> the KSampler denoise: 1 without lighting (txt2img); with lighting
 * max(0.5, min(sampler.denoise, 1 - 0.5 * lighting.strength)).
 */
export function computeSamplerDenoise(spec: TemplateSpec): number {
  if (!isLightingApplied(spec)) return 1;
  const lightingCeiling = 1 - LIGHT_MAP_MAX_KEEP * spec.lighting.strength;
  return Math.max(LIGHT_MAP_MIN_DENOISE, Math.min(spec.sampler.denoise, lightingCeiling));
}

/** A valid spec + a job -> the API-format prompt (same input, deep-equal output with the same key order). */
export function compileToComfyGraph(spec: TemplateSpec, job: CompileJob): ComfyPrompt {
  assertJobFitsSpec(spec, job);
  const ids = COMFY_NODE_IDS;
  const graph: ComfyPrompt = {};
  const add = (id: string, node: ComfyNode): void => {
    graph[id] = node;
  };
  const link = (id: string, outputIndex: number): ComfyLink => [id, outputIndex];

  add(ids.checkpoint, { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: job.checkpointName } });

  // Identity first, then style: each LoraLoader takes MODEL and CLIP from the one before.
  const likeness = likenessOf(spec, job);
  const loraChain = [
    ...compileIdentityLora(spec, job, likeness),
    ...spec.styleLoras.map((lora, index) => ({
      id: ids.styleLora(index),
      fileName: findStyleLoraFile(job, lora.loraId).fileName,
      weight: lora.weight,
    })),
  ];
  let previous: string = ids.checkpoint;
  for (const lora of loraChain) {
    add(lora.id, {
      class_type: 'LoraLoader',
      inputs: {
        model: link(previous, 0),
        clip: link(previous, 1),
        lora_name: lora.fileName,
        strength_model: lora.weight,
        strength_clip: lora.weight,
      },
    });
    previous = lora.id;
  }
  const lastLora = previous;

  const triggerWords = collectTriggerWords(spec, job);
  add(ids.positive, {
    class_type: 'CLIPTextEncode',
    inputs: { text: appendTriggerWords(fillPromptSlots(spec.prompt.positive, job.slots), triggerWords), clip: link(lastLora, 1) },
  });
  add(ids.negative, {
    class_type: 'CLIPTextEncode',
    inputs: { text: fillPromptSlots(spec.prompt.negative, job.slots), clip: link(lastLora, 1) },
  });

  let model = link(lastLora, 0);
  let positive = link(ids.positive, 0);
  let negative = link(ids.negative, 0);
  const identity = compileInstantIdIdentity(spec, job, likeness, add, { model, positive, negative });
  ({ model, positive, negative } = identity);
  if (spec.pose) {
    add(ids.controlNetLoader, { class_type: 'ControlNetLoader', inputs: { control_net_name: job.controlNetName } });
    const poseMap = requireInputImage(job.inputImages.poseMap, 'POSE_MAP_MISSING', 'a pose');
    add(ids.poseImage, { class_type: 'LoadImage', inputs: { image: poseMap } });
    add(ids.poseControlNet, {
      class_type: 'ControlNetApplyAdvanced',
      inputs: {
        positive,
        negative,
        control_net: link(ids.controlNetLoader, 0),
        image: link(ids.poseImage, 0),
        strength: spec.pose.strength,
        start_percent: 0,
        end_percent: 1,
      },
    });
    positive = link(ids.poseControlNet, 0);
    negative = link(ids.poseControlNet, 1);
  }

  let latent: ComfyLink;
  if (isLightingApplied(spec)) {
    const lightMap = requireInputImage(job.inputImages.lightMap, 'LIGHT_MAP_MISSING', 'lights');
    add(ids.lightImage, { class_type: 'LoadImage', inputs: { image: lightMap } });
    add(ids.lightLatent, {
      class_type: 'VAEEncode',
      inputs: { pixels: link(ids.lightImage, 0), vae: link(ids.checkpoint, 2) },
    });
    latent = link(ids.lightLatent, 0);
  } else {
    add(ids.emptyLatent, {
      class_type: 'EmptyLatentImage',
      inputs: { width: spec.canvas.width, height: spec.canvas.height, batch_size: 1 },
    });
    latent = link(ids.emptyLatent, 0);
  }

  const seed = typeof job.seed === 'number' ? job.seed : COMFY_PLACEHOLDERS.seed;
  add(ids.sampler, {
    class_type: 'KSampler',
    inputs: {
      model,
      seed,
      steps: spec.sampler.steps,
      cfg: spec.sampler.cfg,
      sampler_name: spec.sampler.sampler,
      scheduler: spec.sampler.scheduler,
      positive,
      negative,
      latent_image: latent,
      denoise: computeSamplerDenoise(spec),
    },
  });
  add(ids.decode, { class_type: 'VAEDecode', inputs: { samples: link(ids.sampler, 0), vae: link(ids.checkpoint, 2) } });
  // The face pass, when the spec has it on (else the decoded image as is), with the identity's model
  // and conditioning (the identity LoRA's, or ApplyInstantID's), not the pose ControlNet's: the pose
  // map covers the whole canvas, not the crop. The face is re-sampled as the person.
  const image = compileFacePass(spec, { image: link(ids.decode, 0), model: identity.model, positive: identity.positive, negative: identity.negative, vae: link(ids.checkpoint, 2), seed }, add);
  add(ids.save, { class_type: 'SaveImage', inputs: { images: image, filename_prefix: job.filenamePrefix } });
  return graph;
}

/** Node ids of the face pass, apart from COMFY_NODE_IDS so other passes can be added beside it. */
export const FACE_PASS_NODE_IDS = {
  crop: 'face_crop',
  upscale: 'face_upscale',
  encode: 'face_encode',
  sampler: 'face_sampler',
  decode: 'face_decode',
  downscale: 'face_downscale',
  mask: 'face_mask',
  feather: 'face_feather',
  composite: 'face_composite',
} as const;

/** The side a face crop is re-sampled at: what each base model was trained around. */
export const FACE_PASS_WORKING_SIDE: Readonly<Record<BaseModel, number>> = { sd15: 512, sdxl: 1024 };

export interface FacePassPlan {
  /** The head area in output pixels (ImageCrop, and where the result is pasted back). */
  crop: PixelRect;
  /** The square side the crop is scaled to for sampling: the base model's working side, or the crop's if larger. */
  workingSide: number;
  /** Pixels of the paste's blend at each edge; 0 on an edge the crop shares with the canvas. */
  feather: { left: number; top: number; right: number; bottom: number };
  denoise: number;
}

/** A spec with the face pass on -> where it crops, the size it samples at, how it blends back; null when off. */
export function planFacePass(spec: TemplateSpec): FacePassPlan | null {
  const facePass = spec.subject.facePass;
  if (facePass?.enabled !== true) return null;
  const crop = computeFaceCrop(spec);
  // An eighth of the side blends the re-sampled face into the first pass without a visible seam.
  const blend = Math.round(crop.width / 8);
  return {
    crop,
    workingSide: Math.max(FACE_PASS_WORKING_SIDE[spec.baseModel], crop.width),
    feather: {
      left: crop.x === 0 ? 0 : blend,
      top: crop.y === 0 ? 0 : blend,
      right: crop.x + crop.width === spec.canvas.width ? 0 : blend,
      bottom: crop.y + crop.height === spec.canvas.height ? 0 : blend,
    },
    denoise: facePass.denoise,
  };
}

interface FacePassInputs {
  /** The first pass's decoded image, at the canvas size. */
  image: ComfyLink;
  model: ComfyLink;
  positive: ComfyLink;
  negative: ComfyLink;
  vae: ComfyLink;
  seed: number | string;
}

// Crop the head, scale it up to the working side, re-sample it at the face pass's low denoise, scale it
// back and paste it over the first pass through a feathered mask. Core nodes only. The face sampler uses
// the job's seed: the catalog graph keeps one {{seed}} that consumer apps fill, and its latent is another
// size than the first pass's, so its noise differs anyway.
function compileFacePass(spec: TemplateSpec, inputs: FacePassInputs, add: (id: string, node: ComfyNode) => void): ComfyLink {
  const plan = planFacePass(spec);
  if (!plan) return inputs.image;
  const ids = FACE_PASS_NODE_IDS;
  const { crop, workingSide } = plan;
  add(ids.crop, { class_type: 'ImageCrop', inputs: { image: inputs.image, width: crop.width, height: crop.height, x: crop.x, y: crop.y } });
  add(ids.upscale, {
    class_type: 'ImageScale',
    inputs: { image: [ids.crop, 0], upscale_method: 'lanczos', width: workingSide, height: workingSide, crop: 'disabled' },
  });
  add(ids.encode, { class_type: 'VAEEncode', inputs: { pixels: [ids.upscale, 0], vae: inputs.vae } });
  add(ids.sampler, {
    class_type: 'KSampler',
    inputs: {
      model: inputs.model,
      seed: inputs.seed,
      steps: spec.sampler.steps,
      cfg: spec.sampler.cfg,
      sampler_name: spec.sampler.sampler,
      scheduler: spec.sampler.scheduler,
      positive: inputs.positive,
      negative: inputs.negative,
      latent_image: [ids.encode, 0],
      denoise: plan.denoise,
    },
  });
  add(ids.decode, { class_type: 'VAEDecode', inputs: { samples: [ids.sampler, 0], vae: inputs.vae } });
  add(ids.downscale, {
    class_type: 'ImageScale',
    inputs: { image: [ids.decode, 0], upscale_method: 'area', width: crop.width, height: crop.height, crop: 'disabled' },
  });
  add(ids.mask, { class_type: 'SolidMask', inputs: { value: 1, width: crop.width, height: crop.height } });
  add(ids.feather, { class_type: 'FeatherMask', inputs: { mask: [ids.mask, 0], ...plan.feather } });
  add(ids.composite, {
    class_type: 'ImageCompositeMasked',
    inputs: { destination: inputs.image, source: [ids.downscale, 0], x: crop.x, y: crop.y, resize_source: false, mask: [ids.feather, 0] },
  });
  return [ids.composite, 0];
}

// The identity LoRA that leads the LoRA chain, at likeness strength; none in InstantID mode.
function compileIdentityLora(spec: TemplateSpec, job: CompileJob, likeness: number | string): Array<{ id: string; fileName: string; weight: number | string }> {
  if (identityModeOf(spec) !== 'lora') return [];
  const identity = requireIdentityLora(job);
  const fileName = 'fileName' in identity ? identity.fileName : COMFY_PLACEHOLDERS.identityLora;
  return [{ id: COMFY_NODE_IDS.identityLora, fileName, weight: likeness }];
}

/**
 * InstantID mode: the face photo's identity applied by ApplyInstantID (weight = likeness) to the model
 * and the text conditioning, before any pose ControlNet; its outputs feed the sampler. Identity-LoRA
 * mode: `into` unchanged.
 */
function compileInstantIdIdentity(
  spec: TemplateSpec,
  job: CompileJob,
  likeness: number | string,
  add: (id: string, node: ComfyNode) => void,
  into: { model: ComfyLink; positive: ComfyLink; negative: ComfyLink },
): { model: ComfyLink; positive: ComfyLink; negative: ComfyLink } {
  if (identityModeOf(spec) !== 'instantid') return into;
  const files = requireInstantIdFiles(job);
  const ids = COMFY_NODE_IDS;
  add(ids.instantIdModel, { class_type: 'InstantIDModelLoader', inputs: { instantid_file: files.modelName } });
  // Face detection on the CPU: every box has it, and it runs once per render on one photo.
  add(ids.instantIdFaceAnalysis, { class_type: 'InstantIDFaceAnalysis', inputs: { provider: 'CPU' } });
  add(ids.instantIdControlNetLoader, { class_type: 'ControlNetLoader', inputs: { control_net_name: files.controlNetName } });
  const facePhoto = typeof files.facePhoto === 'string' ? files.facePhoto : COMFY_PLACEHOLDERS.facePhoto;
  add(ids.facePhoto, { class_type: 'LoadImage', inputs: { image: facePhoto } });
  add(ids.instantId, {
    class_type: 'ApplyInstantID',
    inputs: {
      instantid: [ids.instantIdModel, 0],
      insightface: [ids.instantIdFaceAnalysis, 0],
      control_net: [ids.instantIdControlNetLoader, 0],
      image: [ids.facePhoto, 0],
      model: into.model,
      positive: into.positive,
      negative: into.negative,
      weight: likeness,
      start_at: 0,
      end_at: 1,
    },
  });
  return { model: [ids.instantId, 0], positive: [ids.instantId, 1], negative: [ids.instantId, 2] };
}

function requireIdentityLora(job: CompileJob): NonNullable<CompileJob['identityLora']> {
  if (!job.identityLora) throw new ComfyCompileError('IDENTITY_FILES_MISSING', 'The spec renders the face with its identity LoRA, so the job needs that LoRA');
  return job.identityLora;
}

function requireInstantIdFiles(job: CompileJob): InstantIdFiles {
  if (!job.instantId) throw new ComfyCompileError('IDENTITY_FILES_MISSING', 'The spec renders the face with InstantID, so the job needs the InstantID files and the face photo');
  return job.instantId;
}

/** Prompt text -> the text with `{subject}`, `{gender}`, `{age}` filled in one pass (or made `{{subject}}` ...). */
export function fillPromptSlots(text: string, slots: PromptSlotValues | 'placeholders'): string {
  let filled = '';
  let cursor = 0;
  for (const occurrence of findPromptSlots(text)) {
    if (!occurrence.isKnownSlot) continue;
    const slot = occurrence.name as PromptSlot;
    filled += text.slice(cursor, occurrence.start) + (slots === 'placeholders' ? COMFY_PLACEHOLDERS[slot] : slots[slot]);
    cursor = occurrence.end;
  }
  return filled + text.slice(cursor);
}

// The identity LoRA's word first (it names the person), then the style LoRAs'. The identity word is not
// de-duplicated against style words: the catalog graph cannot know it, and must fill to the same text.
// InstantID needs no trigger word.
function collectTriggerWords(spec: TemplateSpec, job: CompileJob): string[] {
  const identity = identityModeOf(spec) === 'lora' ? requireIdentityLora(job) : null;
  const identityWord =
    identity === null ? null : 'fileName' in identity ? normalizeTriggerWord(identity.triggerWord) : COMFY_PLACEHOLDERS.identityTrigger;
  const styleWords = orderTriggerWords(spec.styleLoras.map((lora) => findStyleLoraFile(job, lora.loraId).triggerWords));
  return identityWord === null ? styleWords : [identityWord, ...styleWords];
}

/**
 * The trigger words a graph appends to the prompt: the style LoRAs' words in spec order, each LoRA's in its own
 * order, trimmed, blanks dropped, a word two LoRAs share added once.
 */
export function orderTriggerWords(wordsPerStyleLora: ReadonlyArray<readonly string[]>): string[] {
  const words = wordsPerStyleLora.flat();
  return [...new Set(words.map((word) => word.trim()).filter((word) => word !== ''))];
}

// The prompt is kept as typed (no trimming): trimming after filling a slot would differ from trimming
// around its placeholder, and the catalog graph must fill to exactly the directly compiled one.
function appendTriggerWords(prompt: string, triggerWords: readonly string[]): string {
  return [prompt, ...triggerWords].join(', ');
}

function findStyleLoraFile(job: CompileJob, loraId: string): StyleLoraFile {
  const file = job.styleLoras.find((candidate) => candidate.loraId === loraId);
  if (!file) throw new ComfyCompileError('STYLE_LORA_FILE_MISSING', `No file was given for style LoRA ${loraId}`);
  return file;
}

function requireInputImage(
  fileName: string | undefined,
  code: 'POSE_MAP_MISSING' | 'LIGHT_MAP_MISSING',
  feature: string,
): string {
  if (!fileName) throw new ComfyCompileError(code, `The spec has ${feature}, so the job needs its uploaded map image`);
  return fileName;
}

// The identity LoRA strength (InstantID weight): the job's (checked against the spec's range), the default, or `{{likeness}}`.
function likenessOf(spec: TemplateSpec, job: CompileJob): number | string {
  if (job.likeness === undefined) return spec.subject.likeness.default;
  return typeof job.likeness === 'number' ? job.likeness : COMFY_PLACEHOLDERS.likeness;
}

function assertJobFitsSpec(spec: TemplateSpec, job: CompileJob): void {
  for (const lora of spec.styleLoras) findStyleLoraFile(job, lora.loraId);
  if (typeof job.seed === 'number') assertValidSeed(job.seed);
  if (typeof job.likeness === 'number') assertValidLikenessValue(job.likeness, likenessRangeOf(spec));
  // A placeholder token in a file name or trigger word would be "filled" later and break the round trip.
  const jobTexts = [
    job.checkpointName,
    job.controlNetName,
    ...(job.identityLora && 'fileName' in job.identityLora ? [job.identityLora.fileName, job.identityLora.triggerWord ?? ''] : []),
    ...(job.instantId ? [job.instantId.modelName, job.instantId.controlNetName, typeof job.instantId.facePhoto === 'string' ? job.instantId.facePhoto : ''] : []),
    ...job.styleLoras.flatMap((lora) => [lora.fileName, ...lora.triggerWords]),
    job.inputImages.poseMap ?? '',
    job.inputImages.lightMap ?? '',
    job.filenamePrefix,
  ];
  const withToken = jobTexts.find(hasComfyPlaceholder);
  if (withToken !== undefined) {
    throw new ComfyCompileError('PLACEHOLDER_IN_JOB', `Job value "${withToken}" contains a {{placeholder}} token`);
  }
}
