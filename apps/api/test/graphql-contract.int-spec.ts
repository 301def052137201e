import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The public contract consumer apps, the studio and outside tools code against: names may be added,
// never renamed or removed. Each entry is `Type.field(arg, ...)`.
const CONTRACT: Record<string, Record<string, string[]>> = {
  Query: {
    me: [],
    templates: ['first', 'after', 'filter'],
    template: ['id'],
    templateVersion: ['id'],
    reviewQueue: ['first', 'after'],
    loras: ['baseModel'],
    previewSubjects: [],
    catalog: ['first', 'after', 'filter'],
    catalogVersion: ['id'],
    previewBatch: ['id'],
    queueStats: [],
    workers: [],
    statement: ['designerId', 'month'],
    earnings: ['designerId', 'from', 'to'],
    revenueAgreements: ['templateId'],
    revenueOverview: ['currency'],
    recentUsage: ['designerId', 'first'],
  },
  Mutation: {
    login: ['email', 'password'],
    createUser: ['input'],
    createTemplate: ['input'],
    saveDraft: ['input'],
    submitVersion: ['versionId'],
    reviewVersion: ['input'],
    publishVersion: ['versionId'],
    unpublishTemplate: ['templateId'],
    rollbackTemplate: ['templateId', 'versionId'],
    requestUpload: ['input'],
    completeUpload: ['assetId'],
    registerLora: ['input'],
    createPreviewSubject: ['input'],
    retirePreviewSubject: ['id'],
    createApiKey: ['input'],
    revokeApiKey: ['id'],
    requestPreviews: ['input'],
    cancelPreviewJob: ['id'],
    retryPreviewJob: ['id'],
    issueWorkerToken: ['name'],
    recordUsage: ['events'],
    recordRefund: ['input'],
    setRevenueAgreement: ['input'],
    markStatementPaid: ['statementId', 'reference'],
  },
  Subscription: {
    previewBatchUpdated: ['batchId'],
    templatePreviewsUpdated: ['templateId'],
  },
  Template: Object.fromEntries(['id', 'title', 'description', 'tags', 'category', 'owner', 'draft', 'versions', 'publishedVersion', 'standing'].map((f) => [f, []])),
  TemplateStanding: Object.fromEntries(['state', 'versionId', 'versionNumber', 'reviewNote', 'decidedAt', 'publishedVersionNumber'].map((f) => [f, []])),
  TemplateVersion: { ...Object.fromEntries(['id', 'number', 'state', 'revision', 'spec', 'specHash', 'author', 'createdAt', 'comfyGraph', 'previewCount'].map((f) => [f, []])), previews: ['first'] },
  AuthPayload: { token: [], user: [] },
  UploadTicket: { asset: [], uploadUrl: [], uploadMethod: [], uploadForm: [], uploadHeaders: [], expiresAt: [] },
  CreatedApiKey: { key: [], apiKey: [] },
  ApiKey: { id: [], prefix: [], scopes: [] },
  CatalogTemplate: { publishedVersion: [] },
  CatalogVersion: Object.fromEntries(['id', 'number', 'specHash', 'spec', 'coverUrl', 'previews', 'comfyGraph', 'recipe'].map((f) => [f, []])),
  PreviewBatch: { id: [], jobs: [] },
  PreviewJob: Object.fromEntries(['id', 'state', 'subject', 'seed', 'cached', 'imageUrl', 'thumbnailUrl', 'queuePosition', 'etaSeconds', 'progress', 'error', 'removed', 'removedAt'].map((f) => [f, []])),
  PreviewSubject: Object.fromEntries(['id', 'name', 'active', 'usable', 'consentExpiresAt', 'retiredAt', 'purgedAt'].map((f) => [f, []])),
  CreatedWorkerToken: { token: [] },
  CatalogTemplateConnection: { edges: [], pageInfo: [] },
  TemplateConnection: { edges: [], pageInfo: [] },
  TemplateVersionConnection: { edges: [], pageInfo: [] },
  UsageBatchResult: { results: [] },
  UsageResult: { eventId: [], status: [], message: [], code: [] },
  RefundResult: Object.fromEntries(['refundId', 'eventId', 'status', 'message', 'refundedMinor', 'remainingMinor'].map((f) => [f, []])),
  RevenueAgreement: Object.fromEntries(['id', 'templateId', 'designerShareBps', 'coAuthors', 'effectiveFrom'].map((f) => [f, []])),
  Statement: Object.fromEntries(['id', 'designerId', 'month', 'currency', 'lines', 'grossMinor', 'shareMinor', 'refundsMinor', 'netMinor', 'openingMinor', 'closingMinor', 'outstandingMinor', 'payoutsMinor', 'paidAt', 'payoutReference', 'csv'].map((f) => [f, []])),
  EarningsRow: Object.fromEntries(['month', 'templateId', 'templateTitle', 'uses', 'grossMinor', 'shareMinor', 'refundsMinor', 'netMinor'].map((f) => [f, []])),
};

const INPUTS: Record<string, string[]> = {
  CreateTemplateInput: ['title', 'description', 'tags', 'baseModel'],
  SaveDraftInput: ['templateId', 'spec', 'baseRevision'],
  ReviewVersionInput: ['versionId', 'decision', 'scores', 'comments'],
  RequestUploadInput: ['kind', 'fileName', 'contentType', 'byteSize'],
  CreateApiKeyInput: ['name', 'scopes', 'consumerApp'],
  UsageEventInput: ['eventId', 'templateVersionId', 'occurredAt', 'grossAmount', 'currency', 'orderRef'],
  RefundInput: ['eventId', 'refundId', 'amount'],
  RevenueAgreementInput: ['templateId', 'designerShareBps', 'coAuthors', 'effectiveFrom'],
  CatalogFilter: ['search', 'tags', 'category', 'baseModel'],
  TemplateFilter: ['search', 'tags', 'baseModel', 'state'],
};

describe('the public GraphQL contract', () => {
  let t: TestApp;
  let types: Map<string, any>;

  beforeAll(async () => {
    t = await startTestApp();
    // Deprecated fields still answer, so they stay in the contract (introspection hides them unless asked).
    const res = await t.gql(`{ __schema { types { name kind enumValues { name } inputFields { name } fields(includeDeprecated: true) { name args { name } } } } }`);
    types = new Map(res.data!['__schema'].types.map((ty: any) => [ty.name, ty]));
  });
  afterAll(() => t?.close());

  it.each(Object.entries(CONTRACT))('keeps every promised field and argument of %s', (typeName, fields) => {
    const type = types.get(typeName);
    expectLabelled(type, typeName).toBeDefined();
    for (const [field, args] of Object.entries(fields)) {
      const found = type.fields.find((f: any) => f.name === field);
      expectLabelled(found, `${typeName}.${field}`).toBeDefined();
      for (const arg of args) expectLabelled(found.args.map((a: any) => a.name), `${typeName}.${field}(${arg})`).toContain(arg);
    }
  });

  it.each(Object.entries(INPUTS))('keeps the fields of input %s', (typeName, fields) => {
    expect(types.get(typeName)?.inputFields.map((f: any) => f.name)).toEqual(expect.arrayContaining(fields));
  });

  it('keeps every version state, template standing and base model', () => {
    expect(types.get('VersionState').enumValues.map((v: any) => v.name)).toEqual(['APPROVED', 'CHANGES_REQUESTED', 'DRAFT', 'PUBLISHED', 'REJECTED', 'SUBMITTED', 'SUPERSEDED']);
    expect(types.get('BaseModel').enumValues.map((v: any) => v.name)).toEqual(['SD15', 'SDXL']);
    expect(types.get('TemplateStandingState').enumValues.map((v: any) => v.name)).toEqual(['APPROVED', 'CHANGES_REQUESTED', 'DRAFT_ONLY', 'IN_REVIEW', 'PUBLISHED', 'REJECTED', 'UNPUBLISHED']);
    expect(types.get('ReviewDecision').enumValues.map((v: any) => v.name)).toEqual(['APPROVE', 'REJECT', 'REQUEST_CHANGES']);
    expect(types.get('JSON').kind).toBe('SCALAR');
    expect(types.get('UsageStatus').enumValues.map((v: any) => v.name)).toEqual(['ACCEPTED', 'CONFLICT', 'DUPLICATE', 'REJECTED']);
    expect(types.get('AssetState').enumValues.map((v: any) => v.name)).toEqual(expect.arrayContaining(['PENDING', 'READY', 'REJECTED', 'DELETED']));
  });

  // apps/api/schema.graphql is what the studio generates its GraphQL types from (graphql-codegen);
  // `npm run graphql:update` rewrites it (and the studio's types) after a schema change.
  it('matches the committed schema file', () => {
    const sdl = `${printSchema(t.app.get(GraphQLSchemaHost).schema)}\n`;
    const file = new URL('../schema.graphql', import.meta.url);
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(file, sdl);
    expectLabelled(sdl, 'the schema changed: run npm run graphql:update and commit apps/api/schema.graphql').toBe(readFileSync(file, 'utf8'));
  });
});
