import { describe, expect, it } from '@jest/globals';
import { buildAppQueryExample, countGraphNodes, readPositivePrompt } from './catalog-version-details';

describe('the published graph', () => {
  const graph = { checkpoint: { class_type: 'CheckpointLoaderSimple', inputs: {} }, positive: { class_type: 'CLIPTextEncode', inputs: { text: 'portrait of {{subject}}, film grain' } } };

  it('reads the positive prompt node and counts nodes', () => {
    expect(readPositivePrompt(graph)).toBe('portrait of {{subject}}, film grain');
    expect(readPositivePrompt({})).toBeNull();
    expect(countGraphNodes(graph)).toBe(2);
    expect(countGraphNodes(null)).toBe(0);
  });
});

describe('buildAppQueryExample', () => {
  it('pins the version id in the variables and sends the key in x-api-key, also as cURL', () => {
    const example = buildAppQueryExample('0b8f-v', 'https://atelier.example/graphql', '<key>');
    expect(example.query).toMatch(/^query CatalogVersion\(\$id: ID!\) \{\n  catalogVersion\(id: \$id\) \{/);
    expect(example.query).toContain('comfyGraph');
    expect(example.variables).toEqual({ id: '0b8f-v' });
    expect(example.headers).toEqual({ 'x-api-key': '<key>' });
    expect(example.curl).toContain(`curl https://atelier.example/graphql`);
    expect(example.curl).toContain(`-H 'x-api-key: <key>'`);
    const data = /--data '(.*)'$/s.exec(example.curl)![1]!;
    expect(JSON.parse(data)).toEqual({ query: example.query, variables: { id: '0b8f-v' } });
  });
});
