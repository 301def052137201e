// A render recipe: everything an app needs to render a published version on its own ComfyUI — the
// graph with its placeholders described, every file the graph names (with a link, SHA-256 and size)
// and the models its box must have. The zod schema is the contract; its JSON Schema is served to apps.
import { z } from 'zod';
import { BASE_MODELS, IDENTITY_MODES, PROMPT_SLOTS, type PromptSlot } from '@atelier/template-spec';
import { COMFY_NODE_TABLE } from './comfy-node-table.js';
import { COMFY_PLACEHOLDERS, hasComfyPlaceholder } from './comfy-placeholders.js';
import { listNodeClasses, type ComfyPrompt } from './comfy-prompt.js';

export const RENDER_RECIPE_JSON_SCHEMA_ID = 'https://atelier.local/schemas/render-recipe.v1.json';

/** The words previews fill {subject} and {gender} with, per a face's recorded gender. */
export const PROMPT_SLOT_GENDER_WORDS = {
  FEMALE: { subject: 'a woman', gender: 'woman' },
  MALE: { subject: 'a man', gender: 'man' },
  UNSPECIFIED: { subject: 'a person', gender: 'person' },
} as const;

/** {age} when the age is not known. */
export const NEUTRAL_AGE_WORD = 'adult';

/** An age in years -> the {age} word, e.g. 30 -> `30-year-old`. */
export function ageSlotWord(years: number): string {
  return `${years}-year-old`;
}

// What each prompt slot accepts: one of `values`, or (when given) any text matching `pattern`.
const SLOT_ACCEPTS: Record<PromptSlot, { values: string[]; pattern: string | null; description: string }> = {
  subject: {
    values: Object.values(PROMPT_SLOT_GENDER_WORDS).map((w) => w.subject),
    pattern: null,
    description: 'Who is portrayed, as the prompt names them: one of values (match it to the end user).',
  },
  gender: {
    values: Object.values(PROMPT_SLOT_GENDER_WORDS).map((w) => w.gender),
    pattern: null,
    description: "The end user's gender as one word: one of values ('person' when unknown).",
  },
  age: {
    values: [NEUTRAL_AGE_WORD],
    pattern: '^(1[89]|[2-9][0-9]|100)-year-old$',
    description: "The end user's age: '<years>-year-old' (18 to 100), or 'adult' when unknown.",
  },
};

// A slot's pattern in words, for messages: the ages the age pattern takes.
const PATTERN_IN_WORDS: Partial<Record<PromptSlot, string>> = { age: "'18-year-old' to '100-year-old'" };

/** What `slot` accepts, in words for a message, e.g. "'woman', 'man' or 'person'". */
export function describeAcceptedSlotValues(slot: PromptSlot): string {
  const values = SLOT_ACCEPTS[slot].values.map((v) => `'${v}'`);
  const pattern = PATTERN_IN_WORDS[slot];
  if (pattern) return `${pattern}, or ${values.join(', ')}`;
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');
}

/** True when `value` is what the recipe says `slot` accepts (one of its values, or text matching its pattern). */
export function isAcceptedSlotValue(slot: PromptSlot, value: string): boolean {
  const accepts = SLOT_ACCEPTS[slot];
  return accepts.values.includes(value) || (accepts.pattern !== null && new RegExp(accepts.pattern).test(value));
}

/** The values a render uses for slots it was not given: a person of no stated gender or age. */
export const NEUTRAL_SLOT_VALUES: Readonly<Record<PromptSlot, string>> = {
  subject: PROMPT_SLOT_GENDER_WORDS.UNSPECIFIED.subject,
  gender: PROMPT_SLOT_GENDER_WORDS.UNSPECIFIED.gender,
  age: NEUTRAL_AGE_WORD,
};

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/).describe('SHA-256 of the file, lowercase hex.');
const description = z.string().describe('What to fill the placeholder with, for the app developer.');

const placeholderSchema = z.discriminatedUnion('name', [
  z.object({
    name: z.literal('identityLora'),
    token: z.literal(COMFY_PLACEHOLDERS.identityLora),
    kind: z.literal('file'),
    folder: z.literal('models/loras'),
    description,
  }),
  z.object({
    name: z.literal('identityTrigger'),
    token: z.literal(COMFY_PLACEHOLDERS.identityTrigger),
    kind: z.literal('text'),
    optional: z.literal(true).describe('Empty (or absent) drops it with the ", " before it.'),
    description,
  }),
  z.object({
    name: z.literal('facePhoto'),
    token: z.literal(COMFY_PLACEHOLDERS.facePhoto),
    kind: z.literal('file'),
    folder: z.literal('input'),
    contentTypes: z.array(z.string()).describe('Image types InstantID reads.'),
    description,
  }),
  z.object({
    name: z.literal('likeness'),
    token: z.literal(COMFY_PLACEHOLDERS.likeness),
    kind: z.literal('number'),
    min: z.number(),
    max: z.number(),
    default: z.number(),
    description,
  }),
  z.object({
    name: z.literal('seed'),
    token: z.literal(COMFY_PLACEHOLDERS.seed),
    kind: z.literal('integer'),
    min: z.literal(0),
    max: z.literal(Number.MAX_SAFE_INTEGER),
    description,
  }),
  z.object({
    name: z.enum(PROMPT_SLOTS),
    token: z.string(),
    kind: z.literal('text'),
    values: z.array(z.string()).min(1).describe('Accepted values.'),
    pattern: z.string().nullable().describe('A regular expression other accepted values match; null: only values.'),
    description,
  }),
]);

const fileSchema = z.object({
  role: z.enum(['styleLora', 'poseMap', 'lightMap']),
  fileName: z.string().min(1).describe('The name the graph loads it by: save it under this name in folder.'),
  folder: z.enum(['models/loras', 'input']).describe("ComfyUI's folder for it."),
  url: z.url().describe('A GET link, valid until linksValidUntil (at least an hour after the recipe was answered).'),
  sha256: sha256Schema,
  byteSize: z.int().positive(),
});

const modelSchema = z.object({
  role: z.enum(['checkpoint', 'openposeControlNet', 'instantIdModel', 'instantIdControlNet']),
  nodeClass: z.string(),
  folder: z.string().describe("ComfyUI's folder for it, e.g. models/checkpoints."),
  fileName: z.string().min(1),
  sha256: sha256Schema.nullable().describe('Null when this API does not know it.'),
});

export const renderRecipeSchema = z
  .object({
    recipeVersion: z.literal(1),
    versionId: z.uuid(),
    specHash: z.string(),
    baseModel: z.enum(BASE_MODELS),
    identityMode: z.enum(IDENTITY_MODES),
    graph: z
      .record(z.string(), z.object({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) }))
      .describe('ComfyUI API-format prompt (POST /prompt `prompt`), with the placeholders below still in it.'),
    placeholders: z.array(placeholderSchema).describe('Every {{placeholder}} the graph has, and what fills it.'),
    files: z.array(fileSchema).describe('Every file the graph names, to download and put in its folder before queueing.'),
    models: z.array(modelSchema).describe("The models the graph loads, which the ComfyUI box must already have."),
    nodeClasses: z.array(z.string()).describe('The node classes the graph uses (InstantID ones need the ComfyUI_InstantID custom nodes).'),
    linksValidUntil: z.iso.datetime().describe('Every url in files works until then.'),
  })
  .describe("A published version's render recipe: run it on any ComfyUI with the models listed.");

export type RenderRecipe = z.infer<typeof renderRecipeSchema>;
export type RenderRecipePlaceholder = z.infer<typeof placeholderSchema>;
export type RenderRecipeFile = z.infer<typeof fileSchema>;
export type RenderRecipeModel = z.infer<typeof modelSchema>;

/** -> the JSON Schema (draft 2020-12) of a render recipe v1, served at /schemas/render-recipe.v1.json. */
export function renderRecipeJsonSchema(): Record<string, unknown> & { $id: string } {
  const { $schema: _dialect, ...generated } = z.toJSONSchema(renderRecipeSchema, { target: 'draft-2020-12' });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: RENDER_RECIPE_JSON_SCHEMA_ID,
    title: 'Atelier render recipe v1',
    ...generated,
  };
}

/** A file input of a graph node: ComfyUI loads `fileName` from `folder`. */
export interface ComfyGraphFile {
  nodeId: string;
  nodeClass: string;
  input: string;
  folder: string;
  fileName: string;
}

/** A graph -> every file name its nodes load (placeholders left out), in node order. */
export function listComfyGraphFiles(graph: ComfyPrompt): ComfyGraphFile[] {
  const files: ComfyGraphFile[] = [];
  for (const [nodeId, node] of Object.entries(graph)) {
    const spec = COMFY_NODE_TABLE[node.class_type];
    if (!spec) continue;
    for (const [input, inputSpec] of Object.entries({ ...spec.required, ...spec.optional })) {
      const value = node.inputs[input];
      if (inputSpec.type !== 'FILE' || typeof value !== 'string' || hasComfyPlaceholder(value)) continue;
      files.push({ nodeId, nodeClass: node.class_type, input, folder: inputSpec.folder, fileName: value });
    }
  }
  return files;
}

const PLACEHOLDER_DESCRIPTIONS = {
  identityLora: "The end user's identity LoRA: put the file in models/loras and fill in its file name.",
  identityTrigger: "The identity LoRA's trigger word; empty when it has none.",
  facePhoto: "The end user's face photo (one clear, frontal face): upload it to ComfyUI's input folder and fill in its file name.",
  likeness: 'How strongly the face is the end user (identity LoRA strength, or InstantID weight): from min to max; start at default, raise for "more like me".',
  seed: 'Any whole number; the same seed and inputs give the same image.',
} as const;

/** A graph with placeholders + the version's likeness range -> a description of each placeholder it has. */
export function describeRecipePlaceholders(graph: ComfyPrompt, likeness: readonly [number, number]): RenderRecipePlaceholder[] {
  const text = JSON.stringify(graph);
  const has = (token: string) => text.includes(token);
  const placeholders: RenderRecipePlaceholder[] = [];
  const p = COMFY_PLACEHOLDERS;
  const d = PLACEHOLDER_DESCRIPTIONS;
  if (has(p.identityLora)) placeholders.push({ name: 'identityLora', token: p.identityLora, kind: 'file', folder: 'models/loras', description: d.identityLora });
  if (has(p.identityTrigger)) placeholders.push({ name: 'identityTrigger', token: p.identityTrigger, kind: 'text', optional: true, description: d.identityTrigger });
  if (has(p.facePhoto)) placeholders.push({ name: 'facePhoto', token: p.facePhoto, kind: 'file', folder: 'input', contentTypes: ['image/png', 'image/jpeg', 'image/webp'], description: d.facePhoto });
  if (has(p.likeness)) placeholders.push({ name: 'likeness', token: p.likeness, kind: 'number', min: likeness[0], max: likeness[1], default: likeness[0], description: d.likeness });
  if (has(p.seed)) placeholders.push({ name: 'seed', token: p.seed, kind: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER, description: d.seed });
  for (const slot of PROMPT_SLOTS) {
    if (has(p[slot])) placeholders.push({ name: slot, token: p[slot], kind: 'text', ...SLOT_ACCEPTS[slot] });
  }
  return placeholders;
}

/**
 * A graph + the SHA-256 of model files where known (by file name) -> the models its loaders name:
 * checkpoint, OpenPose ControlNet, InstantID's model and ControlNet.
 */
export function listRecipeModels(graph: ComfyPrompt, knownSha256: Readonly<Record<string, string>> = {}): RenderRecipeModel[] {
  const roles: Record<string, RenderRecipeModel['role']> = {
    CheckpointLoaderSimple: 'checkpoint',
    InstantIDModelLoader: 'instantIdModel',
  };
  const models: RenderRecipeModel[] = [];
  for (const file of listComfyGraphFiles(graph)) {
    const instantIdControlNet = file.nodeClass === 'ControlNetLoader' && isInstantIdControlNet(graph, file.nodeId);
    const role = file.nodeClass === 'ControlNetLoader' ? (instantIdControlNet ? 'instantIdControlNet' : 'openposeControlNet') : roles[file.nodeClass];
    if (!role) continue;
    models.push({ role, nodeClass: file.nodeClass, folder: file.folder, fileName: file.fileName, sha256: knownSha256[file.fileName] ?? null });
  }
  return models;
}

// A ControlNet loader feeding ApplyInstantID is InstantID's; any other is the pose's.
function isInstantIdControlNet(graph: ComfyPrompt, loaderId: string): boolean {
  return Object.values(graph).some(
    (node) => node.class_type === 'ApplyInstantID' && Object.values(node.inputs).some((v) => Array.isArray(v) && v[0] === loaderId),
  );
}

/** Parts of a recipe -> the recipe (its node classes derived from the graph). */
export function assembleRenderRecipe(parts: Omit<RenderRecipe, 'recipeVersion' | 'nodeClasses'> & { graph: ComfyPrompt }): RenderRecipe {
  return { recipeVersion: 1, ...parts, nodeClasses: listNodeClasses(parts.graph) };
}
