export * from './openpose.js';
export {
  PROMPT_SLOTS,
  describeUnknownPromptSlot,
  findPromptSlots,
  unknownPromptSlotParams,
  isPromptSlot,
  type PromptSlot,
  type PromptSlotOccurrence,
} from './prompt-slots.js';
export * from './template-spec.schema.js';
export { describeKeypoint, describeSpecPath, type SpecPathSegment, type SpecWording } from './spec-issue-messages.js';
export * from './validate-template-spec.js';
export * from './canonical-json.js';
export * from './spec-hash.js';
export * from './diff-specs.js';
export * from './default-template-spec.js';
export * from './template-spec-json-schema.js';
export * from './face-region.js';
