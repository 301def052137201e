// The one entry point the API and the studio use to accept a spec: schema rules plus catalog rules.
import type { z } from 'zod';
import { describeSpecPath, describeValue } from './spec-issue-messages.js';
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
  /** A sentence a designer can act on. */
  message: string;
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
  const parsed = templateSpecSchema.safeParse(input);
  const issues = parsed.success ? [] : parsed.error.issues.map(toSpecIssue);
  if (ctx.loras) issues.push(...findCatalogIssues(input, ctx.loras));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, spec: parsed.data };
}

function toSpecIssue(issue: z.core.$ZodIssue): SpecIssue {
  return { path: formatIssuePath(issue.path), message: issue.message };
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
    const label = describeSpecPath(['styleLoras', index]);
    return [{ path: idPath, message: `${label} (${styleLora.loraId}) is not in the LoRA catalog` }];
  }

  const name = lora.name === undefined ? describeSpecPath(['styleLoras', index]) : `Style LoRA "${lora.name}"`;
  const issues: SpecIssue[] = [];
  if (lora.status !== undefined && lora.status !== READY_STATUS) {
    issues.push({ path: idPath, message: `${name} is not ready to use (status ${lora.status})` });
  }
  if (specBaseModel !== undefined && lora.baseModel !== specBaseModel) {
    const [made, uses] = [BASE_MODEL_NAMES[lora.baseModel], BASE_MODEL_NAMES[specBaseModel]];
    const message = `${name} is made for ${made}, but this template uses ${uses}`;
    issues.push({ path: idPath, message });
  }
  if (styleLora.weight < lora.minWeight || styleLora.weight > lora.maxWeight) {
    const range = `between ${lora.minWeight} and ${lora.maxWeight}`;
    const message = `${name} weight must be ${range} (got ${describeValue(styleLora.weight)})`;
    issues.push({ path: `styleLoras.${index}.weight`, message });
  }
  return issues;
}
