import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from '@jest/globals';
import { computeSpecHash, makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import type { PreviewJobPayload } from '../../api-client.js';
import { DraftBackend } from './draft-backend.js';

// The draft backend draws the spec's schematic on the CPU; it takes no identity, so both identity modes render.

function makeDraftJob(spec: TemplateSpec): PreviewJobPayload {
  return {
    id: randomUUID(),
    versionId: randomUUID(),
    specHash: computeSpecHash(spec),
    spec,
    seed: 42,
    baseModel: spec.baseModel,
    attempt: 1,
    subject: { id: randomUUID(), name: 'Ada', identityLora: { sha256: '0'.repeat(64), url: 'http://127.0.0.1:9/unused' } },
    styleLoras: [],
    referenceImageUrl: null,
  };
}

const context = { signal: new AbortController().signal, onProgress: () => undefined };

describe('DraftBackend', () => {
  it('renders an InstantID spec as it renders the same spec with the identity LoRA, without fetching anything', async () => {
    const noDownloads = { download: () => Promise.reject(new Error('the draft backend fetched a file')) };
    const backend = new DraftBackend(noDownloads);
    const lora = { ...makeDefaultTemplateSpec('sdxl'), canvas: { width: 512, height: 512 } };
    const instantId: TemplateSpec = { ...lora, subject: { ...lora.subject, identity: { mode: 'instantid' } } };
    const fromInstantId = await backend.render(makeDraftJob(instantId), context);
    const fromLora = await backend.render(makeDraftJob(lora), context);
    const meta = await sharp(fromInstantId.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
    expect(fromInstantId.png.equals(fromLora.png)).toBe(true);
  });
});
