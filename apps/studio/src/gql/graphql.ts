/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ApiKeyScope =
  | 'CATALOG_READ'
  /** Uploads and deletes the app's end users' identities (requestUpload with IDENTITY_LORA or IDENTITY_PHOTO, completeUpload, deleteAsset) and renders with them on the GPU pool (createRender, render, renders, cancelRender, webhookDeliveries); needs a consumer app. */
  | 'RENDER'
  | 'USAGE_WRITE';

export type AssetKind =
  | 'CONSENT_DOCUMENT'
  /** A consumer app's end-user identity LoRA (.safetensors; API keys with RENDER only; the app's alone; deleted identityRetentionHours after its last render, or at once with deleteAsset). */
  | 'IDENTITY_LORA'
  /** A consumer app's end-user face photo, for instantid templates (API keys with RENDER only; the app's alone; deleted like IDENTITY_LORA). */
  | 'IDENTITY_PHOTO'
  | 'LORA'
  | 'PREVIEW_IMAGE'
  | 'REFERENCE_IMAGE'
  /** A consented photo of a preview face (admins only; deleted with the face). */
  | 'SUBJECT_PHOTO';

export type AssetState =
  /** The upload arrived and is being checked (completeUpload is running). */
  | 'CHECKING'
  /** The file was deleted from storage (privacy); the asset can no longer be used or downloaded. */
  | 'DELETED'
  | 'PENDING'
  | 'READY'
  | 'REJECTED';

/** USER: a signed-in person. API_KEY: a consumer app. SYSTEM: the platform itself (seeding, the privacy sweep). */
export type AuditActorKind =
  | 'API_KEY'
  | 'SYSTEM'
  | 'USER';

export type AuditLogFilter = {
  /** An action such as version.submitted, or a prefix ending in a dot (version.) for every action starting with it. */
  action?: string | null | undefined;
  /** Entries made by this user or API key. */
  actorId?: string | number | null | undefined;
  actorKind?: AuditActorKind | null | undefined;
  /** The object's id. */
  entityId?: string | null | undefined;
  /** The kind of object: template, template_version, user, api_key, worker_token, preview_subject, designer_statement, asset, lora, preview_batch or preview_job. */
  entityType?: string | null | undefined;
  /** Entries made at or after this time. */
  from?: string | null | undefined;
  /** Entries made before this time. */
  to?: string | null | undefined;
};

export type BaseModel =
  | 'SD15'
  | 'SDXL';

export type CatalogFilter = {
  baseModel?: BaseModel | null | undefined;
  category?: string | null | undefined;
  search?: string | null | undefined;
  tags?: Array<string> | null | undefined;
};

export type CoAuthorShareInput = {
  designerId: string | number;
  /** This co-author's part of the designers' share, in basis points; all parts add up to 10000. */
  shareBps: number;
};

export type CreateApiKeyInput = {
  /** The consumer app the key belongs to (created on first use); required with USAGE_WRITE and RENDER. */
  consumerApp?: string | null | undefined;
  name: string;
  /** Its own limit of requests per minute (1 to 1,000,000); left out or null: the default. */
  rateLimitPerMinute?: number | null | undefined;
  scopes: Array<ApiKeyScope>;
};

export type CreatePreviewSubjectInput = {
  /** Age in years, 18 to 100. */
  ageYears?: number | null | undefined;
  consentDocumentAssetId: string | number;
  consentExpiresAt: string;
  /** UNSPECIFIED when left out. */
  gender?: SubjectGender | null | undefined;
  /** @deprecated A face has an identity LoRA per base model: use identityLoras. This one counts as the SDXL LoRA. */
  identityLoraAssetId?: string | number | null | undefined;
  /** The identity LoRA for each base model the face renders (at least one). */
  identityLoras?: Array<IdentityLoraInput> | null | undefined;
  name: string;
  /** 3 to 10 consented photos of the face (assets of kind SUBJECT_PHOTO), in the order to show them. Required. */
  referencePhotoAssetIds?: Array<string | number> | null | undefined;
};

export type CreateTemplateCategoryInput = {
  /** The stable key; made from the English name when left out (e.g. "Business portrait" -> business-portrait). */
  key?: string | null | undefined;
  /** The English name, 1 to 60 characters. */
  name: string;
  /** The Chinese name, at most 60 characters. */
  nameZh?: string | null | undefined;
  /** Defaults to after the last category. */
  position?: number | null | undefined;
};

export type CreateTemplateInput = {
  baseModel: BaseModel;
  category?: string | null | undefined;
  description?: string | null | undefined;
  /** Optional starting spec; a sensible default portrait otherwise. */
  spec?: unknown;
  tags?: Array<string> | null | undefined;
  title: string;
};

export type IdentityLoraInput = {
  /** A READY asset of kind LORA (requestUpload, then completeUpload). */
  assetId: string | number;
  baseModel: BaseModel;
  /** The word the LoRA was trained with, up to 60 characters without braces; left out or blank when it has none. */
  triggerWord?: string | null | undefined;
};

export type InviteMethod =
  | 'LINK'
  | 'TEMPORARY_PASSWORD';

export type InviteUserInput = {
  displayName: string;
  email: string;
  /** LINK (default): a one-time set-password link. TEMPORARY_PASSWORD: a password shown once in the answer. */
  method?: InviteMethod | null | undefined;
  roles: Array<Role>;
};

export type LeaseBlockCode =
  /** The worker reports a problem with its box (boxProblem): it is given no job. */
  | 'BOX_PROBLEM'
  /** The box does not list the model file (folder, file) the loader nodeClass loads for baseModel: no job of that base model whose graph uses that loader. */
  | 'MISSING_MODEL_FILE'
  /** The box does not list these node classes (nodeClasses), which queued jobs need. */
  | 'MISSING_NODE_CLASSES'
  /** ComfyUI on the box reports no GPU with memory: it is given no job. */
  | 'NO_GPU_MEMORY'
  /** No worker of the backend and base model is online. */
  | 'NO_WORKER'
  /** No heartbeat in the last minute. */
  | 'OFFLINE'
  /** The box’s largest GPU has less memory (vramMb) than jobs of baseModel need (needVramMb, COMFY_MIN_VRAM_MB_*): no job of that base model. */
  | 'TOO_LITTLE_VRAM';

export type LedgerLineKind =
  | 'REFUND'
  | 'USAGE';

/** Which end of the template's likeness range (subject.likeness) a preview renders the face at: its default, or the max "more like me" may reach. */
export type LikenessEnd =
  | 'DEFAULT'
  | 'MAX';

export type LoraStatus =
  | 'DEPRECATED'
  | 'DISABLED'
  | 'READY';

export type PasswordLinkPurpose =
  | 'INVITE'
  | 'RESET';

export type PreviewJobState =
  | 'CANCELLED'
  | 'DEAD'
  | 'FAILED'
  | 'LEASED'
  | 'QUEUED'
  | 'SUCCEEDED';

/** Reviewer re-renders > interactive designer previews > consumer apps' hosted renders (createRender; at most CONSUMER_RENDER_SHARE of the pool) > bulk. */
export type PreviewPriority =
  | 'BULK'
  /** Consumer apps' hosted renders (createRender): never asked for with requestPreviews. */
  | 'CONSUMER'
  | 'INTERACTIVE'
  | 'REVIEW';

/** Why a queued preview waits for a worker. */
export type PreviewWaitingReason =
  /** Workers of its base model are online, but none can run it now (its box lacks a model file or node its graph needs, has no or too little GPU memory, or reports a problem). Admins see why under Workers. */
  | 'NO_WORKER_ABLE'
  /** No worker of its backend and base model is online. */
  | 'NO_WORKER_ONLINE';

export type RegisterLoraInput = {
  baseModel: BaseModel;
  defaultWeight: number;
  fileAssetId: string | number;
  maxWeight: number;
  minWeight: number;
  name: string;
  /** An uploaded image (REFERENCE_IMAGE asset) shown as its thumbnail. */
  thumbnailAssetId?: string | number | null | undefined;
  triggerWords?: Array<string> | null | undefined;
};

export type RequestPreviewsInput = {
  /** Default [DEFAULT]: every seed at the likeness default. [DEFAULT, MAX] also renders the first seed at the likeness max, one more job per face, so both ends of "more like me" can be compared on the same seed; [MAX] renders every seed at the max. */
  likenessEnds?: Array<LikenessEnd> | null | undefined;
  priority?: PreviewPriority | null | undefined;
  /** Default: two seeds derived from the spec hash. */
  seeds?: Array<number> | null | undefined;
  /** Default: every preview subject with valid consent (at most 8). */
  subjectIds?: Array<string | number> | null | undefined;
  versionId: string | number;
};

export type RequestUploadInput = {
  byteSize: number;
  contentType: string;
  fileName: string;
  kind: AssetKind;
};

export type RevenueAgreementInput = {
  coAuthors: Array<CoAuthorShareInput>;
  /** The designers’ share of gross, in basis points (3000 = 30 %). */
  designerShareBps: number;
  /** From when the agreement applies (usage recorded before keeps its terms); now or later. */
  effectiveFrom: string;
  templateId: string | number;
};

export type ReviewCommentInput = {
  body: string;
  previewJobId?: string | number | null | undefined;
  x?: number | null | undefined;
  y?: number | null | undefined;
};

export type ReviewDecision =
  | 'APPROVE'
  | 'REJECT'
  | 'REQUEST_CHANGES';

export type ReviewScoreInput = {
  beautiful: number;
  like: number;
  real: number;
  subjectId: string | number;
};

export type ReviewVersionInput = {
  comments?: Array<ReviewCommentInput> | null | undefined;
  decision: ReviewDecision;
  scores?: Array<ReviewScoreInput> | null | undefined;
  versionId: string | number;
};

export type Role =
  | 'ADMIN'
  | 'DESIGNER'
  | 'REVIEWER';

export type SaveDraftInput = {
  baseRevision: number;
  spec: unknown;
  templateId: string | number;
};

/** Fills the {gender} prompt slot of the face's previews (woman, man, or person when unspecified). */
export type SubjectGender =
  | 'FEMALE'
  | 'MALE'
  | 'UNSPECIFIED';

export type TemplateFilter = {
  baseModel?: BaseModel | null | undefined;
  search?: string | null | undefined;
  /** Only templates whose newest version is in this state (DRAFT: being edited, SUBMITTED: in review, …). */
  state?: VersionState | null | undefined;
  tags?: Array<string> | null | undefined;
};

/** Where a template stands, decided by its newest submitted version (a draft on top of it does not change it). */
export type TemplateStandingState =
  /** The newest submitted version is approved and waits for its owner to publish it. */
  | 'APPROVED'
  /** The reviewer sent the newest submitted version back; reviewNote says what to change. */
  | 'CHANGES_REQUESTED'
  /** Never submitted: only the draft exists. */
  | 'DRAFT_ONLY'
  /** The newest submitted version waits for a reviewer. */
  | 'IN_REVIEW'
  /** Apps get the version versionNumber. */
  | 'PUBLISHED'
  /** The reviewer rejected the newest submitted version; reviewNote says why. */
  | 'REJECTED'
  /** Was published (last as versionNumber) and has been taken out of the catalog. */
  | 'UNPUBLISHED';

export type UpdateLoraInput = {
  defaultWeight?: number | null | undefined;
  description?: string | null | undefined;
  maxWeight?: number | null | undefined;
  minWeight?: number | null | undefined;
  name?: string | null | undefined;
  triggerWords?: Array<string> | null | undefined;
};

export type UpdateTemplateCategoryInput = {
  /** true archives it, false brings it back. */
  archived?: boolean | null | undefined;
  /** Which category (keys never change). */
  key: string;
  name?: string | null | undefined;
  nameZh?: string | null | undefined;
  position?: number | null | undefined;
};

export type UpdateTemplateInput = {
  category?: string | null | undefined;
  description?: string | null | undefined;
  tags?: Array<string> | null | undefined;
  templateId: string | number;
  title?: string | null | undefined;
};

export type UserFilterInput = {
  role?: Role | null | undefined;
  /** Part of a name or e-mail address. */
  search?: string | null | undefined;
  status?: UserStatus | null | undefined;
};

export type UserStatus =
  | 'ACTIVE'
  /** Cannot sign in; every session ended when it was disabled. */
  | 'DISABLED'
  /** Invited; has not set a password with the link yet. */
  | 'INVITED';

export type VersionState =
  | 'APPROVED'
  | 'CHANGES_REQUESTED'
  | 'DRAFT'
  | 'PUBLISHED'
  | 'REJECTED'
  | 'SUBMITTED'
  | 'SUPERSEDED';

export type ChangeMyPasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type ChangeMyPasswordMutation = { changeMyPassword: { csrfToken: string | null, expiresAt: string, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null } } };

export type SignOutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutEverywhereMutation = { signOutEverywhere: { csrfToken: string | null, expiresAt: string, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null } } };

export type RevenueOverviewQueryVariables = Exact<{
  currency?: string | null | undefined;
}>;


export type RevenueOverviewQuery = { revenueOverview: { currency: string, platformRevenueMinor: number, paidOutMinor: number, apps: Array<{ appId: string, appName: string, uses: number, grossMinor: number, refundedMinor: number, receivableMinor: number }>, designers: Array<{ designerId: string, displayName: string, earnedMinor: number, paidMinor: number, unpaidMinor: number }> } };

export type AdminUsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: UserFilterInput | null | undefined;
}>;


export type AdminUsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null } }> } };

export type SetUserDisabledMutationVariables = Exact<{
  userId: string | number;
  disabled: boolean;
}>;


export type SetUserDisabledMutation = { setUserDisabled: { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null } };

export type PersonFieldsFragment = { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null };

export type InviteUserMutationVariables = Exact<{
  input: InviteUserInput;
}>;


export type InviteUserMutation = { inviteUser: { setPasswordToken: string | null, temporaryPassword: string | null, expiresAt: string | null, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null } } };

export type ResetUserPasswordMutationVariables = Exact<{
  userId: string | number;
}>;


export type ResetUserPasswordMutation = { resetUserPassword: { setPasswordToken: string, expiresAt: string, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null } } };

export type SetUserRolesMutationVariables = Exact<{
  userId: string | number;
  roles: Array<Role> | Role;
}>;


export type SetUserRolesMutation = { setUserRoles: { id: string, email: string | null, displayName: string, roles: Array<Role>, createdAt: string, disabled: boolean | null, status: UserStatus | null } };

export type AdminApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminApiKeysQuery = { apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, consumerAppId: string | null, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, rateLimitPerMinute: number | null, effectiveRateLimitPerMinute: number }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, webhookSecret: string | null, apiKey: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, consumerAppId: string | null, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, rateLimitPerMinute: number | null, effectiveRateLimitPerMinute: number } } };

export type SetApiKeyRateLimitMutationVariables = Exact<{
  id: string | number;
  perMinute?: number | null | undefined;
}>;


export type SetApiKeyRateLimitMutation = { setApiKeyRateLimit: { id: string, rateLimitPerMinute: number | null, effectiveRateLimitPerMinute: number } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type AdminWorkerTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminWorkerTokensQuery = { workerTokens: Array<{ id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> };

export type IssueWorkerTokenMutationVariables = Exact<{
  name: string;
}>;


export type IssueWorkerTokenMutation = { issueWorkerToken: { token: string, workerToken: { id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeWorkerTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeWorkerTokenMutation = { revokeWorkerToken: { id: string, revokedAt: string | null } };

export type AdminQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminQueueQuery = { queueStats: { recentSecondsPerJob: number, depth: Array<{ priority: PreviewPriority, queued: number, leased: number }>, unrunnable: Array<{ backend: string, baseModel: string, queued: number, blocks: Array<{ code: LeaseBlockCode, workerName: string | null, baseModel: string | null, folder: string | null, file: string | null, nodeClass: string | null, needVramMb: number | null, vramMb: number | null, nodeClasses: Array<string> }> }> } };

export type AdminWorkersQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminWorkersQuery = { workers: Array<{ id: string, name: string, status: string, backend: string, baseModels: Array<string>, loadedCheckpoint: string | null, loadedLoraKey: string | null, cachedLoraCount: number, boxProblem: string | null, vramMb: number | null, lastHeartbeatAt: string, jobsDone: number, gpuSeconds: number, capabilities: { nodeClassCount: number, customNodes: Array<string>, loraFileCount: number | null, gpus: Array<{ name: string, vramMb: number | null }>, modelFolders: Array<{ folder: string, files: Array<string> }> } | null, leaseBlocks: Array<{ code: LeaseBlockCode, baseModel: string | null, folder: string | null, file: string | null, nodeClass: string | null, needVramMb: number | null, vramMb: number | null, nodeClasses: Array<string>, queuedJobs: number | null, boxProblem: string | null }> }> };

export type CancelPreviewJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelPreviewJobMutation = { cancelPreviewJob: { id: string, state: PreviewJobState } };

export type RetryPreviewJobMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryPreviewJobMutation = { retryPreviewJob: { id: string, state: PreviewJobState } };

export type AdminLorasQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminLorasQuery = { loras: Array<{ id: string, name: string, description: string, baseModel: BaseModel, minWeight: number, defaultWeight: number, maxWeight: number, triggerWords: Array<string>, status: string, createdAt: string, thumbnailUrl: string | null, usedBy: Array<{ templateId: string, title: string, inDraft: boolean, inPublished: boolean }> | null }> };

export type UpdateLoraMutationVariables = Exact<{
  id: string | number;
  input: UpdateLoraInput;
}>;


export type UpdateLoraMutation = { updateLora: { id: string, name: string, description: string, minWeight: number, defaultWeight: number, maxWeight: number, triggerWords: Array<string> } };

export type SetLoraStatusMutationVariables = Exact<{
  id: string | number;
  status: LoraStatus;
}>;


export type SetLoraStatusMutation = { setLoraStatus: { id: string, status: string } };

export type RegisterLoraMutationVariables = Exact<{
  input: RegisterLoraInput;
}>;


export type RegisterLoraMutation = { registerLora: { id: string, name: string, description: string, baseModel: BaseModel, minWeight: number, defaultWeight: number, maxWeight: number, triggerWords: Array<string>, status: string, createdAt: string, thumbnailUrl: string | null, usedBy: Array<{ templateId: string, title: string, inDraft: boolean, inPublished: boolean }> | null } };

export type RevenueAgreementsQueryVariables = Exact<{
  templateId: string | number;
}>;


export type RevenueAgreementsQuery = { revenueAgreements: Array<{ id: string, templateId: string, designerShareBps: number, effectiveFrom: string | null, createdAt: string, coAuthors: Array<{ designerId: string, displayName: string | null, shareBps: number }> }> };

export type AgreementDesignersQueryVariables = Exact<{ [key: string]: never; }>;


export type AgreementDesignersQuery = { users: { edges: Array<{ node: { id: string, displayName: string } }> } };

export type SetRevenueAgreementMutationVariables = Exact<{
  input: RevenueAgreementInput;
}>;


export type SetRevenueAgreementMutation = { setRevenueAgreement: { id: string, templateId: string, designerShareBps: number, effectiveFrom: string | null, createdAt: string, coAuthors: Array<{ designerId: string, displayName: string | null, shareBps: number }> } };

export type AuditEntryFieldsFragment = { id: string, action: string, entityType: string, entityId: string, entityLabel: string | null, before: unknown, after: unknown, createdAt: string, actor: { kind: AuditActorKind, id: string | null, label: string } };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, action: string, entityType: string, entityId: string, entityLabel: string | null, before: unknown, after: unknown, createdAt: string, actor: { kind: AuditActorKind, id: string | null, label: string } } }> } };

export type AuditActionsQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditActionsQuery = { auditActions: Array<string> };

export type AuditLogCsvQueryVariables = Exact<{
  filter?: AuditLogFilter | null | undefined;
}>;


export type AuditLogCsvQuery = { auditLogCsv: { csv: string, rowCount: number, totalCount: number, truncated: boolean, maxRows: number } };

export type PasswordLinkQueryVariables = Exact<{
  token: string;
}>;


export type PasswordLinkQuery = { passwordLink: { purpose: PasswordLinkPurpose, displayName: string, email: string, expiresAt: string } | null };

export type SetPasswordWithLinkMutationVariables = Exact<{
  token: string;
  newPassword: string;
}>;


export type SetPasswordWithLinkMutation = { setPasswordWithLink: { csrfToken: string | null, expiresAt: string, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null } } };

export type SessionUserFieldsFragment = { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { csrfToken: string | null, expiresAt: string, user: { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string | null, displayName: string, roles: Array<Role>, locale: string | null } };

export type SetMyLocaleMutationVariables = Exact<{
  locale: string;
}>;


export type SetMyLocaleMutation = { setMyLocale: { id: string, locale: string | null } };

export type StudioCatalogQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: CatalogFilter | null | undefined;
}>;


export type StudioCatalogQuery = { catalog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, title: string, description: string, tags: Array<string>, category: string | null, baseModel: BaseModel, publishedAt: string, publishedVersion: { id: string, number: number, current: boolean, publishedAt: string | null, coverUrl: string | null } } }> } };

export type StudioCatalogVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type StudioCatalogVersionQuery = { catalogVersion: { id: string, templateId: string, title: string, number: number, specHash: string, current: boolean, publishedAt: string | null, coverUrl: string | null, spec: unknown, triggerWords: Array<string>, comfyGraph: unknown, recipe: unknown, previews: Array<{ id: string, url: string, width: number, height: number }> } | null };

export type EarningsQueryVariables = Exact<{
  designerId: string | number;
  from: string;
  to: string;
}>;


export type EarningsQuery = { earnings: Array<{ month: string, templateId: string, templateTitle: string, currency: string, uses: number, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number }> };

export type RecentUsageQueryVariables = Exact<{
  designerId: string | number;
  first?: number | null | undefined;
}>;


export type RecentUsageQuery = { recentUsage: Array<{ kind: LedgerLineKind, occurredAt: string, templateId: string, templateTitle: string, versionNumber: number, appName: string | null, currency: string, basisMinor: number, shareMinor: number }> };

export type EditorTemplateQueryVariables = Exact<{
  id: string | number;
}>;


export type EditorTemplateQuery = { template: { id: string, title: string, description: string, category: string | null, tags: Array<string>, baseModel: BaseModel, headRevision: number, draft: { id: string, number: number, revision: number, specHash: string, spec: unknown } | null, versions: Array<{ id: string, number: number, state: VersionState }>, standing: { state: TemplateStandingState, versionId: string, versionNumber: number, reviewNote: string | null, decidedAt: string | null, publishedVersionNumber: number | null } } | null };

export type SaveDraftMutationVariables = Exact<{
  input: SaveDraftInput;
}>;


export type SaveDraftMutation = { saveDraft: { id: string, revision: number, specHash: string } };

export type SaveAsNewTemplateMutationVariables = Exact<{
  input: CreateTemplateInput;
}>;


export type SaveAsNewTemplateMutation = { createTemplate: { id: string, title: string } };

export type EditorLorasQueryVariables = Exact<{
  baseModel?: BaseModel | null | undefined;
}>;


export type EditorLorasQuery = { loras: Array<{ id: string, name: string, baseModel: BaseModel, defaultWeight: number, minWeight: number, maxWeight: number, triggerWords: Array<string>, status: string, thumbnailUrl: string | null }> };

export type ReferenceAssetQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferenceAssetQuery = { asset: { id: string, state: AssetState, url: string | null, width: number | null, height: number | null } };

export type FaceFieldsFragment = { id: string, name: string, gender: SubjectGender, ageYears: number | null, active: boolean, usable: boolean, consentExpiresAt: string, consentDocumentAssetId: string | null, createdAt: string, retiredAt: string | null, purgedAt: string | null, identityLoras: Array<{ baseModel: BaseModel, assetId: string, triggerWord: string | null }>, referencePhotos: Array<{ assetId: string, url: string }> | null };

export type AdminFacesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminFacesQuery = { previewSubjects: Array<{ id: string, name: string, gender: SubjectGender, ageYears: number | null, active: boolean, usable: boolean, consentExpiresAt: string, consentDocumentAssetId: string | null, createdAt: string, retiredAt: string | null, purgedAt: string | null, identityLoras: Array<{ baseModel: BaseModel, assetId: string, triggerWord: string | null }>, referencePhotos: Array<{ assetId: string, url: string }> | null }> };

export type CreateFaceMutationVariables = Exact<{
  input: CreatePreviewSubjectInput;
}>;


export type CreateFaceMutation = { createPreviewSubject: { id: string, name: string, gender: SubjectGender, ageYears: number | null, active: boolean, usable: boolean, consentExpiresAt: string, consentDocumentAssetId: string | null, createdAt: string, retiredAt: string | null, purgedAt: string | null, identityLoras: Array<{ baseModel: BaseModel, assetId: string, triggerWord: string | null }>, referencePhotos: Array<{ assetId: string, url: string }> | null } };

export type ExtendFaceConsentMutationVariables = Exact<{
  subjectId: string | number;
  validUntil: string;
  consentDocumentAssetId: string | number;
}>;


export type ExtendFaceConsentMutation = { extendConsent: { id: string, name: string, gender: SubjectGender, ageYears: number | null, active: boolean, usable: boolean, consentExpiresAt: string, consentDocumentAssetId: string | null, createdAt: string, retiredAt: string | null, purgedAt: string | null, identityLoras: Array<{ baseModel: BaseModel, assetId: string, triggerWord: string | null }>, referencePhotos: Array<{ assetId: string, url: string }> | null } };

export type RetireFaceMutationVariables = Exact<{
  id: string | number;
}>;


export type RetireFaceMutation = { retirePreviewSubject: { id: string, name: string, gender: SubjectGender, ageYears: number | null, active: boolean, usable: boolean, consentExpiresAt: string, consentDocumentAssetId: string | null, createdAt: string, retiredAt: string | null, purgedAt: string | null, identityLoras: Array<{ baseModel: BaseModel, assetId: string, triggerWord: string | null }>, referencePhotos: Array<{ assetId: string, url: string }> | null } };

export type TemplateMetadataFieldsFragment = { title: string, description: string, category: string | null, tags: Array<string>, frozen: boolean };

export type TemplateCategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type TemplateCategoriesQuery = { templateCategories: Array<{ key: string, name: string, nameZh: string, position: number, archived: boolean, archivedAt: string | null }> };

export type CreateTemplateCategoryMutationVariables = Exact<{
  input: CreateTemplateCategoryInput;
}>;


export type CreateTemplateCategoryMutation = { createTemplateCategory: { key: string } };

export type UpdateTemplateCategoryMutationVariables = Exact<{
  input: UpdateTemplateCategoryInput;
}>;


export type UpdateTemplateCategoryMutation = { updateTemplateCategory: { key: string, name: string, nameZh: string, position: number, archived: boolean } };

export type UpdateTemplateDetailsMutationVariables = Exact<{
  input: UpdateTemplateInput;
}>;


export type UpdateTemplateDetailsMutation = { updateTemplate: { id: string, title: string, description: string, tags: Array<string>, category: string | null } };

export type PreviewJobFieldsFragment = { id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } };

export type PreviewBatchFieldsFragment = { id: string, versionId: string, specHash: string, jobs: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } }> };

export type RequestPreviewsMutationVariables = Exact<{
  input: RequestPreviewsInput;
}>;


export type RequestPreviewsMutation = { requestPreviews: { id: string, versionId: string, specHash: string, jobs: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } }> } };

export type PreviewBatchQueryVariables = Exact<{
  id: string | number;
}>;


export type PreviewBatchQuery = { previewBatch: { id: string, versionId: string, specHash: string, jobs: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } }> } | null };

export type PreviewBatchUpdatedSubscriptionVariables = Exact<{
  batchId: string | number;
}>;


export type PreviewBatchUpdatedSubscription = { previewBatchUpdated: { id: string, versionId: string, specHash: string, jobs: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } }> } };

export type SubmitVersionMutationVariables = Exact<{
  versionId: string | number;
}>;


export type SubmitVersionMutation = { submitVersion: { id: string, number: number, state: VersionState, submittedAt: string | null } };

export type SetVersionCoverMutationVariables = Exact<{
  versionId: string | number;
  previewJobId: string | number;
}>;


export type SetVersionCoverMutation = { setVersionCover: { id: string, specHash: string, coverPreviewJobId: string | null, coverUrl: string | null } };

export type EditorDraftCoverQueryVariables = Exact<{
  id: string | number;
}>;


export type EditorDraftCoverQuery = { templateVersion: { id: string, cover: { id: string, state: PreviewJobState, seed: number, specHash: string, removed: boolean, subject: { id: string } } | null } | null };

export type CancelPreviewMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelPreviewMutation = { cancelPreviewJob: { id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } } };

export type RenderPreviewAgainMutationVariables = Exact<{
  id: string | number;
}>;


export type RenderPreviewAgainMutation = { retryPreviewJob: { id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, imageUrl: string | null, thumbnailUrl: string | null, queuePosition: number | null, etaSeconds: number | null, waitingForWorker: boolean, waitingReason: PreviewWaitingReason | null, progress: number, error: string | null, removed: boolean, subject: { id: string, name: string } } };

export type TemplateRenderStatsQueryVariables = Exact<{
  templateId: string | number;
  from: string;
  to: string;
}>;


export type TemplateRenderStatsQuery = { templateRenderStats: { templateId: string, from: string, to: string, versions: Array<{ versionId: string, versionNumber: number, renders: number, succeeded: number, failed: number, cancelled: number, paidUses: number, refundedUses: number, refundRate: number | null, medianWaitSeconds: number | null, p95WaitSeconds: number | null, days: Array<{ day: string, renders: number, failed: number, paidUses: number, p95WaitSeconds: number | null }> }> } };

export type ReviewQueueQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReviewQueueQuery = { reviewQueue: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, state: VersionState, templateId: string, submittedAt: string | null, template: { id: string, title: string }, author: { id: string, displayName: string } } }> } };

export type ReviewPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type ReviewPolicyQuery = { reviewPolicy: { scoreBar: number, scoreMin: number, scoreMax: number, commentMaxLength: number } };

export type ReviewFieldsFragment = { id: string, decision: ReviewDecision, reviewerId: string, createdAt: string, reviewer: { id: string, displayName: string }, scores: Array<{ subjectId: string, real: number, like: number, beautiful: number }>, comments: Array<{ body: string, previewJobId: string | null, x: number | null, y: number | null }> };

export type ReviewPreviewFieldsFragment = { id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } };

export type ReviewVersionDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ReviewVersionDetailQuery = { templateVersion: { id: string, number: number, state: VersionState, templateId: string, spec: unknown, submittedAt: string | null, decidedAt: string | null, template: { id: string, title: string }, metadata: { title: string, description: string, category: string | null, tags: Array<string>, frozen: boolean }, previousVersion: { id: string, number: number, metadata: { title: string, description: string, category: string | null, tags: Array<string>, frozen: boolean } } | null, author: { id: string, displayName: string }, previews: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } }>, maxPreviews: Array<{ id: string, state: PreviewJobState, seed: number, likeness: number, likenessEnd: LikenessEnd, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } }>, reviews: Array<{ id: string, decision: ReviewDecision, reviewerId: string, createdAt: string, reviewer: { id: string, displayName: string }, scores: Array<{ subjectId: string, real: number, like: number, beautiful: number }>, comments: Array<{ body: string, previewJobId: string | null, x: number | null, y: number | null }> }> } | null };

export type ReviewVersionMutationVariables = Exact<{
  input: ReviewVersionInput;
}>;


export type ReviewVersionMutation = { reviewVersion: { id: string, number: number, state: VersionState, decidedAt: string | null } };

export type TemplateReviewsQueryVariables = Exact<{
  id: string | number;
}>;


export type TemplateReviewsQuery = { template: { id: string, headRevision: number, versions: Array<{ id: string, number: number, state: VersionState, decidedAt: string | null, reviews: Array<{ id: string, decision: ReviewDecision, createdAt: string }> }> } | null };

export type StatementFieldsFragment = { id: string, designerId: string, month: string, currency: string, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number, openingMinor: number, payoutsMinor: number, closingMinor: number, outstandingMinor: number, paidAt: string | null, payoutReference: string | null, payoutMinor: number | null, csv: string, lines: Array<{ templateId: string, templateTitle: string, versionId: string, versionNumber: number, uses: number, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number }> };

export type StatementQueryVariables = Exact<{
  designerId: string | number;
  month: string;
  currency?: string | null | undefined;
}>;


export type StatementQuery = { statement: { id: string, designerId: string, month: string, currency: string, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number, openingMinor: number, payoutsMinor: number, closingMinor: number, outstandingMinor: number, paidAt: string | null, payoutReference: string | null, payoutMinor: number | null, csv: string, lines: Array<{ templateId: string, templateTitle: string, versionId: string, versionNumber: number, uses: number, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number }> } | null };

export type MarkStatementPaidMutationVariables = Exact<{
  statementId: string | number;
  reference: string;
}>;


export type MarkStatementPaidMutation = { markStatementPaid: { id: string, designerId: string, month: string, currency: string, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number, openingMinor: number, payoutsMinor: number, closingMinor: number, outstandingMinor: number, paidAt: string | null, payoutReference: string | null, payoutMinor: number | null, csv: string, lines: Array<{ templateId: string, templateTitle: string, versionId: string, versionNumber: number, uses: number, grossMinor: number, shareMinor: number, refundsMinor: number, netMinor: number }> } };

export type AdminSystemStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminSystemStatusQuery = { systemStatus: { at: string, from: string, bucketMinutes: number, buckets: Array<{ start: string, end: string, queueDepth: number, started: number, waitMedianSeconds: number | null, waitP90Seconds: number | null, finished: number, failed: number, requests: number, clientErrors: number, serverErrors: number, graphqlErrors: number }>, queue: { queued: number, running: number }, workers: { online: number, offline: number, byBackend: Array<{ backend: string, online: number }> }, requests: { requests: number, clientErrors: number, serverErrors: number, graphqlErrors: number, processes: number, graphqlErrorCodes: Array<{ code: string, answers: number }> } } };

export type TemplateStandingFieldsFragment = { state: TemplateStandingState, versionId: string, versionNumber: number, reviewNote: string | null, decidedAt: string | null, publishedVersionNumber: number | null };

export type TemplateVersionSummaryFieldsFragment = { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string };

export type TemplateSummaryFieldsFragment = { id: string, title: string, description: string, tags: Array<string>, category: string | null, baseModel: BaseModel, updatedAt: string, draft: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, publishedVersion: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, standing: { state: TemplateStandingState, versionId: string, versionNumber: number, reviewNote: string | null, decidedAt: string | null, publishedVersionNumber: number | null } };

export type MyTemplatesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: TemplateFilter | null | undefined;
}>;


export type MyTemplatesQuery = { templates: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, title: string, description: string, tags: Array<string>, category: string | null, baseModel: BaseModel, updatedAt: string, draft: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, publishedVersion: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, standing: { state: TemplateStandingState, versionId: string, versionNumber: number, reviewNote: string | null, decidedAt: string | null, publishedVersionNumber: number | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateTemplateMutationVariables = Exact<{
  input: CreateTemplateInput;
}>;


export type CreateTemplateMutation = { createTemplate: { id: string, title: string, description: string, tags: Array<string>, category: string | null, baseModel: BaseModel, updatedAt: string, draft: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, publishedVersion: { id: string, number: number, state: VersionState, revision: number, specHash: string, updatedAt: string } | null, standing: { state: TemplateStandingState, versionId: string, versionNumber: number, reviewNote: string | null, decidedAt: string | null, publishedVersionNumber: number | null } } };

export type DuplicateTemplateMutationVariables = Exact<{
  templateId: string | number;
  title?: string | null | undefined;
}>;


export type DuplicateTemplateMutation = { duplicateTemplate: { id: string, title: string } };

export type VersionHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type VersionHistoryQuery = { me: { id: string, roles: Array<Role> }, template: { id: string, title: string, baseModel: BaseModel, publishedAt: string | null, owner: { id: string, displayName: string }, publishedVersion: { id: string, number: number } | null, versions: Array<{ id: string, number: number, state: VersionState, spec: unknown, createdAt: string, submittedAt: string | null, decidedAt: string | null, publishedAt: string | null, metadata: { title: string, description: string, category: string | null, tags: Array<string>, frozen: boolean }, author: { id: string, displayName: string }, reviews: Array<{ id: string, decision: ReviewDecision, createdAt: string }> }> } | null };

export type VersionReviewsQueryVariables = Exact<{
  id: string | number;
}>;


export type VersionReviewsQuery = { templateVersion: { id: string, reviews: Array<{ id: string, decision: ReviewDecision, reviewer: { id: string, displayName: string }, scores: Array<{ subjectId: string, real: number, like: number, beautiful: number }>, comments: Array<{ body: string }> }> } | null };

export type HistoryLorasQueryVariables = Exact<{ [key: string]: never; }>;


export type HistoryLorasQuery = { loras: Array<{ id: string, name: string }> };

export type VersionPreviewFieldsFragment = { id: string, state: PreviewJobState, seed: number, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } };

export type VersionPreviewsQueryVariables = Exact<{
  olderId: string | number;
  newerId: string | number;
}>;


export type VersionPreviewsQuery = { older: { id: string, previews: Array<{ id: string, state: PreviewJobState, seed: number, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } }> } | null, newer: { id: string, previews: Array<{ id: string, state: PreviewJobState, seed: number, cached: boolean, removed: boolean, imageUrl: string | null, thumbnailUrl: string | null, subject: { id: string, name: string } }> } | null };

export type PublishVersionMutationVariables = Exact<{
  versionId: string | number;
}>;


export type PublishVersionMutation = { publishVersion: { id: string, number: number, state: VersionState } };

export type UnpublishTemplateMutationVariables = Exact<{
  templateId: string | number;
}>;


export type UnpublishTemplateMutation = { unpublishTemplate: { id: string, publishedVersion: { id: string } | null } };

export type RollbackTemplateMutationVariables = Exact<{
  templateId: string | number;
  versionId: string | number;
}>;


export type RollbackTemplateMutation = { rollbackTemplate: { id: string, publishedVersion: { id: string, number: number } | null } };

export type RequestAssetUploadMutationVariables = Exact<{
  input: RequestUploadInput;
}>;


export type RequestAssetUploadMutation = { requestUpload: { uploadUrl: string, uploadForm: unknown, expiresAt: string, asset: { id: string } } };

export type CompleteAssetUploadMutationVariables = Exact<{
  assetId: string | number;
}>;


export type CompleteAssetUploadMutation = { completeUpload: { id: string, state: AssetState, rejectionReason: string | null, width: number | null, height: number | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PersonFieldsFragmentDoc = new TypedDocumentString(`
    fragment PersonFields on User {
  id
  email
  displayName
  roles
  createdAt
  disabled
  status
}
    `, {"fragmentName":"PersonFields"}) as unknown as TypedDocumentString<PersonFieldsFragment, unknown>;
export const AuditEntryFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEntryFields on AuditEntry {
  id
  action
  entityType
  entityId
  entityLabel
  before
  after
  createdAt
  actor {
    kind
    id
    label
  }
}
    `, {"fragmentName":"AuditEntryFields"}) as unknown as TypedDocumentString<AuditEntryFieldsFragment, unknown>;
export const SessionUserFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}
    `, {"fragmentName":"SessionUserFields"}) as unknown as TypedDocumentString<SessionUserFieldsFragment, unknown>;
export const FaceFieldsFragmentDoc = new TypedDocumentString(`
    fragment FaceFields on PreviewSubject {
  id
  name
  gender
  ageYears
  active
  usable
  consentExpiresAt
  consentDocumentAssetId
  createdAt
  retiredAt
  purgedAt
  identityLoras {
    baseModel
    assetId
    triggerWord
  }
  referencePhotos {
    assetId
    url
  }
}
    `, {"fragmentName":"FaceFields"}) as unknown as TypedDocumentString<FaceFieldsFragment, unknown>;
export const TemplateMetadataFieldsFragmentDoc = new TypedDocumentString(`
    fragment TemplateMetadataFields on TemplateMetadata {
  title
  description
  category
  tags
  frozen
}
    `, {"fragmentName":"TemplateMetadataFields"}) as unknown as TypedDocumentString<TemplateMetadataFieldsFragment, unknown>;
export const PreviewJobFieldsFragmentDoc = new TypedDocumentString(`
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}
    `, {"fragmentName":"PreviewJobFields"}) as unknown as TypedDocumentString<PreviewJobFieldsFragment, unknown>;
export const PreviewBatchFieldsFragmentDoc = new TypedDocumentString(`
    fragment PreviewBatchFields on PreviewBatch {
  id
  versionId
  specHash
  jobs {
    ...PreviewJobFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}`, {"fragmentName":"PreviewBatchFields"}) as unknown as TypedDocumentString<PreviewBatchFieldsFragment, unknown>;
export const ReviewFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReviewFields on Review {
  id
  decision
  reviewerId
  reviewer {
    id
    displayName
  }
  createdAt
  scores {
    subjectId
    real
    like
    beautiful
  }
  comments {
    body
    previewJobId
    x
    y
  }
}
    `, {"fragmentName":"ReviewFields"}) as unknown as TypedDocumentString<ReviewFieldsFragment, unknown>;
export const ReviewPreviewFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReviewPreviewFields on PreviewJob {
  id
  state
  seed
  likeness
  likenessEnd
  cached
  removed
  imageUrl
  thumbnailUrl
  subject {
    id
    name
  }
}
    `, {"fragmentName":"ReviewPreviewFields"}) as unknown as TypedDocumentString<ReviewPreviewFieldsFragment, unknown>;
export const StatementFieldsFragmentDoc = new TypedDocumentString(`
    fragment StatementFields on Statement {
  id
  designerId
  month
  currency
  lines {
    templateId
    templateTitle
    versionId
    versionNumber
    uses
    grossMinor
    shareMinor
    refundsMinor
    netMinor
  }
  grossMinor
  shareMinor
  refundsMinor
  netMinor
  openingMinor
  payoutsMinor
  closingMinor
  outstandingMinor
  paidAt
  payoutReference
  payoutMinor
  csv
}
    `, {"fragmentName":"StatementFields"}) as unknown as TypedDocumentString<StatementFieldsFragment, unknown>;
export const TemplateVersionSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment TemplateVersionSummaryFields on TemplateVersion {
  id
  number
  state
  revision
  specHash
  updatedAt
}
    `, {"fragmentName":"TemplateVersionSummaryFields"}) as unknown as TypedDocumentString<TemplateVersionSummaryFieldsFragment, unknown>;
export const TemplateStandingFieldsFragmentDoc = new TypedDocumentString(`
    fragment TemplateStandingFields on TemplateStanding {
  state
  versionId
  versionNumber
  reviewNote
  decidedAt
  publishedVersionNumber
}
    `, {"fragmentName":"TemplateStandingFields"}) as unknown as TypedDocumentString<TemplateStandingFieldsFragment, unknown>;
export const TemplateSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment TemplateSummaryFields on Template {
  id
  title
  description
  tags
  category
  baseModel
  updatedAt
  draft {
    ...TemplateVersionSummaryFields
  }
  publishedVersion {
    ...TemplateVersionSummaryFields
  }
  standing {
    ...TemplateStandingFields
  }
}
    fragment TemplateStandingFields on TemplateStanding {
  state
  versionId
  versionNumber
  reviewNote
  decidedAt
  publishedVersionNumber
}
fragment TemplateVersionSummaryFields on TemplateVersion {
  id
  number
  state
  revision
  specHash
  updatedAt
}`, {"fragmentName":"TemplateSummaryFields"}) as unknown as TypedDocumentString<TemplateSummaryFieldsFragment, unknown>;
export const VersionPreviewFieldsFragmentDoc = new TypedDocumentString(`
    fragment VersionPreviewFields on PreviewJob {
  id
  state
  seed
  cached
  removed
  imageUrl
  thumbnailUrl
  subject {
    id
    name
  }
}
    `, {"fragmentName":"VersionPreviewFields"}) as unknown as TypedDocumentString<VersionPreviewFieldsFragment, unknown>;
export const ChangeMyPasswordDocument = new TypedDocumentString(`
    mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {
  changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
    csrfToken
    expiresAt
    user {
      ...SessionUserFields
    }
  }
}
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}`) as unknown as TypedDocumentString<ChangeMyPasswordMutation, ChangeMyPasswordMutationVariables>;
export const SignOutEverywhereDocument = new TypedDocumentString(`
    mutation SignOutEverywhere {
  signOutEverywhere {
    csrfToken
    expiresAt
    user {
      ...SessionUserFields
    }
  }
}
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}`) as unknown as TypedDocumentString<SignOutEverywhereMutation, SignOutEverywhereMutationVariables>;
export const RevenueOverviewDocument = new TypedDocumentString(`
    query RevenueOverview($currency: String) {
  revenueOverview(currency: $currency) {
    currency
    platformRevenueMinor
    paidOutMinor
    apps {
      appId
      appName
      uses
      grossMinor
      refundedMinor
      receivableMinor
    }
    designers {
      designerId
      displayName
      earnedMinor
      paidMinor
      unpaidMinor
    }
  }
}
    `) as unknown as TypedDocumentString<RevenueOverviewQuery, RevenueOverviewQueryVariables>;
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers($first: Int, $after: String, $filter: UserFilterInput) {
  users(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        email
        displayName
        roles
        createdAt
        disabled
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const SetUserDisabledDocument = new TypedDocumentString(`
    mutation SetUserDisabled($userId: ID!, $disabled: Boolean!) {
  setUserDisabled(userId: $userId, disabled: $disabled) {
    id
    email
    displayName
    roles
    createdAt
    disabled
    status
  }
}
    `) as unknown as TypedDocumentString<SetUserDisabledMutation, SetUserDisabledMutationVariables>;
export const InviteUserDocument = new TypedDocumentString(`
    mutation InviteUser($input: InviteUserInput!) {
  inviteUser(input: $input) {
    user {
      ...PersonFields
    }
    setPasswordToken
    temporaryPassword
    expiresAt
  }
}
    fragment PersonFields on User {
  id
  email
  displayName
  roles
  createdAt
  disabled
  status
}`) as unknown as TypedDocumentString<InviteUserMutation, InviteUserMutationVariables>;
export const ResetUserPasswordDocument = new TypedDocumentString(`
    mutation ResetUserPassword($userId: ID!) {
  resetUserPassword(userId: $userId) {
    user {
      ...PersonFields
    }
    setPasswordToken
    expiresAt
  }
}
    fragment PersonFields on User {
  id
  email
  displayName
  roles
  createdAt
  disabled
  status
}`) as unknown as TypedDocumentString<ResetUserPasswordMutation, ResetUserPasswordMutationVariables>;
export const SetUserRolesDocument = new TypedDocumentString(`
    mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {
  setUserRoles(userId: $userId, roles: $roles) {
    ...PersonFields
  }
}
    fragment PersonFields on User {
  id
  email
  displayName
  roles
  createdAt
  disabled
  status
}`) as unknown as TypedDocumentString<SetUserRolesMutation, SetUserRolesMutationVariables>;
export const AdminApiKeysDocument = new TypedDocumentString(`
    query AdminApiKeys {
  apiKeys {
    id
    name
    prefix
    scopes
    consumerAppId
    createdAt
    lastUsedAt
    revokedAt
    rateLimitPerMinute
    effectiveRateLimitPerMinute
  }
}
    `) as unknown as TypedDocumentString<AdminApiKeysQuery, AdminApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    key
    webhookSecret
    apiKey {
      id
      name
      prefix
      scopes
      consumerAppId
      createdAt
      lastUsedAt
      revokedAt
      rateLimitPerMinute
      effectiveRateLimitPerMinute
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const SetApiKeyRateLimitDocument = new TypedDocumentString(`
    mutation SetApiKeyRateLimit($id: ID!, $perMinute: Int) {
  setApiKeyRateLimit(id: $id, perMinute: $perMinute) {
    id
    rateLimitPerMinute
    effectiveRateLimitPerMinute
  }
}
    `) as unknown as TypedDocumentString<SetApiKeyRateLimitMutation, SetApiKeyRateLimitMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const AdminWorkerTokensDocument = new TypedDocumentString(`
    query AdminWorkerTokens {
  workerTokens {
    id
    name
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<AdminWorkerTokensQuery, AdminWorkerTokensQueryVariables>;
export const IssueWorkerTokenDocument = new TypedDocumentString(`
    mutation IssueWorkerToken($name: String!) {
  issueWorkerToken(name: $name) {
    token
    workerToken {
      id
      name
      prefix
      createdAt
      lastUsedAt
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<IssueWorkerTokenMutation, IssueWorkerTokenMutationVariables>;
export const RevokeWorkerTokenDocument = new TypedDocumentString(`
    mutation RevokeWorkerToken($id: ID!) {
  revokeWorkerToken(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeWorkerTokenMutation, RevokeWorkerTokenMutationVariables>;
export const AdminQueueDocument = new TypedDocumentString(`
    query AdminQueue {
  queueStats {
    recentSecondsPerJob
    depth {
      priority
      queued
      leased
    }
    unrunnable {
      backend
      baseModel
      queued
      blocks {
        code
        workerName
        baseModel
        folder
        file
        nodeClass
        needVramMb
        vramMb
        nodeClasses
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminQueueQuery, AdminQueueQueryVariables>;
export const AdminWorkersDocument = new TypedDocumentString(`
    query AdminWorkers {
  workers {
    id
    name
    status
    backend
    baseModels
    loadedCheckpoint
    loadedLoraKey
    cachedLoraCount
    boxProblem
    vramMb
    lastHeartbeatAt
    jobsDone
    gpuSeconds
    capabilities {
      gpus {
        name
        vramMb
      }
      modelFolders {
        folder
        files
      }
      nodeClassCount
      customNodes
      loraFileCount
    }
    leaseBlocks {
      code
      baseModel
      folder
      file
      nodeClass
      needVramMb
      vramMb
      nodeClasses
      queuedJobs
      boxProblem
    }
  }
}
    `) as unknown as TypedDocumentString<AdminWorkersQuery, AdminWorkersQueryVariables>;
export const CancelPreviewJobDocument = new TypedDocumentString(`
    mutation CancelPreviewJob($id: ID!) {
  cancelPreviewJob(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<CancelPreviewJobMutation, CancelPreviewJobMutationVariables>;
export const RetryPreviewJobDocument = new TypedDocumentString(`
    mutation RetryPreviewJob($id: ID!) {
  retryPreviewJob(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<RetryPreviewJobMutation, RetryPreviewJobMutationVariables>;
export const AdminLorasDocument = new TypedDocumentString(`
    query AdminLoras {
  loras {
    id
    name
    description
    usedBy {
      templateId
      title
      inDraft
      inPublished
    }
    baseModel
    minWeight
    defaultWeight
    maxWeight
    triggerWords
    status
    createdAt
    thumbnailUrl
  }
}
    `) as unknown as TypedDocumentString<AdminLorasQuery, AdminLorasQueryVariables>;
export const UpdateLoraDocument = new TypedDocumentString(`
    mutation UpdateLora($id: ID!, $input: UpdateLoraInput!) {
  updateLora(id: $id, input: $input) {
    id
    name
    description
    minWeight
    defaultWeight
    maxWeight
    triggerWords
  }
}
    `) as unknown as TypedDocumentString<UpdateLoraMutation, UpdateLoraMutationVariables>;
export const SetLoraStatusDocument = new TypedDocumentString(`
    mutation SetLoraStatus($id: ID!, $status: LoraStatus!) {
  setLoraStatus(id: $id, status: $status) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<SetLoraStatusMutation, SetLoraStatusMutationVariables>;
export const RegisterLoraDocument = new TypedDocumentString(`
    mutation RegisterLora($input: RegisterLoraInput!) {
  registerLora(input: $input) {
    id
    name
    description
    usedBy {
      templateId
      title
      inDraft
      inPublished
    }
    baseModel
    minWeight
    defaultWeight
    maxWeight
    triggerWords
    status
    createdAt
    thumbnailUrl
  }
}
    `) as unknown as TypedDocumentString<RegisterLoraMutation, RegisterLoraMutationVariables>;
export const RevenueAgreementsDocument = new TypedDocumentString(`
    query RevenueAgreements($templateId: ID!) {
  revenueAgreements(templateId: $templateId) {
    id
    templateId
    designerShareBps
    effectiveFrom
    createdAt
    coAuthors {
      designerId
      displayName
      shareBps
    }
  }
}
    `) as unknown as TypedDocumentString<RevenueAgreementsQuery, RevenueAgreementsQueryVariables>;
export const AgreementDesignersDocument = new TypedDocumentString(`
    query AgreementDesigners {
  users(first: 100, filter: {role: DESIGNER, status: ACTIVE}) {
    edges {
      node {
        id
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AgreementDesignersQuery, AgreementDesignersQueryVariables>;
export const SetRevenueAgreementDocument = new TypedDocumentString(`
    mutation SetRevenueAgreement($input: RevenueAgreementInput!) {
  setRevenueAgreement(input: $input) {
    id
    templateId
    designerShareBps
    effectiveFrom
    createdAt
    coAuthors {
      designerId
      displayName
      shareBps
    }
  }
}
    `) as unknown as TypedDocumentString<SetRevenueAgreementMutation, SetRevenueAgreementMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...AuditEntryFields
      }
    }
  }
}
    fragment AuditEntryFields on AuditEntry {
  id
  action
  entityType
  entityId
  entityLabel
  before
  after
  createdAt
  actor {
    kind
    id
    label
  }
}`) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const AuditActionsDocument = new TypedDocumentString(`
    query AuditActions {
  auditActions
}
    `) as unknown as TypedDocumentString<AuditActionsQuery, AuditActionsQueryVariables>;
export const AuditLogCsvDocument = new TypedDocumentString(`
    query AuditLogCsv($filter: AuditLogFilter) {
  auditLogCsv(filter: $filter) {
    csv
    rowCount
    totalCount
    truncated
    maxRows
  }
}
    `) as unknown as TypedDocumentString<AuditLogCsvQuery, AuditLogCsvQueryVariables>;
export const PasswordLinkDocument = new TypedDocumentString(`
    query PasswordLink($token: String!) {
  passwordLink(token: $token) {
    purpose
    displayName
    email
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<PasswordLinkQuery, PasswordLinkQueryVariables>;
export const SetPasswordWithLinkDocument = new TypedDocumentString(`
    mutation SetPasswordWithLink($token: String!, $newPassword: String!) {
  setPasswordWithLink(token: $token, newPassword: $newPassword) {
    csrfToken
    expiresAt
    user {
      ...SessionUserFields
    }
  }
}
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}`) as unknown as TypedDocumentString<SetPasswordWithLinkMutation, SetPasswordWithLinkMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    csrfToken
    expiresAt
    user {
      ...SessionUserFields
    }
  }
}
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...SessionUserFields
  }
}
    fragment SessionUserFields on User {
  id
  email
  displayName
  roles
  locale
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const SetMyLocaleDocument = new TypedDocumentString(`
    mutation SetMyLocale($locale: String!) {
  setMyLocale(locale: $locale) {
    id
    locale
  }
}
    `) as unknown as TypedDocumentString<SetMyLocaleMutation, SetMyLocaleMutationVariables>;
export const StudioCatalogDocument = new TypedDocumentString(`
    query StudioCatalog($first: Int, $after: String, $filter: CatalogFilter) {
  catalog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        title
        description
        tags
        category
        baseModel
        publishedAt
        publishedVersion {
          id
          number
          current
          publishedAt
          coverUrl
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudioCatalogQuery, StudioCatalogQueryVariables>;
export const StudioCatalogVersionDocument = new TypedDocumentString(`
    query StudioCatalogVersion($id: ID!) {
  catalogVersion(id: $id) {
    id
    templateId
    title
    number
    specHash
    current
    publishedAt
    coverUrl
    previews {
      id
      url
      width
      height
    }
    spec
    triggerWords
    comfyGraph
    recipe
  }
}
    `) as unknown as TypedDocumentString<StudioCatalogVersionQuery, StudioCatalogVersionQueryVariables>;
export const EarningsDocument = new TypedDocumentString(`
    query Earnings($designerId: ID!, $from: String!, $to: String!) {
  earnings(designerId: $designerId, from: $from, to: $to) {
    month
    templateId
    templateTitle
    currency
    uses
    grossMinor
    shareMinor
    refundsMinor
    netMinor
  }
}
    `) as unknown as TypedDocumentString<EarningsQuery, EarningsQueryVariables>;
export const RecentUsageDocument = new TypedDocumentString(`
    query RecentUsage($designerId: ID!, $first: Int) {
  recentUsage(designerId: $designerId, first: $first) {
    kind
    occurredAt
    templateId
    templateTitle
    versionNumber
    appName
    currency
    basisMinor
    shareMinor
  }
}
    `) as unknown as TypedDocumentString<RecentUsageQuery, RecentUsageQueryVariables>;
export const EditorTemplateDocument = new TypedDocumentString(`
    query EditorTemplate($id: ID!) {
  template(id: $id) {
    id
    title
    description
    category
    tags
    baseModel
    headRevision
    draft {
      id
      number
      revision
      specHash
      spec
    }
    versions {
      id
      number
      state
    }
    standing {
      ...TemplateStandingFields
    }
  }
}
    fragment TemplateStandingFields on TemplateStanding {
  state
  versionId
  versionNumber
  reviewNote
  decidedAt
  publishedVersionNumber
}`) as unknown as TypedDocumentString<EditorTemplateQuery, EditorTemplateQueryVariables>;
export const SaveDraftDocument = new TypedDocumentString(`
    mutation SaveDraft($input: SaveDraftInput!) {
  saveDraft(input: $input) {
    id
    revision
    specHash
  }
}
    `) as unknown as TypedDocumentString<SaveDraftMutation, SaveDraftMutationVariables>;
export const SaveAsNewTemplateDocument = new TypedDocumentString(`
    mutation SaveAsNewTemplate($input: CreateTemplateInput!) {
  createTemplate(input: $input) {
    id
    title
  }
}
    `) as unknown as TypedDocumentString<SaveAsNewTemplateMutation, SaveAsNewTemplateMutationVariables>;
export const EditorLorasDocument = new TypedDocumentString(`
    query EditorLoras($baseModel: BaseModel) {
  loras(baseModel: $baseModel) {
    id
    name
    baseModel
    defaultWeight
    minWeight
    maxWeight
    triggerWords
    status
    thumbnailUrl
  }
}
    `) as unknown as TypedDocumentString<EditorLorasQuery, EditorLorasQueryVariables>;
export const ReferenceAssetDocument = new TypedDocumentString(`
    query ReferenceAsset($id: ID!) {
  asset(id: $id) {
    id
    state
    url
    width
    height
  }
}
    `) as unknown as TypedDocumentString<ReferenceAssetQuery, ReferenceAssetQueryVariables>;
export const AdminFacesDocument = new TypedDocumentString(`
    query AdminFaces {
  previewSubjects {
    ...FaceFields
  }
}
    fragment FaceFields on PreviewSubject {
  id
  name
  gender
  ageYears
  active
  usable
  consentExpiresAt
  consentDocumentAssetId
  createdAt
  retiredAt
  purgedAt
  identityLoras {
    baseModel
    assetId
    triggerWord
  }
  referencePhotos {
    assetId
    url
  }
}`) as unknown as TypedDocumentString<AdminFacesQuery, AdminFacesQueryVariables>;
export const CreateFaceDocument = new TypedDocumentString(`
    mutation CreateFace($input: CreatePreviewSubjectInput!) {
  createPreviewSubject(input: $input) {
    ...FaceFields
  }
}
    fragment FaceFields on PreviewSubject {
  id
  name
  gender
  ageYears
  active
  usable
  consentExpiresAt
  consentDocumentAssetId
  createdAt
  retiredAt
  purgedAt
  identityLoras {
    baseModel
    assetId
    triggerWord
  }
  referencePhotos {
    assetId
    url
  }
}`) as unknown as TypedDocumentString<CreateFaceMutation, CreateFaceMutationVariables>;
export const ExtendFaceConsentDocument = new TypedDocumentString(`
    mutation ExtendFaceConsent($subjectId: ID!, $validUntil: DateTime!, $consentDocumentAssetId: ID!) {
  extendConsent(
    subjectId: $subjectId
    validUntil: $validUntil
    consentDocumentAssetId: $consentDocumentAssetId
  ) {
    ...FaceFields
  }
}
    fragment FaceFields on PreviewSubject {
  id
  name
  gender
  ageYears
  active
  usable
  consentExpiresAt
  consentDocumentAssetId
  createdAt
  retiredAt
  purgedAt
  identityLoras {
    baseModel
    assetId
    triggerWord
  }
  referencePhotos {
    assetId
    url
  }
}`) as unknown as TypedDocumentString<ExtendFaceConsentMutation, ExtendFaceConsentMutationVariables>;
export const RetireFaceDocument = new TypedDocumentString(`
    mutation RetireFace($id: ID!) {
  retirePreviewSubject(id: $id) {
    ...FaceFields
  }
}
    fragment FaceFields on PreviewSubject {
  id
  name
  gender
  ageYears
  active
  usable
  consentExpiresAt
  consentDocumentAssetId
  createdAt
  retiredAt
  purgedAt
  identityLoras {
    baseModel
    assetId
    triggerWord
  }
  referencePhotos {
    assetId
    url
  }
}`) as unknown as TypedDocumentString<RetireFaceMutation, RetireFaceMutationVariables>;
export const TemplateCategoriesDocument = new TypedDocumentString(`
    query TemplateCategories {
  templateCategories(includeArchived: true) {
    key
    name
    nameZh
    position
    archived
    archivedAt
  }
}
    `) as unknown as TypedDocumentString<TemplateCategoriesQuery, TemplateCategoriesQueryVariables>;
export const CreateTemplateCategoryDocument = new TypedDocumentString(`
    mutation CreateTemplateCategory($input: CreateTemplateCategoryInput!) {
  createTemplateCategory(input: $input) {
    key
  }
}
    `) as unknown as TypedDocumentString<CreateTemplateCategoryMutation, CreateTemplateCategoryMutationVariables>;
export const UpdateTemplateCategoryDocument = new TypedDocumentString(`
    mutation UpdateTemplateCategory($input: UpdateTemplateCategoryInput!) {
  updateTemplateCategory(input: $input) {
    key
    name
    nameZh
    position
    archived
  }
}
    `) as unknown as TypedDocumentString<UpdateTemplateCategoryMutation, UpdateTemplateCategoryMutationVariables>;
export const UpdateTemplateDetailsDocument = new TypedDocumentString(`
    mutation UpdateTemplateDetails($input: UpdateTemplateInput!) {
  updateTemplate(input: $input) {
    id
    title
    description
    tags
    category
  }
}
    `) as unknown as TypedDocumentString<UpdateTemplateDetailsMutation, UpdateTemplateDetailsMutationVariables>;
export const RequestPreviewsDocument = new TypedDocumentString(`
    mutation RequestPreviews($input: RequestPreviewsInput!) {
  requestPreviews(input: $input) {
    ...PreviewBatchFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}
fragment PreviewBatchFields on PreviewBatch {
  id
  versionId
  specHash
  jobs {
    ...PreviewJobFields
  }
}`) as unknown as TypedDocumentString<RequestPreviewsMutation, RequestPreviewsMutationVariables>;
export const PreviewBatchDocument = new TypedDocumentString(`
    query PreviewBatch($id: ID!) {
  previewBatch(id: $id) {
    ...PreviewBatchFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}
fragment PreviewBatchFields on PreviewBatch {
  id
  versionId
  specHash
  jobs {
    ...PreviewJobFields
  }
}`) as unknown as TypedDocumentString<PreviewBatchQuery, PreviewBatchQueryVariables>;
export const PreviewBatchUpdatedDocument = new TypedDocumentString(`
    subscription PreviewBatchUpdated($batchId: ID!) {
  previewBatchUpdated(batchId: $batchId) {
    ...PreviewBatchFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}
fragment PreviewBatchFields on PreviewBatch {
  id
  versionId
  specHash
  jobs {
    ...PreviewJobFields
  }
}`) as unknown as TypedDocumentString<PreviewBatchUpdatedSubscription, PreviewBatchUpdatedSubscriptionVariables>;
export const SubmitVersionDocument = new TypedDocumentString(`
    mutation SubmitVersion($versionId: ID!) {
  submitVersion(versionId: $versionId) {
    id
    number
    state
    submittedAt
  }
}
    `) as unknown as TypedDocumentString<SubmitVersionMutation, SubmitVersionMutationVariables>;
export const SetVersionCoverDocument = new TypedDocumentString(`
    mutation SetVersionCover($versionId: ID!, $previewJobId: ID!) {
  setVersionCover(versionId: $versionId, previewJobId: $previewJobId) {
    id
    specHash
    coverPreviewJobId
    coverUrl
  }
}
    `) as unknown as TypedDocumentString<SetVersionCoverMutation, SetVersionCoverMutationVariables>;
export const EditorDraftCoverDocument = new TypedDocumentString(`
    query EditorDraftCover($id: ID!) {
  templateVersion(id: $id) {
    id
    cover {
      id
      state
      seed
      specHash
      removed
      subject {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EditorDraftCoverQuery, EditorDraftCoverQueryVariables>;
export const CancelPreviewDocument = new TypedDocumentString(`
    mutation CancelPreview($id: ID!) {
  cancelPreviewJob(id: $id) {
    ...PreviewJobFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}`) as unknown as TypedDocumentString<CancelPreviewMutation, CancelPreviewMutationVariables>;
export const RenderPreviewAgainDocument = new TypedDocumentString(`
    mutation RenderPreviewAgain($id: ID!) {
  retryPreviewJob(id: $id) {
    ...PreviewJobFields
  }
}
    fragment PreviewJobFields on PreviewJob {
  id
  state
  subject {
    id
    name
  }
  seed
  likeness
  likenessEnd
  cached
  imageUrl
  thumbnailUrl
  queuePosition
  etaSeconds
  waitingForWorker
  waitingReason
  progress
  error
  removed
}`) as unknown as TypedDocumentString<RenderPreviewAgainMutation, RenderPreviewAgainMutationVariables>;
export const TemplateRenderStatsDocument = new TypedDocumentString(`
    query TemplateRenderStats($templateId: ID!, $from: String!, $to: String!) {
  templateRenderStats(templateId: $templateId, from: $from, to: $to) {
    templateId
    from
    to
    versions {
      versionId
      versionNumber
      renders
      succeeded
      failed
      cancelled
      paidUses
      refundedUses
      refundRate
      medianWaitSeconds
      p95WaitSeconds
      days {
        day
        renders
        failed
        paidUses
        p95WaitSeconds
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TemplateRenderStatsQuery, TemplateRenderStatsQueryVariables>;
export const ReviewQueueDocument = new TypedDocumentString(`
    query ReviewQueue($first: Int, $after: String) {
  reviewQueue(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        number
        state
        templateId
        template {
          id
          title
        }
        submittedAt
        author {
          id
          displayName
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ReviewPolicyDocument = new TypedDocumentString(`
    query ReviewPolicy {
  reviewPolicy {
    scoreBar
    scoreMin
    scoreMax
    commentMaxLength
  }
}
    `) as unknown as TypedDocumentString<ReviewPolicyQuery, ReviewPolicyQueryVariables>;
export const ReviewVersionDetailDocument = new TypedDocumentString(`
    query ReviewVersionDetail($id: ID!) {
  templateVersion(id: $id) {
    id
    number
    state
    templateId
    template {
      id
      title
    }
    metadata {
      ...TemplateMetadataFields
    }
    previousVersion {
      id
      number
      metadata {
        ...TemplateMetadataFields
      }
    }
    spec
    submittedAt
    decidedAt
    author {
      id
      displayName
    }
    previews {
      ...ReviewPreviewFields
    }
    maxPreviews: previews(likenessEnd: MAX, first: 16) {
      ...ReviewPreviewFields
    }
    reviews {
      ...ReviewFields
    }
  }
}
    fragment TemplateMetadataFields on TemplateMetadata {
  title
  description
  category
  tags
  frozen
}
fragment ReviewFields on Review {
  id
  decision
  reviewerId
  reviewer {
    id
    displayName
  }
  createdAt
  scores {
    subjectId
    real
    like
    beautiful
  }
  comments {
    body
    previewJobId
    x
    y
  }
}
fragment ReviewPreviewFields on PreviewJob {
  id
  state
  seed
  likeness
  likenessEnd
  cached
  removed
  imageUrl
  thumbnailUrl
  subject {
    id
    name
  }
}`) as unknown as TypedDocumentString<ReviewVersionDetailQuery, ReviewVersionDetailQueryVariables>;
export const ReviewVersionDocument = new TypedDocumentString(`
    mutation ReviewVersion($input: ReviewVersionInput!) {
  reviewVersion(input: $input) {
    id
    number
    state
    decidedAt
  }
}
    `) as unknown as TypedDocumentString<ReviewVersionMutation, ReviewVersionMutationVariables>;
export const TemplateReviewsDocument = new TypedDocumentString(`
    query TemplateReviews($id: ID!) {
  template(id: $id) {
    id
    headRevision
    versions {
      id
      number
      state
      decidedAt
      reviews {
        id
        decision
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TemplateReviewsQuery, TemplateReviewsQueryVariables>;
export const StatementDocument = new TypedDocumentString(`
    query Statement($designerId: ID!, $month: String!, $currency: String) {
  statement(designerId: $designerId, month: $month, currency: $currency) {
    ...StatementFields
  }
}
    fragment StatementFields on Statement {
  id
  designerId
  month
  currency
  lines {
    templateId
    templateTitle
    versionId
    versionNumber
    uses
    grossMinor
    shareMinor
    refundsMinor
    netMinor
  }
  grossMinor
  shareMinor
  refundsMinor
  netMinor
  openingMinor
  payoutsMinor
  closingMinor
  outstandingMinor
  paidAt
  payoutReference
  payoutMinor
  csv
}`) as unknown as TypedDocumentString<StatementQuery, StatementQueryVariables>;
export const MarkStatementPaidDocument = new TypedDocumentString(`
    mutation MarkStatementPaid($statementId: ID!, $reference: String!) {
  markStatementPaid(statementId: $statementId, reference: $reference) {
    ...StatementFields
  }
}
    fragment StatementFields on Statement {
  id
  designerId
  month
  currency
  lines {
    templateId
    templateTitle
    versionId
    versionNumber
    uses
    grossMinor
    shareMinor
    refundsMinor
    netMinor
  }
  grossMinor
  shareMinor
  refundsMinor
  netMinor
  openingMinor
  payoutsMinor
  closingMinor
  outstandingMinor
  paidAt
  payoutReference
  payoutMinor
  csv
}`) as unknown as TypedDocumentString<MarkStatementPaidMutation, MarkStatementPaidMutationVariables>;
export const AdminSystemStatusDocument = new TypedDocumentString(`
    query AdminSystemStatus {
  systemStatus {
    at
    from
    bucketMinutes
    buckets {
      start
      end
      queueDepth
      started
      waitMedianSeconds
      waitP90Seconds
      finished
      failed
      requests
      clientErrors
      serverErrors
      graphqlErrors
    }
    queue {
      queued
      running
    }
    workers {
      online
      offline
      byBackend {
        backend
        online
      }
    }
    requests {
      requests
      clientErrors
      serverErrors
      graphqlErrors
      graphqlErrorCodes {
        code
        answers
      }
      processes
    }
  }
}
    `) as unknown as TypedDocumentString<AdminSystemStatusQuery, AdminSystemStatusQueryVariables>;
export const MyTemplatesDocument = new TypedDocumentString(`
    query MyTemplates($first: Int, $after: String, $filter: TemplateFilter) {
  templates(first: $first, after: $after, filter: $filter) {
    edges {
      cursor
      node {
        ...TemplateSummaryFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment TemplateStandingFields on TemplateStanding {
  state
  versionId
  versionNumber
  reviewNote
  decidedAt
  publishedVersionNumber
}
fragment TemplateVersionSummaryFields on TemplateVersion {
  id
  number
  state
  revision
  specHash
  updatedAt
}
fragment TemplateSummaryFields on Template {
  id
  title
  description
  tags
  category
  baseModel
  updatedAt
  draft {
    ...TemplateVersionSummaryFields
  }
  publishedVersion {
    ...TemplateVersionSummaryFields
  }
  standing {
    ...TemplateStandingFields
  }
}`) as unknown as TypedDocumentString<MyTemplatesQuery, MyTemplatesQueryVariables>;
export const CreateTemplateDocument = new TypedDocumentString(`
    mutation CreateTemplate($input: CreateTemplateInput!) {
  createTemplate(input: $input) {
    ...TemplateSummaryFields
  }
}
    fragment TemplateStandingFields on TemplateStanding {
  state
  versionId
  versionNumber
  reviewNote
  decidedAt
  publishedVersionNumber
}
fragment TemplateVersionSummaryFields on TemplateVersion {
  id
  number
  state
  revision
  specHash
  updatedAt
}
fragment TemplateSummaryFields on Template {
  id
  title
  description
  tags
  category
  baseModel
  updatedAt
  draft {
    ...TemplateVersionSummaryFields
  }
  publishedVersion {
    ...TemplateVersionSummaryFields
  }
  standing {
    ...TemplateStandingFields
  }
}`) as unknown as TypedDocumentString<CreateTemplateMutation, CreateTemplateMutationVariables>;
export const DuplicateTemplateDocument = new TypedDocumentString(`
    mutation DuplicateTemplate($templateId: ID!, $title: String) {
  duplicateTemplate(templateId: $templateId, title: $title) {
    id
    title
  }
}
    `) as unknown as TypedDocumentString<DuplicateTemplateMutation, DuplicateTemplateMutationVariables>;
export const VersionHistoryDocument = new TypedDocumentString(`
    query VersionHistory($id: ID!) {
  me {
    id
    roles
  }
  template(id: $id) {
    id
    title
    baseModel
    owner {
      id
      displayName
    }
    publishedAt
    publishedVersion {
      id
      number
    }
    versions {
      id
      number
      state
      spec
      metadata {
        ...TemplateMetadataFields
      }
      createdAt
      submittedAt
      decidedAt
      publishedAt
      author {
        id
        displayName
      }
      reviews {
        id
        decision
        createdAt
      }
    }
  }
}
    fragment TemplateMetadataFields on TemplateMetadata {
  title
  description
  category
  tags
  frozen
}`) as unknown as TypedDocumentString<VersionHistoryQuery, VersionHistoryQueryVariables>;
export const VersionReviewsDocument = new TypedDocumentString(`
    query VersionReviews($id: ID!) {
  templateVersion(id: $id) {
    id
    reviews {
      id
      decision
      reviewer {
        id
        displayName
      }
      scores {
        subjectId
        real
        like
        beautiful
      }
      comments {
        body
      }
    }
  }
}
    `) as unknown as TypedDocumentString<VersionReviewsQuery, VersionReviewsQueryVariables>;
export const HistoryLorasDocument = new TypedDocumentString(`
    query HistoryLoras {
  loras {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<HistoryLorasQuery, HistoryLorasQueryVariables>;
export const VersionPreviewsDocument = new TypedDocumentString(`
    query VersionPreviews($olderId: ID!, $newerId: ID!) {
  older: templateVersion(id: $olderId) {
    id
    previews {
      ...VersionPreviewFields
    }
  }
  newer: templateVersion(id: $newerId) {
    id
    previews {
      ...VersionPreviewFields
    }
  }
}
    fragment VersionPreviewFields on PreviewJob {
  id
  state
  seed
  cached
  removed
  imageUrl
  thumbnailUrl
  subject {
    id
    name
  }
}`) as unknown as TypedDocumentString<VersionPreviewsQuery, VersionPreviewsQueryVariables>;
export const PublishVersionDocument = new TypedDocumentString(`
    mutation PublishVersion($versionId: ID!) {
  publishVersion(versionId: $versionId) {
    id
    number
    state
  }
}
    `) as unknown as TypedDocumentString<PublishVersionMutation, PublishVersionMutationVariables>;
export const UnpublishTemplateDocument = new TypedDocumentString(`
    mutation UnpublishTemplate($templateId: ID!) {
  unpublishTemplate(templateId: $templateId) {
    id
    publishedVersion {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<UnpublishTemplateMutation, UnpublishTemplateMutationVariables>;
export const RollbackTemplateDocument = new TypedDocumentString(`
    mutation RollbackTemplate($templateId: ID!, $versionId: ID!) {
  rollbackTemplate(templateId: $templateId, versionId: $versionId) {
    id
    publishedVersion {
      id
      number
    }
  }
}
    `) as unknown as TypedDocumentString<RollbackTemplateMutation, RollbackTemplateMutationVariables>;
export const RequestAssetUploadDocument = new TypedDocumentString(`
    mutation RequestAssetUpload($input: RequestUploadInput!) {
  requestUpload(input: $input) {
    uploadUrl
    uploadForm
    expiresAt
    asset {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<RequestAssetUploadMutation, RequestAssetUploadMutationVariables>;
export const CompleteAssetUploadDocument = new TypedDocumentString(`
    mutation CompleteAssetUpload($assetId: ID!) {
  completeUpload(assetId: $assetId) {
    id
    state
    rejectionReason
    width
    height
  }
}
    `) as unknown as TypedDocumentString<CompleteAssetUploadMutation, CompleteAssetUploadMutationVariables>;