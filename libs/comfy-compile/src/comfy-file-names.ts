// The file names the API puts in a graph and the worker writes on its GPU box, in one place so the
// two always agree.

/** A LoRA file in ComfyUI's models/loras, named by its SHA-256 (the worker's cache keeps it so). */
export function loraFileName(sha256: string): string {
  return `${sha256}.safetensors`;
}

/**
 * Names of the conditioning images a runner uploads to ComfyUI's input folder before queueing the
 * graph. They depend only on the spec (same spec, same maps), so one upload serves every seed and face.
 */
export function sceneMapFileNames(specHash: string): { poseMap: string; lightMap: string } {
  return { poseMap: `atelier-pose-${specHash.slice(0, 16)}.png`, lightMap: `atelier-light-${specHash.slice(0, 16)}.png` };
}

/**
 * Default InstantID model files (SDXL): the ip-adapter in models/instantid and InstantID's ControlNet
 * in models/controlnet/instantid, as ComfyUI lists them for InstantIDModelLoader and ControlNetLoader.
 */
export const INSTANTID_DEFAULT_FILES = {
  model: 'ip-adapter.bin',
  controlNet: 'instantid/diffusion_pytorch_model.safetensors',
} as const;

/**
 * The name a runner uploads an InstantID job's face photo under in ComfyUI's input folder (and deletes
 * after the job): the job's id only, nothing about the person.
 */
export function facePhotoFileName(jobId: string): string {
  return `atelier-face-${jobId}.png`;
}
