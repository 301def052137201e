import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';
import { makeDefaultTemplateSpec } from './default-template-spec.js';
import { computeSpecHash } from './spec-hash.js';
import { makeTemplateSpec } from './testing/make-template-spec.js';
import { shuffleKeysDeep, templateSpecArbitrary } from './testing/template-spec.arbitrary.js';
import type { TemplateSpec } from './template-spec.schema.js';

describe('computeSpecHash', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 canonical JSON', () => {
    const spec = makeDefaultTemplateSpec();
    spec.prompt.positive = 'portrait of {subject}, café lighting, 東京 ✨';
    const expected = createHash('sha256').update(canonicalJson(spec), 'utf8').digest('hex');
    expect(computeSpecHash(spec)).toBe(expected);
    expect(computeSpecHash(spec)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any value changes', () => {
    const spec = makeDefaultTemplateSpec();
    const nudged = structuredClone(spec);
    nudged.sampler.cfg = 5.5;
    expect(computeSpecHash(nudged)).not.toBe(computeSpecHash(spec));
  });

  it('is the same whatever key order an equivalent spec arrives in', () => {
    fc.assert(
      fc.property(templateSpecArbitrary, fc.integer(), (spec, seed) => {
        const shuffled = shuffleKeysDeep(spec, seed) as TemplateSpec;
        expect(computeSpecHash(shuffled)).toBe(computeSpecHash(spec));
      }),
    );
  });

  it('hashes a spec saved before the face pass as it always did: no facePass key, nothing added', () => {
    const { facePass: _facePass, ...subject } = makeTemplateSpec().subject;
    const saved = makeTemplateSpec({ subject });
    expect(canonicalJson(saved)).not.toContain('facePass');
    expect(computeSpecHash({ ...saved, subject: { ...subject, facePass: undefined } })).toBe(computeSpecHash(saved));
    expect(computeSpecHash(makeTemplateSpec())).not.toBe(computeSpecHash(saved));
  });

  it('hashes a spec without an identity mode as before modes existed, and an InstantID one apart', () => {
    const spec = makeDefaultTemplateSpec();
    expect(computeSpecHash(spec)).toBe(createHash('sha256').update(canonicalJson(spec), 'utf8').digest('hex'));
    expect(canonicalJson(spec)).not.toContain('identity');
    const instantId = { ...spec, subject: { ...spec.subject, identity: { mode: 'instantid' as const } } };
    expect(computeSpecHash(instantId)).not.toBe(computeSpecHash(spec));
  });

  it('treats an absent light id and an undefined one alike', () => {
    const light = { kind: 'key', x: 0.3, y: 0.2, radius: 0.4, intensity: 1, colorTemperatureK: 5600 } as const;
    const absent = makeTemplateSpec({ lighting: { lights: [light], strength: 0.5 } });
    const undefinedId = makeTemplateSpec({ lighting: { lights: [{ ...light, id: undefined }], strength: 0.5 } });
    expect(computeSpecHash(undefinedId)).toBe(computeSpecHash(absent));
  });
});
