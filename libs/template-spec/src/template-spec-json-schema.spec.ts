import { describe, expect, it } from '@jest/globals';
import { templateSpecJsonSchema } from './template-spec-json-schema.js';

describe('templateSpecJsonSchema', () => {
  const schema = templateSpecJsonSchema() as Record<string, any>;

  it('identifies itself as the v1 template spec schema in draft 2020-12', () => {
    expect(schema.$id).toBe('https://atelier.local/schemas/template-spec.v1.json');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toEqual(expect.any(String));
  });

  it('requires schemaVersion 1 and every top-level section', () => {
    expect(schema.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'baseModel', 'canvas', 'prompt', 'pose', 'sampler']),
    );
    expect(schema.properties.schemaVersion).toMatchObject({ const: 1 });
  });

  it('forbids unknown keys and carries the numeric limits', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.canvas.properties.width).toMatchObject({
      type: 'integer',
      minimum: 512,
      maximum: 2048,
      multipleOf: 8,
    });
    expect(schema.properties.lighting.properties.lights.maxItems).toBe(6);
    // The identity mode is optional: specs saved before it validate unchanged.
    expect(schema.properties.subject.required).toEqual(['frame', 'likeness']);
    expect(schema.properties.subject.properties.identity.properties.mode.enum).toEqual(['lora', 'instantid']);
  });

  it('offers the face pass as an optional part of the subject, with its denoise range', () => {
    const subject = schema.properties.subject;
    expect(subject.required).not.toContain('facePass');
    expect(subject.properties.facePass).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'denoise'],
      properties: { enabled: { type: 'boolean' }, denoise: { type: 'number', minimum: 0.1, maximum: 0.6 } },
    });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
