import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assembleRenderRecipe, describeRecipePlaceholders, likenessRangeOf, listComfyGraphFiles, listRecipeModels, loraFileName, sceneMapFileNames, type RenderRecipe, type RenderRecipeFile } from '@atelier/comfy-compile';
import { encodeConditioningImages } from '@atelier/scene-map-png';
import { identityModeOf, type TemplateSpec } from '@atelier/template-spec';
import { AppError } from '../../common/app-error.js';
import type { Loaders } from '../../common/loaders.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { StorageService } from '../asset/storage.service.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';

// Links in a recipe are signed for two hours and a recipe is kept half an hour, so every link an app
// gets (also from the 5 s answer cache or a CDN's copy, at most 5 minutes old) works for over an hour.
const LINK_VALID_SECONDS = 2 * 3600;
const RECIPE_TTL_MS = 30 * 60_000;
const MAX_RECIPES = 500;

/** Where a scene map's PNG is kept: by the SHA-256 of its bytes, so the same map is stored once. */
export function recipeFileKey(sha256: string): string {
  return `recipe-files/${sha256}.png`;
}

// A published version's render recipe (see libs/comfy-compile render-recipe.ts). Published versions
// never change, so what it needs is made once per version: the pose and light maps are drawn with the
// worker's own code and stored by content hash the first time any process is asked; nothing is written
// per request. Recipes are kept per version for less time than their links live.
@Injectable()
export class RenderRecipeService {
  private readonly recipes = new Map<string, { specHash: string; until: number; recipe: Promise<RenderRecipe> }>();
  // Scene map keys this process has seen stored (immutable, content-addressed).
  private readonly storedKeys = new Set<string>();

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly db: DataSource,
    private readonly storage: StorageService,
    private readonly comfyGraphs: ComfyGraphService,
  ) {}

  recipeOf(version: { id: string; spec: unknown; specHash: string }, loaders: Loaders): Promise<RenderRecipe> {
    const now = Date.now();
    const hit = this.recipes.get(version.id);
    if (hit && hit.specHash === version.specHash && hit.until > now) return hit.recipe;
    const recipe = this.buildRecipe(version, loaders, now);
    if (this.recipes.size >= MAX_RECIPES) this.recipes.delete(this.recipes.keys().next().value!);
    this.recipes.set(version.id, { specHash: version.specHash, until: now + RECIPE_TTL_MS, recipe });
    // A failure is not kept: the next request tries again.
    recipe.catch(() => this.recipes.get(version.id)?.recipe === recipe && this.recipes.delete(version.id));
    return recipe;
  }

  private async buildRecipe(version: { id: string; spec: unknown; specHash: string }, loaders: Loaders, now: number): Promise<RenderRecipe> {
    const spec = version.spec as TemplateSpec;
    const graph = await this.comfyGraphs.publishedGraph(spec, version.specHash, loaders);
    const graphFiles = listComfyGraphFiles(graph);
    const named = new Set(graphFiles.map((f) => f.fileName));
    const files: RenderRecipeFile[] = [...(await this.styleLoraFiles(spec, named, loaders)), ...(await this.sceneMapFiles(spec, version.specHash, named))];
    // Every file the graph loads from models/loras or input must be in the recipe, or it could not run.
    const missing = graphFiles.filter((f) => (f.folder === 'models/loras' || f.folder === 'input') && !files.some((file) => file.fileName === f.fileName));
    if (missing.length) throw recipeUnavailableError(`Recipe of version ${version.id}: no stored file for ${missing.map((f) => f.fileName).join(', ')}`);
    return assembleRenderRecipe({
      versionId: version.id,
      specHash: version.specHash,
      baseModel: spec.baseModel,
      identityMode: identityModeOf(spec),
      graph,
      placeholders: describeRecipePlaceholders(graph, likenessRangeOf(spec)),
      files,
      models: listRecipeModels(graph, this.config.comfy.modelSha256),
      linksValidUntil: new Date(now + LINK_VALID_SECONDS * 1000).toISOString(),
    });
  }

  // Style LoRAs: their stored upload, with the SHA-256 and size the upload check recorded.
  private async styleLoraFiles(spec: TemplateSpec, named: ReadonlySet<string>, loaders: Loaders): Promise<RenderRecipeFile[]> {
    const loras = (await Promise.all(spec.styleLoras.map((l) => loaders.loraById.load(l.loraId)))).filter((l) => l !== null);
    if (!loras.length) return [];
    const assets: Array<{ id: string; object_key: string; byte_size: string }> = await this.db.query(
      `SELECT id, object_key, byte_size FROM assets WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
      [loras.map((l) => l.fileAssetId)],
    );
    const files: RenderRecipeFile[] = [];
    for (const lora of loras) {
      const fileName = loraFileName(lora.sha256);
      const asset = assets.find((a) => a.id === lora.fileAssetId);
      if (!asset || !named.has(fileName) || files.some((f) => f.fileName === fileName)) continue;
      files.push({ role: 'styleLora', fileName, folder: 'models/loras', url: await this.storage.presignStableGet(asset.object_key, LINK_VALID_SECONDS), sha256: lora.sha256, byteSize: Number(asset.byte_size) });
    }
    return files;
  }

  // The pose and light maps the graph loads, drawn as the worker draws them and stored by content hash.
  private async sceneMapFiles(spec: TemplateSpec, specHash: string, named: ReadonlySet<string>): Promise<RenderRecipeFile[]> {
    const names = sceneMapFileNames(specHash);
    const wanted = { ...(named.has(names.poseMap) ? { poseMap: names.poseMap } : {}), ...(named.has(names.lightMap) ? { lightMap: names.lightMap } : {}) };
    const files: RenderRecipeFile[] = [];
    for (const [fileName, png] of await encodeConditioningImages(spec, wanted)) {
      const sha256 = createHash('sha256').update(png).digest('hex');
      const key = recipeFileKey(sha256);
      if (!this.storedKeys.has(key)) {
        if ((await this.storage.statSize(key)) !== png.length) await this.storage.put(key, png, 'image/png');
        this.storedKeys.add(key);
      }
      const role = fileName === names.poseMap ? 'poseMap' : 'lightMap';
      files.push({ role, fileName, folder: 'input', url: await this.storage.presignStableGet(key, LINK_VALID_SECONDS), sha256, byteSize: png.length });
    }
    return files;
  }
}

/** A version whose recipe cannot be made: its files are gone (a designer-readable sentence). */
export function recipeUnavailableError(devMessage: string): AppError {
  return new AppError('NOT_FOUND', "This version's render recipe is not available: a file it needs is no longer stored.", {}, devMessage);
}
