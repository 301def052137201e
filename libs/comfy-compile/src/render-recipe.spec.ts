import { describe, expect, it } from '@jest/globals';
import { makeDefaultTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import { compileToComfyGraph } from './compile-to-comfy-graph.js';
import { fillComfyGraphPlaceholders, likenessRangeOf } from './comfy-placeholders.js';
import { assembleRenderRecipe, describeAcceptedSlotValues, describeRecipePlaceholders, isAcceptedSlotValue, listComfyGraphFiles, listRecipeModels, renderRecipeJsonSchema, renderRecipeSchema } from './render-recipe.js';
import { INSTANTID_FILES, makePlaceholderJob, makeStyleLoras } from './testing/make-compile-job.js';
import { validateComfyGraph } from './validate-comfy-graph.js';

const loraSpec = (): TemplateSpec => ({ ...makeDefaultTemplateSpec('sdxl'), styleLoras: makeStyleLoras(1) });
const instantIdSpec = (): TemplateSpec => {
  const base = makeDefaultTemplateSpec('sdxl');
  return { ...base, subject: { ...base.subject, identity: { mode: 'instantid' } } };
};

describe('render recipe parts', () => {
  it('describes every placeholder of an identity-LoRA graph, and filling them from the descriptions gives a graph ComfyUI runs', () => {
    const spec = loraSpec();
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const placeholders = describeRecipePlaceholders(graph, likenessRangeOf(spec));
    expect(placeholders.map((p) => p.name)).toEqual(['identityLora', 'identityTrigger', 'likeness', 'seed', 'subject', 'gender', 'age']);
    const slots = Object.fromEntries(placeholders.flatMap((p) => ('values' in p ? [[p.name, p.values[0]!]] : [])));
    const filled = fillComfyGraphPlaceholders(graph, { identityLoraFileName: 'me.safetensors', identityTriggerWord: 'ohwx', seed: 7, likeness: 1, slots: slots as Record<'subject' | 'gender' | 'age', string> });
    expect(validateComfyGraph(filled)).toEqual([]);
    expect(JSON.stringify(filled)).not.toMatch(/\{\{\w+\}\}/);
  });

  it('names an InstantID graph {{facePhoto}} and its InstantID model and ControlNet, apart from the pose ControlNet', () => {
    const spec = instantIdSpec();
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    expect(describeRecipePlaceholders(graph, likenessRangeOf(spec)).map((p) => p.name)).toContain('facePhoto');
    const models = listRecipeModels(graph, { [INSTANTID_FILES.modelName]: 'a'.repeat(64) });
    expect(models.map((m) => [m.role, m.fileName, m.sha256])).toEqual(expect.arrayContaining([
      ['checkpoint', 'sd_xl_base_1.0.safetensors', null],
      ['openposeControlNet', 'OpenPoseXL2.safetensors', null],
      ['instantIdModel', INSTANTID_FILES.modelName, 'a'.repeat(64)],
      ['instantIdControlNet', INSTANTID_FILES.controlNetName, null],
    ]));
    expect(models).toHaveLength(4);
  });

  it('lists the files a graph loads by name, placeholders left out', () => {
    const spec = loraSpec();
    const files = listComfyGraphFiles(compileToComfyGraph(spec, makePlaceholderJob(spec)));
    expect(files.filter((f) => f.folder === 'input' || f.folder === 'models/loras').map((f) => f.fileName)).toEqual(['film-grain.safetensors', 'job-42-pose.png', 'job-42-light.png']);
  });

  it('serves as JSON Schema the same contract the zod schema checks', () => {
    const spec = loraSpec();
    const graph = compileToComfyGraph(spec, makePlaceholderJob(spec));
    const recipe = assembleRenderRecipe({
      versionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', specHash: 'abc', baseModel: 'sdxl', identityMode: 'lora', graph,
      placeholders: describeRecipePlaceholders(graph, likenessRangeOf(spec)), files: [], models: listRecipeModels(graph), linksValidUntil: '2030-01-01T00:00:00.000Z',
    });
    expect(renderRecipeSchema.safeParse(recipe).success).toBe(true);
    const schema = renderRecipeJsonSchema();
    expect(schema.$id).toBe('https://atelier.local/schemas/render-recipe.v1.json');
    expect(Object.keys(schema['properties'] as object)).toEqual(Object.keys(renderRecipeSchema.shape));
  });
});

describe('prompt slot values', () => {
  it('accepts what the recipe lists and nothing else, and says so in words', () => {
    expect(['a woman', 'a man', 'a person'].every((v) => isAcceptedSlotValue('subject', v))).toBe(true);
    expect(isAcceptedSlotValue('gender', 'robot')).toBe(false);
    expect(['18-year-old', '100-year-old', 'adult'].every((v) => isAcceptedSlotValue('age', v))).toBe(true);
    expect(['17-year-old', '101-year-old', 'old'].some((v) => isAcceptedSlotValue('age', v))).toBe(false);
    expect(describeAcceptedSlotValues('subject')).toBe("'a woman', 'a man' or 'a person'");
    expect(describeAcceptedSlotValues('gender')).toBe("'woman', 'man' or 'person'");
    expect(describeAcceptedSlotValues('age')).toBe("'18-year-old' to '100-year-old', or 'adult'");
  });
});
