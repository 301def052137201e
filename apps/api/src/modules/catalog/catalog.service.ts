import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUuid } from '../../common/app-error.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { decodeCursor, toConnection, type ConnectionShape } from '../../common/connection.js';
import { StorageService } from '../asset/storage.service.js';
import { escapeLike } from '../template/template.repository.js';
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
  spec: unknown;
  state: string;
  v_published_at: Date | null;
  cover_preview_job_id: string | null;
}

interface PreviewRow {
  version_id: string;
  job_id: string;
  object_key: string;
  width: number | null;
  height: number | null;
}

// A published version carries its own metadata, frozen when it was submitted: apps see what was approved.
const SELECT_VERSION = `
  v.id AS version_id, v.template_id, v.number, v.spec_hash, v.spec, v.state, v.published_at AS v_published_at, v.cover_preview_job_id,
  v.title, v.description, v.tags, v.category`;

// The finished, not-deleted renders of each version's spec (one per subject and seed, by subject
// name then seed), for a whole page at once. Only the image's own object is read: nothing of the
// subject (name, id, identity LoRA) leaves this query. A subject who withdrew (retired, or consent
// expired) disappears from the answer at once, before the privacy sweep deletes the files.
const SELECT_PREVIEWS = `
  SELECT version_id, job_id, object_key, width, height FROM (
    SELECT DISTINCT ON (v.id, j.subject_id, j.seed) v.id AS version_id, j.id AS job_id, a.object_key, a.width, a.height, s.name, j.seed
      FROM template_versions v
      JOIN preview_jobs j ON j.template_id = v.template_id AND j.spec_hash = v.spec_hash AND j.state = 'SUCCEEDED' AND j.removed_at IS NULL
      JOIN assets a ON a.id = j.output_asset_id AND a.state = 'READY'
      JOIN preview_subjects s ON s.id = j.subject_id AND s.active AND s.consent_expires_at > now()
     WHERE v.id = ANY($1::uuid[])
     ORDER BY v.id, j.subject_id, j.seed, (j.id = v.cover_preview_job_id) DESC, j.cached ASC, j.created_at ASC
  ) picked ORDER BY version_id, name, seed`;

function toVersion(r: CatalogRow, previews: CatalogPreviewObject[] = []): CatalogVersionObject {
  return {
    id: r.version_id,
    templateId: r.template_id,
    title: r.title,
    description: r.description,
    category: r.category,
    tags: r.tags,
    number: r.number,
    specHash: r.spec_hash,
    spec: r.spec,
    current: r.state === 'PUBLISHED',
    publishedAt: r.v_published_at,
    // The designer's chosen cover while it is still there, else the first preview.
    coverUrl: (previews.find((p) => p.id === r.cover_preview_job_id) ?? previews[0])?.url ?? null,
    previews,
  };
}

// What consumer apps read: published templates only, each with its published version, in one SQL
// statement per page. Pages are cached briefly and dropped whenever this process publishes,
// unpublishes or rolls back, so an app sees catalog changes at once.
@Injectable()
export class CatalogService {
  private readonly pageCache = new Map<string, { until: number; value: Promise<ConnectionShape<CatalogTemplateObject>> }>();
  // Bumped whenever this process changes the catalog; caches compare against it.
  generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  invalidate(): void {
    this.generation++;
    this.pageCache.clear();
  }

  page(limit: number, after: string | null | undefined, filter: CatalogFilter | null | undefined): Promise<ConnectionShape<CatalogTemplateObject>> {
    // Only first pages are cached: they are what apps open with, and cursors (which anyone can
    // forge in any number) must not be able to flood the cache.
    if (after || !this.config.catalog.serverCache) return this.loadPage(limit, after, filter);
    const key = JSON.stringify([limit, filter ?? null]);
    const hit = this.pageCache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const generation = this.generation;
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
    if (filter?.search?.trim()) {
      const p = param(`%${escapeLike(filter.search.trim())}%`);
      where.push(`(v.title ILIKE ${p} OR v.description ILIKE ${p} OR array_to_string(v.tags, ' ') ILIKE ${p})`);
    }
    if (filter?.tags?.length) where.push(`v.tags @> ${param(filter.tags.map((t) => t.trim().toLowerCase()))}::text[]`);
    if (filter?.category) where.push(`v.category = ${param(filter.category)}`);
    if (filter?.baseModel) where.push(`t.base_model = ${param(filter.baseModel)}`);
    const filterWhere = where.join(' AND ');
    const cursor = decodeCursor(after);
    const pageWhere = cursor ? `${filterWhere} AND (t.published_at, t.id) < (${param(cursor.sortKey)}::timestamptz, ${param(cursor.id)}::uuid)` : filterWhere;
    // Page and total in one round trip.
    const rows: Array<CatalogRow & { total_count: string }> = await this.dataSource.query(
      `WITH filtered AS (SELECT t.id FROM templates t JOIN template_versions v ON v.id = t.published_version_id WHERE ${filterWhere})
       SELECT t.id, t.base_model, t.published_at AS t_published_at, ${SELECT_VERSION},
              (SELECT count(*) FROM filtered) AS total_count
       FROM templates t JOIN template_versions v ON v.id = t.published_version_id
       WHERE ${pageWhere}
       ORDER BY t.published_at DESC, t.id DESC
       LIMIT ${limit + 1}`,
      params,
    );
    let totalCount: number;
    if (rows.length) totalCount = Number(rows[0]!.total_count);
    else totalCount = Number((await this.dataSource.query(`SELECT count(*) AS n FROM templates t JOIN template_versions v ON v.id = t.published_version_id WHERE ${filterWhere}`, params.slice(0, cursor ? params.length - 2 : params.length)))[0].n);
    const previews = await this.previewsOf(rows.slice(0, limit).map((r) => r.version_id));
    const nodes: CatalogTemplateObject[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      tags: r.tags,
      category: r.category,
      baseModel: r.base_model,
      publishedAt: r.t_published_at,
      publishedVersion: toVersion(r, previews.get(r.version_id)),
    }));
    return toConnection(nodes, limit, totalCount, (n) => n.publishedAt.toISOString());
  }

  // A pinned version, published now or superseded later: fetchable forever. Null otherwise.
  async version(id: string): Promise<CatalogVersionObject | null> {
    if (!isUuid(id)) return null;
    const rows: CatalogRow[] = await this.dataSource.query(
      `SELECT ${SELECT_VERSION} FROM template_versions v
       WHERE v.id = $1 AND v.state IN ('PUBLISHED', 'SUPERSEDED')`,
      [id],
    );
    if (!rows[0]) return null;
    return toVersion(rows[0], (await this.previewsOf([rows[0].version_id])).get(rows[0].version_id));
  }

  // Version id -> its previews with presigned links, in one query for any number of versions.
  private async previewsOf(versionIds: string[]): Promise<Map<string, CatalogPreviewObject[]>> {
    const byVersion = new Map<string, CatalogPreviewObject[]>();
    if (!versionIds.length) return byVersion;
    const rows: PreviewRow[] = await this.dataSource.query(SELECT_PREVIEWS, [versionIds]);
    const urls = await Promise.all(rows.map((r) => this.storage.presignStableGet(r.object_key, PREVIEW_URL_TTL_SECONDS)));
    rows.forEach((r, i) => {
      const list = byVersion.get(r.version_id) ?? [];
      list.push({ id: r.job_id, url: urls[i]!, width: r.width ?? 0, height: r.height ?? 0 });
      byVersion.set(r.version_id, list);
    });
    return byVersion;
  }
}
