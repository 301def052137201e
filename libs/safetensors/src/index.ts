export { SAFETENSORS_DTYPE_BITS, computeTensorByteLength, isSafetensorsDtype, type SafetensorsDtype } from './dtype.js';
export type {
  SafetensorsHeader,
  SafetensorsHeaderLengthResult,
  SafetensorsParseResult,
  SafetensorsTensorInfo,
} from './types.js';
export {
  DEFAULT_MAX_HEADER_BYTES,
  parseSafetensorsHeader,
  readSafetensorsHeaderLength,
  type ParseSafetensorsOptions,
} from './parse-header.js';
export { encodeSafetensors, type EncodeSafetensorsInput, type SafetensorsTensorInput } from './encode.js';
export { DEMO_LORA_MAX_RANK, makeDemoLoraSafetensors, type DemoLoraBaseModel, type DemoLoraOptions } from './demo-lora.js';
