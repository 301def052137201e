import { describe, expect, it } from 'vitest';
import { buildAppQueryExample, collectTriggerWords, countGraphNodes, readPositivePrompt } from './catalog-version-details';

const loras = [
  { id: 'l-film', name: 'Film', triggerWords: ['film grain', ' warm '] },
  { id: 'l-rim', name: 'Rim', triggerWords: ['warm', 'rim light'] },
  { id: 'l-none', name: 'Plain', triggerWords: [] },
];

describe('collectTriggerWords', () => {
  it('lists the words of the spec’s style LoRAs in spec order, trimmed, a shared word once', () => {
    const spec = { styleLoras: [{ loraId: 'l-rim', weight: 0.5 }, { loraId: 'l-none', weight: 1 }, { loraId: 'l-film', weight: 0.7 }] };
    expect(collectTriggerWords(spec, loras)).toEqual(['warm', 'rim light', 'film grain']);
  });

  it('gives nothing for a spec without style LoRAs or with an unknown LoRA', () => {
    expect(collectTriggerWords({ styleLoras: [] }, loras)).toEqual([]);
    expect(collectTriggerWords({ styleLoras: [{ loraId: 'gone' }] }, loras)).toEqual([]);
    expect(collectTriggerWords(null, loras)).toEqual([]);
  });
});

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
