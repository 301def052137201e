// The one error compileToComfyGraph and fillComfyGraphPlaceholders throw: the job does not fit the spec.

export const COMFY_COMPILE_ERROR_CODES = [
  'STYLE_LORA_FILE_MISSING',
  'POSE_MAP_MISSING',
  'LIGHT_MAP_MISSING',
  'INVALID_SEED',
  'PLACEHOLDER_IN_JOB',
  'LIKENESS_OUT_OF_RANGE',
  'IDENTITY_FILES_MISSING',
  'PLACEHOLDER_VALUE_MISSING',
] as const;

export type ComfyCompileErrorCode = (typeof COMFY_COMPILE_ERROR_CODES)[number];

export class ComfyCompileError extends Error {
  override readonly name = 'ComfyCompileError';

  constructor(
    readonly code: ComfyCompileErrorCode,
    message: string,
  ) {
    super(message);
  }
}
