// Hand-written mirrors of the API's GraphQL types a consumer app sees (apps/api/schema.graphql) and
// of the render recipe (GET /schemas/render-recipe.v1.json). Kept here, not generated or imported,
// so an app can copy this folder as it is.

export type BaseModel = 'SD15' | 'SDXL';
export type IdentityMode = 'LORA' | 'INSTANTID';
export type AssetKind = 'IDENTITY_LORA' | 'IDENTITY_PHOTO';
export type AssetState = 'PENDING' | 'CHECKING' | 'READY' | 'REJECTED' | 'DELETED';
export type RenderState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
/** The states a render never leaves. */
export const FINISHED_RENDER_STATES: readonly RenderState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface CatalogFilter {
  baseModel?: BaseModel;
  category?: string;
  search?: string;
  tags?: string[];
}

export interface LikenessRange {
  default: number;
  max: number;
}

export interface CatalogPreview {
  id: string;
  url: string;
  width: number;
  height: number;
}

/** An immutable published version: pin it by id. */
export interface CatalogVersion {
  id: string;
  templateId: string;
  number: number;
  title: string;
  description: string;
  category: string | null;
  tags: string[];
  current: boolean;
  publishedAt: string | null;
  specHash: string;
  identityMode: IdentityMode;
  likeness: LikenessRange;
  triggerWords: string[];
  coverUrl: string | null;
  previews: CatalogPreview[];
}

/** A published template, as the catalog lists it. */
export interface CatalogTemplate {
  id: string;
  title: string;
  description: string;
  category: string | null;
  tags: string[];
  baseModel: BaseModel;
  publishedAt: string;
  publishedVersion: CatalogVersion;
}

export interface Asset {
  id: string;
  kind: AssetKind;
  state: AssetState;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string | null;
  width: number | null;
  height: number | null;
  rejectionReason: string | null;
  createdAt: string;
}

export interface UploadTicket {
  asset: Asset;
  expiresAt: string;
  uploadMethod: string;
  uploadUrl: string;
  /** Form fields, in order: send every one, then the file last, in the field "file". */
  uploadForm: Record<string, string>;
}

export interface UploadIdentityInput {
  kind: AssetKind;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Prompt slot values, e.g. { subject: 'a woman', gender: 'woman', age: '30-year-old' }. */
export type RenderSlots = Partial<Record<'subject' | 'gender' | 'age', string>>;

export interface CreateRenderInput {
  versionId: string;
  identityAssetId: string;
  identityTriggerWord?: string;
  likeness?: number;
  seed?: number;
  slots?: RenderSlots;
  webhookUrl?: string;
  /** What the end user paid, in minor units (fen for CNY); give with currency, or neither. */
  grossAmount?: number;
  currency?: string;
}

export interface RenderNotice {
  code: 'VERSION_SUPERSEDED';
  currentVersionId: string | null;
  message: string;
}

export interface Render {
  id: string;
  versionId: string;
  state: RenderState;
  queuePosition: number | null;
  etaSeconds: number | null;
  progress: number;
  imageUrl: string | null;
  error: string | null;
  likeness: number;
  seed: number;
  slots: RenderSlots;
  grossAmount: number | null;
  currency: string | null;
  usageStatus: string | null;
  usageMessage: string | null;
  notices: RenderNotice[];
  createdAt: string;
  finishedAt: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  attemptedAt: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  type: string;
  url: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  attemptLog: WebhookAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
}

/** The JSON body of a render webhook (every attempt of one event carries the same id). */
export interface RenderWebhookEvent {
  id: string;
  type: 'render.succeeded' | 'render.failed';
  renderId: string;
  state: RenderState;
  imageUrl: string | null;
  error: string | null;
  createdAt: string;
}

// The render recipe (recipeVersion 1): everything to render a version on your own ComfyUI.

interface PlaceholderBase {
  token: string;
  description: string;
}
export type RecipePlaceholder =
  | (PlaceholderBase & { name: 'identityLora'; kind: 'file'; folder: 'models/loras' })
  | (PlaceholderBase & { name: 'identityTrigger'; kind: 'text'; optional: true })
  | (PlaceholderBase & { name: 'facePhoto'; kind: 'file'; folder: 'input'; contentTypes: string[] })
  | (PlaceholderBase & { name: 'likeness'; kind: 'number'; min: number; max: number; default: number })
  | (PlaceholderBase & { name: 'seed'; kind: 'integer'; min: number; max: number })
  | (PlaceholderBase & { name: 'subject' | 'gender' | 'age'; kind: 'text'; values: string[]; pattern: string | null });

export interface RecipeFile {
  role: 'styleLora' | 'poseMap' | 'lightMap';
  fileName: string;
  folder: 'models/loras' | 'input';
  url: string;
  sha256: string;
  byteSize: number;
}

export interface RecipeModel {
  role: 'checkpoint' | 'openposeControlNet' | 'instantIdModel' | 'instantIdControlNet';
  nodeClass: string;
  folder: string;
  fileName: string;
  sha256: string | null;
}

export interface RenderRecipe {
  recipeVersion: 1;
  versionId: string;
  specHash: string;
  baseModel: 'sd15' | 'sdxl';
  identityMode: 'lora' | 'instantid';
  /** ComfyUI API-format prompt with the placeholders still in it. */
  graph: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  placeholders: RecipePlaceholder[];
  files: RecipeFile[];
  models: RecipeModel[];
  nodeClasses: string[];
  linksValidUntil: string;
}
