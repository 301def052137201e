import { AtelierError, toAtelierError } from './atelier-error.js';
import {
  FINISHED_RENDER_STATES,
  type Asset,
  type CatalogFilter,
  type CatalogTemplate,
  type CatalogVersion,
  type Connection,
  type CreateRenderInput,
  type PageInfo,
  type Render,
  type RenderRecipe,
  type RenderState,
  type UploadIdentityInput,
  type UploadTicket,
  type WebhookDelivery,
} from './types.js';

// A small typed client for consumer apps: plain fetch against the API's GraphQL endpoint with an API
// key (x-api-key: atl_...), no dependencies, so an app can copy this folder. Every API error comes
// back as an AtelierError carrying the GraphQL extensions.code.

export interface AtelierClock {
  now(): number;
  /** Resolves after ms, or rejects as soon as signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface AtelierClientOptions {
  /** The API's base URL, e.g. https://atelier.example.com (GraphQL is at <url>/graphql). */
  url: string;
  /** The app's API key (atl_...), from an Atelier admin. */
  apiKey: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to the real clock; tests pass their own. */
  clock?: AtelierClock;
}

export interface CatalogPage {
  templates: CatalogTemplate[];
  pageInfo: PageInfo;
  totalCount: number;
}

export interface WaitForRenderOptions {
  /** Give up (RENDER_TIMEOUT) after this long; default 10 minutes. */
  timeoutMs?: number;
  /** Time between polls; default 1 second. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called with every answer while polling (progress, queue position, ETA). */
  onPoll?: (render: Render) => void;
}

const VERSION_FIELDS = `id templateId number title description category tags current publishedAt specHash identityMode likeness { default max } triggerWords coverUrl previews { id url width height }`;
const TEMPLATE_FIELDS = `id title description category tags baseModel publishedAt publishedVersion { ${VERSION_FIELDS} }`;
const ASSET_FIELDS = `id kind state fileName contentType byteSize sha256 width height rejectionReason createdAt`;
const RENDER_FIELDS = `id versionId state queuePosition etaSeconds progress imageUrl error likeness seed slots grossAmount currency usageStatus usageMessage notices { code currentVersionId message } createdAt finishedAt`;
const DELIVERY_FIELDS = `id type url state attempts attemptLog { attempt attemptedAt durationMs statusCode error } nextAttemptAt createdAt`;

export const realClock: AtelierClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

function abortError(signal: AbortSignal): AtelierError {
  return new AtelierError('ABORTED', 'Stopped waiting: the signal was aborted.', { cause: signal.reason });
}

export class AtelierClient {
  private readonly endpoint: string;
  private readonly apiKey: string;
  private readonly fetchFn: typeof fetch;
  private readonly clock: AtelierClock;

  constructor(options: AtelierClientOptions) {
    if (!options.url) throw new TypeError('AtelierClient: url is required');
    if (!options.apiKey) throw new TypeError('AtelierClient: apiKey is required');
    const base = options.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/graphql') ? base : `${base}/graphql`;
    this.apiKey = options.apiKey;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.clock = options.clock ?? realClock;
  }

  /** Runs one GraphQL operation with the app's key: its data, or an AtelierError for the first error. */
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': this.apiKey },
        body: JSON.stringify({ query, variables }),
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      if (signal?.aborted) throw abortError(signal);
      throw new AtelierError('NETWORK_ERROR', `Atelier could not be reached at ${this.endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const text = await res.text();
    let body: { data?: T | null; errors?: Array<{ message?: unknown; extensions?: Record<string, unknown> }> };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new AtelierError('HTTP_ERROR', `Atelier answered HTTP ${res.status} without GraphQL: ${text.slice(0, 200)}`, { status: res.status });
    }
    const first = body.errors?.[0];
    if (first) throw toAtelierError(first, res.status);
    if (!res.ok || body.data == null) throw new AtelierError('HTTP_ERROR', `Atelier answered HTTP ${res.status} without data.`, { status: res.status });
    return body.data;
  }

  /** One page of the catalog (published templates), newest first. */
  async catalog(options: { first?: number; after?: string | null; filter?: CatalogFilter } = {}): Promise<CatalogPage> {
    const data = await this.request<{ catalog: { totalCount: number; pageInfo: PageInfo; edges: Array<{ node: CatalogTemplate }> } }>(
      `query AtelierCatalog($first: Int, $after: String, $filter: CatalogFilter) { catalog(first: $first, after: $after, filter: $filter) { totalCount pageInfo { endCursor hasNextPage } edges { node { ${TEMPLATE_FIELDS} } } } }`,
      { first: options.first ?? 20, after: options.after ?? null, filter: options.filter ?? null },
    );
    return { templates: data.catalog.edges.map((e) => e.node), pageInfo: data.catalog.pageInfo, totalCount: data.catalog.totalCount };
  }

  /** Every catalog page in turn, following the cursor until the last one. */
  async *catalogPages(options: { first?: number; filter?: CatalogFilter } = {}): AsyncGenerator<CatalogPage, void, undefined> {
    let after: string | null = null;
    for (;;) {
      const page: CatalogPage = await this.catalog({ ...options, after });
      yield page;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || page.pageInfo.endCursor === after) return;
      after = page.pageInfo.endCursor;
    }
  }

  /** Every published template, one at a time (pages of `first` fetched as needed). */
  async *catalogTemplates(options: { first?: number; filter?: CatalogFilter } = {}): AsyncGenerator<CatalogTemplate, void, undefined> {
    for await (const page of this.catalogPages(options)) yield* page.templates;
  }

  /** A pinned catalog version by id; NOT_FOUND when there is none. */
  async version(id: string): Promise<CatalogVersion> {
    const data = await this.request<{ catalogVersion: CatalogVersion | null }>(`query AtelierVersion($id: ID!) { catalogVersion(id: $id) { ${VERSION_FIELDS} } }`, { id });
    if (!data.catalogVersion) throw new AtelierError('NOT_FOUND', `No catalog version ${id}.`);
    return data.catalogVersion;
  }

  /** The version's render recipe: its ComfyUI graph, placeholders, files and models. */
  async recipe(versionId: string): Promise<RenderRecipe> {
    const data = await this.request<{ catalogVersion: { recipe: RenderRecipe } | null }>(`query AtelierRecipe($id: ID!) { catalogVersion(id: $id) { recipe } }`, { id: versionId });
    if (!data.catalogVersion) throw new AtelierError('NOT_FOUND', `No catalog version ${versionId}.`);
    return data.catalogVersion.recipe;
  }

  /** Uploads an end user's identity (requestUpload, the signed form POST, completeUpload): the READY asset. */
  async uploadIdentity(input: UploadIdentityInput): Promise<Asset> {
    const { requestUpload: ticket } = await this.request<{ requestUpload: UploadTicket }>(
      `mutation AtelierRequestUpload($input: RequestUploadInput!) { requestUpload(input: $input) { asset { ${ASSET_FIELDS} } expiresAt uploadMethod uploadUrl uploadForm } }`,
      { input: { kind: input.kind, fileName: input.fileName, contentType: input.contentType, byteSize: input.bytes.byteLength } },
    );
    // Every form field in order, the file last (the fields carry the signed policy storage checks).
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.uploadForm)) form.append(name, value);
    form.append('file', new Blob([Uint8Array.from(input.bytes)], { type: input.contentType }), input.fileName);
    let posted: Response;
    try {
      posted = await this.fetchFn(ticket.uploadUrl, { method: ticket.uploadMethod || 'POST', body: form });
    } catch (cause) {
      throw new AtelierError('NETWORK_ERROR', `The upload could not reach storage: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (!posted.ok) throw new AtelierError('UPLOAD_FAILED', `Storage refused the upload: HTTP ${posted.status} ${(await posted.text()).slice(0, 200)}`, { status: posted.status });
    const { completeUpload: asset } = await this.request<{ completeUpload: Asset }>(`mutation AtelierCompleteUpload($id: ID!) { completeUpload(assetId: $id) { ${ASSET_FIELDS} } }`, { id: ticket.asset.id });
    if (asset.state === 'REJECTED') throw new AtelierError('UPLOAD_REJECTED', asset.rejectionReason ?? 'The file was refused.', { extensions: { code: 'UPLOAD_REJECTED', asset } });
    return asset;
  }

  /** Deletes an end user's identity at once (file, asset and GPU boxes' copies): the deleted id. */
  async deleteIdentity(id: string): Promise<string> {
    return (await this.request<{ deleteAsset: string }>(`mutation AtelierDeleteAsset($id: ID!) { deleteAsset(id: $id) }`, { id })).deleteAsset;
  }

  /** Queues a render of a catalog version with one of the app's identities. */
  async createRender(input: CreateRenderInput): Promise<Render> {
    return (await this.request<{ createRender: Render }>(`mutation AtelierCreateRender($input: CreateRenderInput!) { createRender(input: $input) { ${RENDER_FIELDS} } }`, { input })).createRender;
  }

  async render(id: string, signal?: AbortSignal): Promise<Render> {
    return (await this.request<{ render: Render }>(`query AtelierRender($id: ID!) { render(id: $id) { ${RENDER_FIELDS} } }`, { id }, signal)).render;
  }

  /** Cancels a QUEUED or RUNNING render (nothing is metered, no webhook). */
  async cancelRender(id: string): Promise<Render> {
    return (await this.request<{ cancelRender: Render }>(`mutation AtelierCancelRender($id: ID!) { cancelRender(id: $id) { ${RENDER_FIELDS} } }`, { id })).cancelRender;
  }

  /** The app's renders, newest first, a page at a time (optionally of one state). */
  async renders(options: { first?: number; after?: string | null; state?: RenderState } = {}): Promise<Connection<Render>> {
    const data = await this.request<{ renders: { totalCount: number; pageInfo: PageInfo; edges: Array<{ node: Render }> } }>(
      `query AtelierRenders($first: Int, $after: String, $state: RenderState) { renders(first: $first, after: $after, state: $state) { totalCount pageInfo { endCursor hasNextPage } edges { node { ${RENDER_FIELDS} } } } }`,
      { first: options.first ?? 20, after: options.after ?? null, state: options.state ?? null },
    );
    return { nodes: data.renders.edges.map((e) => e.node), pageInfo: data.renders.pageInfo, totalCount: data.renders.totalCount };
  }

  /** The webhook events of a render and every attempt to deliver them. */
  async webhookDeliveries(renderId: string): Promise<WebhookDelivery[]> {
    return (await this.request<{ webhookDeliveries: WebhookDelivery[] }>(`query AtelierWebhookDeliveries($id: ID!) { webhookDeliveries(renderId: $id) { ${DELIVERY_FIELDS} } }`, { id: renderId })).webhookDeliveries;
  }

  /**
   * Polls a render until it is SUCCEEDED, FAILED or CANCELLED and returns it (a failed render is
   * returned, not thrown: check `state`). Throws RENDER_TIMEOUT after timeoutMs, ABORTED on signal.
   */
  async waitForRender(id: string, options: WaitForRenderOptions = {}): Promise<Render> {
    const { timeoutMs = 10 * 60_000, intervalMs = 1000, signal, onPoll } = options;
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const render = await this.render(id, signal);
      onPoll?.(render);
      if (FINISHED_RENDER_STATES.includes(render.state)) return render;
      const left = deadline - this.clock.now();
      if (left <= 0) throw new AtelierError('RENDER_TIMEOUT', `Render ${id} is still ${render.state} after ${timeoutMs} ms.`, { extensions: { code: 'RENDER_TIMEOUT', render } });
      await this.clock.sleep(Math.min(intervalMs, left), signal);
    }
  }
}
