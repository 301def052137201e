import { withKnownJson } from '../../common/known-json.js';

const MAX_SPECS = 1_000;

// A published version's spec never changes (a new spec is a new version), so each one is parsed
// and serialized once, by version id and spec hash, and shared by the answers that show it (which
// are still built per request). The catalog's newest versions, what apps page through, stay here;
// the oldest entry makes room.
export class PublishedSpecCache {
  private readonly specs = new Map<string, { specHash: string; spec: unknown }>();

  /** The version's spec: from `json` (its jsonb as text) the first time, from memory after that. */
  specOf(versionId: string, specHash: string, json: string): unknown {
    const hit = this.specs.get(versionId);
    if (hit?.specHash === specHash) return hit.spec;
    const parsed: unknown = JSON.parse(json);
    const spec = typeof parsed === 'object' && parsed !== null ? withKnownJson(parsed) : parsed;
    if (this.specs.size >= MAX_SPECS) this.specs.delete(this.specs.keys().next().value!);
    this.specs.set(versionId, { specHash, spec });
    return spec;
  }
}
