import { TEMPLATE_SPEC_SCHEMA_VERSION, templateSpecSchema, type TemplateSpec } from '@atelier/template-spec';
import { BadJobInputError } from './backend.js';

// A spec this worker cannot read is the job's fault, unless it is newer than this worker knows
// (another, updated worker can still render it).
export function readJobSpec(raw: unknown): TemplateSpec {
  const parsed = templateSpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > TEMPLATE_SPEC_SCHEMA_VERSION) {
    throw new Error(`The spec has schemaVersion ${version}; this worker reads up to ${TEMPLATE_SPEC_SCHEMA_VERSION}. Update the worker.`);
  }
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`);
  throw new BadJobInputError(`The template spec is not valid: ${issues.join('; ')}`);
}
