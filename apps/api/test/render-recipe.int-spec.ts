import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fillComfyGraphPlaceholders, renderRecipeJsonSchema, renderRecipeSchema, sceneMapFileNames, validateComfyGraph, type ComfyPlaceholderValues, type ComfyPrompt, type RenderRecipe } from '@atelier/comfy-compile';
import { drawConditioningImages } from '@atelier/scene-map-png';
import type { TemplateSpec } from '@atelier/template-spec';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { recipeFileKey } from '../src/modules/catalog/render-recipe.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { createLora, createPreviewSubject, createUser, makeTemplateSpec, publishTemplate, type TestUser } from './factories/factories.js';

const RECIPE = `query($id: ID!) { catalogVersion(id: $id) { id specHash spec recipe } }`;

// An app's side: every placeholder filled from the recipe's own descriptions (an accepted value, the
// default likeness, a seed within range), as a ComfyUI client would before POST /prompt.
function fillFromRecipe(recipe: RenderRecipe): ComfyPrompt {
  const values: ComfyPlaceholderValues = { seed: 0, likeness: 0, slots: { subject: '', gender: '', age: '' } };
  for (const p of recipe.placeholders) {
    switch (p.name) {
      case 'identityLora': values.identityLoraFileName = 'end-user-identity.safetensors'; break;
      case 'identityTrigger': values.identityTriggerWord = 'ohwx person'; break;
      case 'facePhoto': values.facePhotoFileName = 'end-user-face.png'; break;
      case 'likeness': values.likeness = p.default; expect(p.min).toBeLessThanOrEqual(p.default); expect(p.default).toBeLessThanOrEqual(p.max); break;
      case 'seed': values.seed = Math.min(p.max, 123456789); break;
      default: {
        // A prompt slot: its last listed value, and a value matching its pattern must pass too.
        const value = p.values[p.values.length - 1]!;
        if (p.pattern) expect('30-year-old').toMatch(new RegExp(p.pattern));
        values.slots = { ...values.slots, [p.name]: value };
      }
    }
  }
  return fillComfyGraphPlaceholders(recipe.graph as ComfyPrompt, values);
}

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('render recipes for consumer apps', () => {
  let t: TestApp;
  let admin: TestUser;
  let people: { designer: TestUser; reviewer: TestUser; subjectIds: string[] };
  let apiKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, ['ADMIN']);
    people = { designer: await createUser(t, ['DESIGNER']), reviewer: await createUser(t, ['REVIEWER']), subjectIds: [(await createPreviewSubject(t, admin)).id] };
    apiKey = (await t.gql(`mutation { createApiKey(input: { name: "Own ComfyUI app", scopes: [CATALOG_READ] }) { key } }`, {}, admin)).data!['createApiKey'].key;
  });
  afterAll(() => t?.close());

  async function recipeOf(versionId: string) {
    const res = await t.gql(RECIPE, { id: versionId }, { apiKey });
    expect(res.errors).toBeUndefined();
    const version = res.data!['catalogVersion'] as { specHash: string; spec: TemplateSpec; recipe: RenderRecipe };
    expect(renderRecipeSchema.safeParse(version.recipe).error).toBeUndefined();
    return version;
  }

  // Every file the recipe lists downloads by its link with the SHA-256 and size it states, and every
  // file the graph loads (LoRAs, input images) is one of them.
  async function expectEveryFileDownloads(recipe: RenderRecipe): Promise<Map<string, Buffer>> {
    const bytes = new Map<string, Buffer>();
    for (const file of recipe.files) {
      const body = await download(file.url);
      expect({ name: file.fileName, sha256: sha256(body), byteSize: body.length }).toEqual({ name: file.fileName, sha256: file.sha256, byteSize: file.byteSize });
      bytes.set(file.fileName, body);
    }
    const loaded = Object.values(recipe.graph).flatMap((node) =>
      (node.class_type === 'LoraLoader' ? [node.inputs['lora_name']] : node.class_type === 'LoadImage' ? [node.inputs['image']] : []).filter((name): name is string => typeof name === 'string' && !name.startsWith('{{')),
    );
    expect([...loaded].sort()).toEqual(recipe.files.map((f) => f.fileName).sort());
    // Links work for at least an hour from now.
    expect(Date.parse(recipe.linksValidUntil) - Date.now()).toBeGreaterThan(3600_000);
    return bytes;
  }

  it('gives a posed, lit identity-LoRA version with a style LoRA a recipe an app can run on its own ComfyUI', async () => {
    const lora = await createLora(t, admin);
    const { versionId } = await publishTemplate(t, people, { title: 'Posed and lit', spec: makeTemplateSpec({ styleLoras: [{ loraId: lora.id, weight: 0.7 }] }) });
    const { spec, specHash, recipe } = await recipeOf(versionId);
    expect(recipe).toMatchObject({ recipeVersion: 1, versionId, specHash, baseModel: 'sdxl', identityMode: 'lora' });
    expect(recipe.placeholders.map((p) => p.name).sort()).toEqual(['age', 'gender', 'identityLora', 'identityTrigger', 'likeness', 'seed', 'subject']);
    expect(recipe.placeholders.find((p) => p.name === 'likeness')).toMatchObject({ min: spec.subject.likeness.default, max: spec.subject.likeness.max, default: spec.subject.likeness.default });

    const bytes = await expectEveryFileDownloads(recipe);
    const lorasRow = (await t.sql.query(`SELECT l.sha256, a.byte_size FROM loras l JOIN assets a ON a.id = l.file_asset_id WHERE l.id = $1`, [lora.id])).rows[0];
    expect(recipe.files.find((f) => f.role === 'styleLora')).toMatchObject({ fileName: `${lorasRow.sha256}.safetensors`, folder: 'models/loras', sha256: lorasRow.sha256, byteSize: Number(lorasRow.byte_size) });
    // The maps are the very bytes the worker draws and uploads for this spec.
    const names = sceneMapFileNames(specHash);
    const drawn = new Map(drawConditioningImages(spec, { poseMap: names.poseMap, lightMap: names.lightMap }));
    expect(recipe.files.filter((f) => f.folder === 'input').map((f) => [f.role, f.fileName])).toEqual([['poseMap', names.poseMap], ['lightMap', names.lightMap]]);
    expect(bytes.get(names.poseMap)!.equals(drawn.get(names.poseMap)!)).toBe(true);
    expect(bytes.get(names.lightMap)!.equals(drawn.get(names.lightMap)!)).toBe(true);

    expect(recipe.models.map((m) => [m.role, m.fileName])).toEqual([['checkpoint', t.config.comfy.checkpoints.sdxl], ['openposeControlNet', t.config.comfy.openposeControlNets.sdxl]]);
    const filled = fillFromRecipe(recipe);
    expect(validateComfyGraph(filled)).toEqual([]);
    expect(JSON.stringify(filled)).not.toMatch(/\{\{\w+\}\}/);
    expect(recipe.nodeClasses).toEqual([...new Set(Object.values(filled).map((n) => n.class_type))].sort());
  });

  it('gives an InstantID version a recipe with {{facePhoto}} and the InstantID models, and no identity LoRA', async () => {
    const base = makeTemplateSpec();
    const { versionId } = await publishTemplate(t, people, { title: 'Face photo', spec: { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } } });
    const { recipe } = await recipeOf(versionId);
    expect(recipe.identityMode).toBe('instantid');
    const names = recipe.placeholders.map((p) => p.name);
    expect(names).toContain('facePhoto');
    expect(names).not.toContain('identityLora');
    expect(names).not.toContain('identityTrigger');
    await expectEveryFileDownloads(recipe);
    expect(recipe.models.map((m) => m.role).sort()).toEqual(['checkpoint', 'instantIdControlNet', 'instantIdModel', 'openposeControlNet']);
    expect(recipe.models.find((m) => m.role === 'instantIdModel')).toMatchObject({ folder: 'models/instantid', fileName: t.config.comfy.instantId.model });
    expect(recipe.nodeClasses).toEqual(expect.arrayContaining(['ApplyInstantID', 'InstantIDFaceAnalysis', 'InstantIDModelLoader']));
    expect(validateComfyGraph(fillFromRecipe(recipe))).toEqual([]);
  });

  it('stores each map once by its content hash: versions with the same scene share it, and reads store nothing new', async () => {
    const a = (await recipeOf((await publishTemplate(t, people, { title: 'Same scene A' })).versionId)).recipe;
    const b = (await recipeOf((await publishTemplate(t, people, { title: 'Same scene B' })).versionId)).recipe;
    const mapsOf = (recipe: RenderRecipe) => recipe.files.filter((f) => f.folder === 'input').map((f) => f.sha256);
    expect(mapsOf(b)).toEqual(mapsOf(a));
    const storage = t.app.get(StorageService);
    const keys = async () => (await storage.list('recipe-files/')).map((o) => o.key).sort();
    const before = await keys();
    expect(before).toEqual(expect.arrayContaining(mapsOf(a).map(recipeFileKey)));
    expect(new Set(before).size).toBe(before.length);
    expect(await recipeOf((await publishTemplate(t, people, { title: 'Same scene C' })).versionId)).toBeDefined();
    expect(await keys()).toEqual(before);
  });

  it('serves the JSON Schema of the recipe without sign-in, and the answered recipe is what it describes', async () => {
    const res = await fetch(`${t.url}/schemas/render-recipe.v1.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/schema+json');
    const served = (await res.json()) as Record<string, unknown>;
    expect(served).toEqual(JSON.parse(JSON.stringify(renderRecipeJsonSchema())));
    expect(served['$id']).toBe('https://atelier.local/schemas/render-recipe.v1.json');
    const { versionId } = await publishTemplate(t, people, { title: 'Schema check' });
    const { recipe } = await recipeOf(versionId);
    // Every property the served schema requires is in the answer (the zod schema itself checked the rest).
    expect(Object.keys(recipe).sort()).toEqual([...(served['required'] as string[])].sort());
  });

  it('answers a recipe by GET with a cacheable ETag, and a repeat with the ETag gets 304', async () => {
    const { versionId } = await publishTemplate(t, people, { title: 'Through a CDN' });
    const url = `${t.url}/graphql?${new URLSearchParams({ query: RECIPE, variables: JSON.stringify({ id: versionId }) })}`;
    const first = await fetch(url, { headers: { 'x-api-key': apiKey } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const body = (await first.json()) as { data: { catalogVersion: { recipe: RenderRecipe } } };
    expect(renderRecipeSchema.safeParse(body.data.catalogVersion.recipe).error).toBeUndefined();
    // The links outlive any cached copy of the answer by more than an hour.
    const maxAge = Number(/max-age=(\d+)/.exec(first.headers.get('cache-control')!)![1]);
    expect(Date.parse(body.data.catalogVersion.recipe.linksValidUntil) - Date.now() - maxAge * 1000).toBeGreaterThan(3600_000);
    const again = await fetch(url, { headers: { 'x-api-key': apiKey, 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('counts recipes against the query cost limit: a page of 100 is refused with a worded QUERY_TOO_COMPLEX, a page of 10 answers', async () => {
    const page = `query($first: Int) { catalog(first: $first) { edges { node { publishedVersion { recipe } } } } }`;
    const tooMany = await t.gql(page, { first: 100 }, { apiKey });
    expect(tooMany.errors![0]!.extensions['code']).toBe('QUERY_TOO_COMPLEX');
    expect(tooMany.errors![0]!.message).toMatch(/asks for too much at once/);
    const some = await t.gql(page, { first: 10 }, { apiKey });
    expect(some.errors).toBeUndefined();
    for (const edge of some.data!['catalog'].edges) expect(renderRecipeSchema.safeParse(edge.node.publishedVersion.recipe).error).toBeUndefined();
  });

  it('gives an API key without catalog:read and an anonymous caller a coded, worded refusal', async () => {
    const { versionId } = await publishTemplate(t, people, { title: 'Refused' });
    const usageKey = (await t.gql(`mutation { createApiKey(input: { name: "Usage", scopes: [USAGE_WRITE], consumerApp: "Own" }) { key } }`, {}, admin)).data!['createApiKey'].key;
    for (const auth of [{ apiKey: usageKey }, {}]) {
      const res = await t.gql(RECIPE, { id: versionId }, auth);
      expect(res.errors![0]!.extensions['code']).toMatch(/^(FORBIDDEN|UNAUTHENTICATED)$/);
      expect(res.errors![0]!.message).not.toBe('');
      expect(res.data?.['catalogVersion'] ?? null).toBeNull();
    }
  });
});
