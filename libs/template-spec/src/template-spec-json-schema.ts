import { z } from 'zod';
import { templateSpecSchema } from './template-spec.schema.js';

export const TEMPLATE_SPEC_JSON_SCHEMA_ID = 'https://atelier.local/schemas/template-spec.v1.json';

export type JsonSchemaDocument = Record<string, unknown> & { $id: string; $schema: string; title: string };

/** -> the JSON Schema (draft 2020-12) of TemplateSpec v1, for tools outside TypeScript. */
export function templateSpecJsonSchema(): JsonSchemaDocument {
  // Cross-field rules (frame inside the canvas, default likeness <= max, unique ids) live only in zod.
  const { $schema: _dialect, ...generated } = z.toJSONSchema(templateSpecSchema, { target: 'draft-2020-12' });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: TEMPLATE_SPEC_JSON_SCHEMA_ID,
    title: 'Atelier template spec v1',
    description:
      'A portrait template as a designer authors it: canvas, prompt, OpenPose pose, lights, style LoRAs and sampler.',
    ...generated,
  };
}
