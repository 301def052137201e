// The one entry point the API and the studio use to accept a spec: schema rules plus catalog rules.
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import type { z } from 'zod';
import { collectSpecWordings, describeValue, specFieldOf, type SpecWording } from './spec-issue-messages.js';
import {
  baseModelSchema,
  styleLoraSchema,
  templateSpecSchema,
  type BaseModel,
  type StyleLora,
  type TemplateSpec,
} from './template-spec.schema.js';

export interface SpecIssue {
  /** Dotted path into the spec ("canvas.width", "styleLoras.1.weight", "pose.keypoints.3"); "" is the whole spec. */
  path: string;
  /** A sentence a designer can act on, in English. */
  message: string;
  /** The sentence as a reason of @atelier/messages and its parameters, for clients that say it in the designer's language. */
  reason: ApiMessageKey;
  params: MessageParams;
}

export interface LoraCatalogEntry {
  baseModel: BaseModel;
  minWeight: number;
  maxWeight: number;
  name?: string;
  status?: string;
}

export interface TemplateSpecValidationContext {
  /** LoRA catalog by loraId; each style LoRA must then be in it, READY, of the spec's base model and in range. */
  loras?: ReadonlyMap<string, LoraCatalogEntry>;
}

export type TemplateSpecValidationResult = { ok: true; spec: TemplateSpec } | { ok: false; issues: SpecIssue[] };

const BASE_MODEL_NAMES: Readonly<Record<BaseModel, string>> = { sd15: 'SD 1.5', sdxl: 'SDXL' };

const READY_STATUS = 'READY';

/** Any input -> the parsed spec, or every issue found (schema and, with ctx.loras, catalog). */
export function validateTemplateSpec(
  input: unknown,
  ctx: TemplateSpecValidationContext = {},
): TemplateSpecValidationResult {
  // zod words the issues when they are first read, so they are read while the wordings are collected.
  const { result, wordings } = collectSpecWordings(() => {
    const parsed = templateSpecSchema.safeParse(input);
    return { parsed, zodIssues: parsed.success ? [] : parsed.error.issues };
  });
  const { parsed } = result;
  const issues = result.zodIssues.map((issue) => toSpecIssue(issue, wordings));
  if (ctx.loras) issues.push(...findCatalogIssues(input, ctx.loras));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, spec: parsed.data };
}

function specIssue(path: string, { reason, params }: SpecWording): SpecIssue {
  return { path, message: apiMessage(reason, params), reason, params };
}

function toSpecIssue(issue: z.core.$ZodIssue, wordings: ReadonlyMap<string, SpecWording>): SpecIssue {
  // Every message of the schema is worded by spec-issue-messages; one zod wrote itself still names its field.
  const wording = wordings.get(issue.message) ?? { reason: 'spec.invalid', params: { field: specFieldOf(issue.path) } };
  return specIssue(formatIssuePath(issue.path), wording);
}

// The studio selects a joint, not one axis of it, so keypoint issues point at the joint.
function formatIssuePath(path: readonly PropertyKey[]): string {
  const isKeypointAxis = path.length === 4 && path[0] === 'pose' && path[1] === 'keypoints';
  return (isKeypointAxis ? path.slice(0, 3) : path).map(String).join('.');
}

// Reads the raw input, so catalog issues are reported even when other parts of the spec are invalid.
function findCatalogIssues(input: unknown, loras: ReadonlyMap<string, LoraCatalogEntry>): SpecIssue[] {
  if (typeof input !== 'object' || input === null) return [];
  const { baseModel, styleLoras } = input as { baseModel?: unknown; styleLoras?: unknown };
  if (!Array.isArray(styleLoras)) return [];
  const parsedBaseModel = baseModelSchema.safeParse(baseModel);
  const specBaseModel = parsedBaseModel.success ? parsedBaseModel.data : undefined;

  return styleLoras.flatMap((entry: unknown, index) => {
    const styleLora = styleLoraSchema.safeParse(entry);
    // A malformed entry already has a schema issue; checking it against the catalog would only add noise.
    if (!styleLora.success) return [];
    return findStyleLoraIssues(styleLora.data, index, specBaseModel, loras);
  });
}

function findStyleLoraIssues(
  styleLora: StyleLora,
  index: number,
  specBaseModel: BaseModel | undefined,
  loras: ReadonlyMap<string, LoraCatalogEntry>,
): SpecIssue[] {
  const idPath = `styleLoras.${index}.loraId`;
  const lora = loras.get(styleLora.loraId) ?? loras.get(styleLora.loraId.toLowerCase());
  if (lora === undefined) {
    return [specIssue(idPath, { reason: 'spec.loraNotInCatalog', params: { field: `styleLoras.${index}`, loraId: styleLora.loraId } })];
  }

  // A catalog without names names the LoRA by its id.
  const name = lora.name ?? styleLora.loraId;
  const issues: SpecIssue[] = [];
  if (lora.status !== undefined && lora.status !== READY_STATUS) {
    issues.push(specIssue(idPath, { reason: 'spec.loraNotReady', params: { name, status: lora.status } }));
  }
  if (specBaseModel !== undefined && lora.baseModel !== specBaseModel) {
    const params = { name, loraBaseModel: BASE_MODEL_NAMES[lora.baseModel], baseModel: BASE_MODEL_NAMES[specBaseModel] };
    issues.push(specIssue(idPath, { reason: 'spec.loraWrongBaseModel', params }));
  }
  if (styleLora.weight < lora.minWeight || styleLora.weight > lora.maxWeight) {
    const params = { name, min: lora.minWeight, max: lora.maxWeight, got: describeValue(styleLora.weight) };
    issues.push(specIssue(`styleLoras.${index}.weight`, { reason: 'spec.loraWeightRange', params }));
  }
  return issues;
}
