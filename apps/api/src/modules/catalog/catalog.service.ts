import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/connection.js';
import { queryHot } from '../../database/prepared-query.js';
import { StorageService } from '../asset/storage.service.js';
import { escapeLike } from '../template/template.repository.js';
import { PublishedSpecCache } from './published-spec-cache.js';
import type { CatalogFilter, CatalogPreviewObject, CatalogTemplateObject, CatalogVersionObject } from './catalog.object.js';

const PAGE_CACHE_TTL_MS = 5_000;
const PAGE_CACHE_MAX = 500;
// Preview links in a catalog answer stay valid at least this long, and are the same link for a while
// (see presignStableGet), so apps can cache the images.
const PREVIEW_URL_TTL_SECONDS = 3600;

interface CatalogRow {
  id: string;
  // The version's own metadata (SELECT_VERSION).
  title: string;
  description: string;
  tags: string[];
  category: string | null;
  base_model: 'sd15' | 'sdxl';
  t_published_at: Date;
  version_id: string;
  template_id: string;
  number: number;
  spec_hash: string;
  // The jsonb as text: parsed only the first time (PublishedSpecCache).
  spec_json: string;
  state: string;
  v_published_at: Date | null;
  cover_preview_job_id: string | null;
  // PREVIEWS_OF_VERSION
  previews: PreviewRow[];
}

interface PreviewRow {
  job_id: string;
  object_key: string;
  width: number | null;
  height: number | null;
  // The face's consent expiry (JSON text), so no cached answer outlives it; it goes no further.
  consent_expires_at: string;
}

// A published version carries its own metadata, frozen when it was submitted: apps see what was approved.
const SELECT_VERSION = `
  v.id AS version_id, v.template_id, v.number, v.spec_hash, v.spec::text AS spec_json, v.state, v.published_at AS v_published_at, v.cover_preview_job_id,
  v.title, v.description, v.tags, v.category`;

// The finished, not-deleted renders of a version's spec at the likeness default (one per subject and
// seed, by subject name then seed: a render at the max is for reviewers, never a catalog image) as a JSON array, for the version row `row` of the enclosing query. Only the image's own
// object is read: nothing of the subject (name, id, identity LoRA) leaves this query. A subject who
// withdrew (retired, or consent expired) disappears from the answer at once, before the privacy
// sweep deletes the files. Each face's consent expiry comes along so no cached answer outlives it.
const PREVIEWS_OF_VERSION = (row: string) => `(
  SELECT coalesce(json_agg(json_build_object('job_id', p.job_id, 'object_key', p.object_key, 'width', p.width, 'height', p.height, 'consent_expires_at', p.consent_expires_at) ORDER BY p.name, p.seed), '[]'::json)
    FROM (SELECT DISTINCT ON (j.subject_id, j.seed) j.id AS job_id, a.object_key, a.width, a.height, s.name, j.seed, s.consent_expires_at
            FROM preview_jobs j
            JOIN assets a ON a.id = j.output_asset_id AND a.state = 'READY'
            JOIN preview_subjects s ON s.id = j.subject_id AND s.active AND s.consent_expires_at > now()
           WHERE j.template_id = ${row}.template_id AND j.spec_hash = ${row}.spec_hash AND j.state = 'SUCCEEDED' AND j.removed_at IS NULL AND j.likeness_end = 'DEFAULT'
           ORDER BY j.subject_id, j.seed, (j.id = ${row}.cover_preview_job_id) DESC, j.cached ASC, j.created_at ASC) p)`;

function toVersion(r: CatalogRow, spec: unknown, previews: CatalogPreviewObject[] = []): CatalogVersionObject {
  return {
    id: r.version_id,
    templateId: r.template_id,
    title: r.title,
    description: r.description,
    category: r.category,
    tags: r.tags,
    number: r.number,
    specHash: r.spec_hash,
    spec,
    current: r.state === 'PUBLISHED',
    publishedAt: r.v_published_at,
    // The designer's chosen cover while it is still there, else the first preview.
    coverUrl: (previews.find((p) => p.id === r.cover_preview_job_id) ?? previews[0])?.url ?? null,
    previews,
  };
}

// What consumer apps read: published templates only, each with its published version, in one SQL
// statement per page. Pages (here) and whole answers (CatalogReadMiddleware) are cached briefly, and
// dropped at once in every API process when any of them publishes, unpublishes, rolls back or
// retires a face, and when a face shown in them reaches its consent expiry.
@Injectable()
export class CatalogService {
  private readonly pageCache = new Map<string, { until: number; value: Promise<ConnectionShape<CatalogTemplateObject>> }>();
  private currentGeneration = 0;
  // The earliest consent expiry of a face in an answer loaded since the cached answers were last
  // dropped: none of them may be served from then on.
  private facesValidUntil = Infinity;
  private readonly specs = new PublishedSpecCache();

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly cluster: ClusterEventsService,
  ) {
    cluster.subscribe('catalog', { apply: () => this.dropCachedAnswers(), resync: () => this.dropCachedAnswers() });
  }

  // Changes whenever the cached answers are dropped; caches keep only answers of the current one.
  // Reading it is what notices a consent expiry, so no timer has to fire on time for it.
  get generation(): number {
    if (Date.now() >= this.facesValidUntil) this.dropCachedAnswers();
    return this.currentGeneration;
  }

  // After a catalog change committed: every API process drops its cached answers.
  invalidate(): Promise<void> {
    return this.cluster.publish({ topic: 'catalog' });
  }

  private dropCachedAnswers(): void {
    this.currentGeneration++;
    this.facesValidUntil = Infinity;
    this.pageCache.clear();
  }

  page(limit: number, after: string | null | undefined, filter: CatalogFilter | null | undefined): Promise<ConnectionShape<CatalogTemplateObject>> {
    // Only first pages are cached: they are what apps open with, and cursors (which anyone can
    // forge in any number) must not be able to flood the cache.
    if (after || !this.config.catalog.serverCache) return this.loadPage(limit, after, filter);
    // Read first: it drops the cached pages once a face shown in them is no longer consenting.
    const generation = this.generation;
    const key = JSON.stringify([limit, filter ?? null]);
    const hit = this.pageCache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = this.loadPage(limit, after, filter);
    this.pageCache.delete(key);
    if (this.pageCache.size >= PAGE_CACHE_MAX) this.pageCache.delete(this.pageCache.keys().next().value!);
    this.pageCache.set(key, { until: Date.now() + PAGE_CACHE_TTL_MS, value });
    // A failed or stale (invalidated meanwhile) load must not stay cached.
    value.then(
      () => generation !== this.generation && this.pageCache.delete(key),
      () => this.pageCache.delete(key),
    );
    return value;
  }

  private async loadPage(limit: number, after: string | null | undefined, filter: CatalogFilter | null | undefined): Promise<ConnectionShape<CatalogTemplateObject>> {
    const where: string[] = ['t.published_version_id IS NOT NULL'];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // Whether a filter reads the version's metadata; the total count joins the versions only then.
    let filtersVersion = false;
    if (filter?.search?.trim()) {
      const p = param(`%${escapeLike(filter.search.trim())}%`);
      where.push(`(v.title ILIKE ${p} OR v.description ILIKE ${p} OR array_to_string(v.tags, ' ') ILIKE ${p})`);
      filtersVersion = true;
    }
    if (filter?.tags?.length) {
      where.push(`v.tags @> ${param(filter.tags.map((t) => t.trim().toLowerCase()))}::text[]`);
      filtersVersion = true;
    }
    if (filter?.category) {
      where.push(`v.category = ${param(filter.category)}`);
      filtersVersion = true;
    }
    if (filter?.baseModel) where.push(`t.base_model = ${param(filter.baseModel)}`);
    const filterWhere = where.join(' AND ');
    const filterParams = params.length;
    // Every published template has its published version (a foreign key), so without a version
    // filter the count needs no join.
    const counted = filtersVersion ? 'templates t JOIN template_versions v ON v.id = t.published_version_id' : 'templates t';
    const cursor = decodeCursor(after);
    const pageWhere = cursor ? `${filterWhere} AND (t.published_at, t.id) < (${param(cursor.sortKey)}::timestamptz, ${param(cursor.id)}::uuid)` : filterWhere;
    // Page, total and previews in one statement. The page size (an integer from pageSize) is written
    // into the text, so the first page without filters, what every app opens with, has no
    // parameters: once hot, PostgreSQL plans it once per connection (queryHot).
    const rows = await queryHot<CatalogRow & { total_count: string }>(
      this.dataSource,
      `SELECT page.*, ${PREVIEWS_OF_VERSION('page')} AS previews
       FROM (SELECT t.id, t.base_model, t.published_at AS t_published_at, ${SELECT_VERSION},
                    (SELECT count(*) FROM ${counted} WHERE ${filterWhere}) AS total_count
             FROM templates t JOIN template_versions v ON v.id = t.published_version_id
             WHERE ${pageWhere}
             ORDER BY t.published_at DESC, t.id DESC
             LIMIT ${pageSize(limit) + 1}) page
       ORDER BY page.t_published_at DESC, page.id DESC`,
      params,
    );
    let totalCount: number;
    if (rows.length) totalCount = Number(rows[0]!.total_count);
    else totalCount = Number((await this.dataSource.query(`SELECT count(*) AS n FROM ${counted} WHERE ${filterWhere}`, params.slice(0, filterParams)))[0].n);
    const page = rows.slice(0, limit);
    const previews = await this.presignPreviews(page);
    const nodes: CatalogTemplateObject[] = rows.map((r, i) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      tags: r.tags,
      category: r.category,
      baseModel: r.base_model,
      publishedAt: r.t_published_at,
      publishedVersion: toVersion(r, this.specOf(r), previews[i]),
    }));
    return toConnection(nodes, limit, totalCount, (n) => n.publishedAt.toISOString());
  }

  // A pinned version, published now or superseded later: fetchable forever. Null otherwise.
  async version(id: string): Promise<CatalogVersionObject | null> {
    if (!isUuid(id)) return null;
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${SELECT_VERSION}, ${PREVIEWS_OF_VERSION('v')} AS previews FROM template_versions v
       WHERE v.id = $1 AND v.state IN ('PUBLISHED', 'SUPERSEDED')`,
      [id],
    );
    if (!rows[0]) return null;
    return toVersion(rows[0], this.specOf(rows[0]), (await this.presignPreviews(rows))[0]);
  }

  private specOf(r: CatalogRow): unknown {
    return this.specs.specOf(r.version_id, r.spec_hash, r.spec_json);
  }

  // An answer showing these faces may be cached only until the first of their consents ends; one
  // that ended while the answer was read must not be cached at all.
  private noteFacesShown(previews: readonly PreviewRow[]): void {
    const earliest = previews.reduce((first, p) => Math.min(first, new Date(p.consent_expires_at).getTime()), Infinity);
    if (earliest === Infinity) return;
    if (earliest <= Date.now()) this.dropCachedAnswers();
    else this.facesValidUntil = Math.min(this.facesValidUntil, earliest);
  }

  // Each row's previews with presigned links, in the rows' order.
  private async presignPreviews(rows: CatalogRow[]): Promise<CatalogPreviewObject[][]> {
    this.noteFacesShown(rows.flatMap((r) => r.previews));
    if (rows.every((r) => !r.previews.length)) return [];
    return Promise.all(
      rows.map((r) =>
        Promise.all(
          r.previews.map(async (p) => ({ id: p.job_id, url: await this.storage.presignStableGet(p.object_key, PREVIEW_URL_TTL_SECONDS), width: p.width ?? 0, height: p.height ?? 0 })),
        ),
      ),
    );
  }
}
