import { describe, expect, it } from '@jest/globals';
import { stringifyWithKnownJson } from '../../common/known-json.js';
import { PublishedSpecCache } from './published-spec-cache.js';

describe('PublishedSpecCache', () => {
  it('parses a version’s spec once and writes it back as JSON.stringify would', () => {
    const specs = new PublishedSpecCache();
    // jsonb's text has spaces the answer does not.
    const first = specs.specOf('v1', 'hash-a', '{"prompt": {"positive": "a portrait"}, "steps": 20}');
    expect(specs.specOf('v1', 'hash-a', '{"ignored": true}')).toBe(first);
    expect(stringifyWithKnownJson({ spec: first })).toBe('{"spec":{"prompt":{"positive":"a portrait"},"steps":20}}');
  });

  it('reads the spec again when the version’s hash is not the one it holds', () => {
    const specs = new PublishedSpecCache();
    specs.specOf('v1', 'hash-a', '{"steps": 20}');
    expect(specs.specOf('v1', 'hash-b', '{"steps": 30}')).toEqual({ steps: 30 });
  });
});
