// Test factory: a valid spec, with only what a test cares about overridden.
import { makeDefaultTemplateSpec } from '../default-template-spec.js';
import type { TemplateSpec } from '../template-spec.schema.js';

export function makeTemplateSpec(overrides: Partial<TemplateSpec> = {}): TemplateSpec {
  return { ...makeDefaultTemplateSpec(overrides.baseModel ?? 'sdxl'), ...overrides };
}

export const LORA_IDS = {
  filmGrain: '3f8a2c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  softFocus: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  oilPaint: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
} as const;

export const ASSET_ID = '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4';
