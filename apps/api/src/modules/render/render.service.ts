import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertValidLikenessValue, describeAcceptedSlotValues, isAcceptedSlotValue, likenessRangeOf, NEUTRAL_SLOT_VALUES } from '@atelier/comfy-compile';
import { apiMessage } from '@atelier/messages';
import { identityModeOf, PROMPT_SLOTS, type PromptSlot, type TemplateSpec } from '@atelier/template-spec';
import { AppError, badInputIssues, inputIssue, notFound, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import { decodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/connection.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { ConcurrencyGate } from '../../common/concurrency-gate.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { AssetService } from '../asset/asset.service.js';
import { StorageService } from '../asset/storage.service.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { PreviewJobEntity } from '../preview-job/preview-job.entity.js';
import { loraKeyFor } from '../preview-job/preview-job.service.js';
import { QueueStatsService } from '../preview-job/queue-stats.service.js';
import { cancelJob } from '../preview-job/preview-job.snapshot.js';
import { RenderNoticeCodeEnum, type RenderObject, type RenderState } from './render.object.js';
import { renderStateOf, renderStateSql } from './render-state.js';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH } from './webhook-target.js';

export const MAX_RENDER_SEED = 2 ** 32 - 1;
const MAX_GROSS_MINOR = 2 ** 31 - 1;
const MAX_TRIGGER_WORD = 60;
const TRIGGER_WORD = new RegExp(`^[\\p{L}\\p{N} _-]{1,${MAX_TRIGGER_WORD}}$`, 'u');
// A finished image's link lasts an hour; apps fetch it again through render(id) for a fresh one.
export const RENDER_IMAGE_URL_SECONDS = 3600;

export interface CreateRenderData {
  versionId: string;
  identityAssetId: string;
  likeness?: number | null;
  slots?: unknown;
  seed?: number | null;
  identityTriggerWord?: string | null;
  webhookUrl?: string | null;
  grossAmount?: number | null;
  currency?: string | null;
}

/** A render row with what its job says now. */
export interface RenderRow {
  id: string;
  consumer_app_id: string;
  version_id: string;
  template_id: string;
  likeness: number;
  seed: string;
  slots: Record<string, string>;
  gross_minor: string | null;
  currency: string | null;
  state: 'QUEUED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  error: string | null;
  usage_status: string | null;
  usage_message: string | null;
  created_at: Date;
  finished_at: Date | null;
  image_removed_at: Date | null;
  job_id: string;
  job_state: PreviewJobEntity['state'];
  job_progress: number;
  job_error: string | null;
  job_finished_at: Date | null;
  output_key: string | null;
  version_state: string;
  version_number: number;
  current_version_id: string | null;
  current_version_number: number | null;
}

const RENDER_SELECT = `
  SELECT r.*, j.id AS job_id, j.state AS job_state, j.progress AS job_progress, j.last_error AS job_error, j.finished_at AS job_finished_at,
         (SELECT a.object_key FROM assets a WHERE a.id = j.output_asset_id AND a.state = 'READY') AS output_key,
         v.state AS version_state, v.number AS version_number, t.published_version_id AS current_version_id,
         (SELECT c.number FROM template_versions c WHERE c.id = t.published_version_id) AS current_version_number
    FROM renders r JOIN preview_jobs j ON j.render_id = r.id JOIN template_versions v ON v.id = r.version_id JOIN templates t ON t.id = r.template_id`;

interface VersionToRender {
  id: string;
  template_id: string;
  owner_id: string;
  number: number;
  state: string;
  revision: number;
  spec: TemplateSpec;
  spec_hash: string;
  current_version_id: string | null;
  current_version_number: number | null;
  // The style LoRAs' file hashes (the job's LoRA set) and, for ComfyUI, the graph's node classes.
  styleHashes: string[];
  nodeClasses: string[];
}

// Versions an app renders, kept this long (their spec never changes; their state may, and a
// publication or rollback in any API process clears them).
const VERSION_TTL_MS = 10_000;

// Consumer apps' hosted renders (API keys with RENDER): each is a `renders` row and one preview job in
// the CONSUMER class, which the GPU pool schedules with designers' previews (fair share per app, at
// most CONSUMER_RENDER_SHARE of the pool). RenderSettlementService finishes them: metering, webhooks.
@Injectable()
export class RenderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetService,
    private readonly storage: StorageService,
    private readonly comfyGraphs: ComfyGraphService,
    private readonly queueStats: QueueStatsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    cluster: ClusterEventsService,
  ) {
    cluster.subscribe('catalog', { apply: () => this.versions.clear(), resync: () => this.versions.clear() });
  }

  private readonly versions = new ExpiringCache<VersionToRender>(VERSION_TTL_MS, 2000);
  private readonly creating = new ConcurrencyGate(this.config.renders.createConcurrency);
  // Spec hashes this process knows are in preview_specs (rows there are immutable and never deleted).
  private readonly storedSpecs = new ExpiringCache<true>(24 * 3600_000, 2000);

  /** Queues a render; at most CONSUMER_RENDER_CREATE_CONCURRENCY at once per process, the rest wait their turn. */
  createRender(app: ApiKeyPrincipal, input: CreateRenderData): Promise<RenderObject> {
    return this.creating.run(() => this.createRenderNow(app, input));
  }

  private async createRenderNow(app: ApiKeyPrincipal, input: CreateRenderData): Promise<RenderObject> {
    const appId = app.consumerAppId!;
    const version = await this.versionToRender(input.versionId);
    const spec = version.spec;
    const identity = await this.assets.findAppIdentity(app, input.identityAssetId);
    const issues: InputIssue[] = [];
    if (identity.state !== 'READY') issues.push(inputIssue('identityAssetId', 'render.identityNotReady'));
    const mode = identityModeOf(spec);
    if (mode === 'instantid' && identity.kind !== 'IDENTITY_PHOTO') throw reasonError('IDENTITY_KIND_MISMATCH', 'render.identityNeedsPhoto', {}, { identityMode: 'INSTANTID' });
    if (mode !== 'instantid' && identity.kind !== 'IDENTITY_LORA') throw reasonError('IDENTITY_KIND_MISMATCH', 'render.identityNeedsLora', {}, { identityMode: 'LORA' });

    const [min, max] = likenessRangeOf(spec);
    const likeness = input.likeness ?? min;
    if (!Number.isFinite(likeness) || likeness < min - 1e-9 || likeness > max + 1e-9) {
      throw reasonError('LIKENESS_OUT_OF_RANGE', 'render.likenessOutOfRange', { likeness: String(likeness), min: String(min), max: String(max) }, { min, max });
    }
    assertValidLikenessValue(likeness);
    const slots = checkSlots(input.slots);

    const seed = input.seed ?? randomInt(0, 2 ** 31);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_RENDER_SEED) issues.push(inputIssue('seed', 'render.seedRange', { max: MAX_RENDER_SEED }));
    const trigger = input.identityTriggerWord?.trim() || null;
    if (trigger !== null && !TRIGGER_WORD.test(trigger)) issues.push(inputIssue('identityTriggerWord', 'render.triggerWordInvalid', { max: MAX_TRIGGER_WORD }));
    issues.push(...this.checkPrice(input));
    if (input.webhookUrl != null) issues.push(...(await this.checkWebhook(input.webhookUrl)));
    if (issues.length) throw badInputIssues(issues);

    const backend = this.config.previews.backend;
    const loraKey = loraKeyFor(version.styleHashes, identity.kind === 'IDENTITY_LORA' ? (identity.sha256 ?? '') : '');

    // The quota is counted without a lock: an app's burst must not hold database connections in a
    // queue (designers' previews and the GPUs' leases share the pool), so concurrent requests may pass
    // it by as many as are in flight at once.
    const [{ n: waiting }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM renders WHERE consumer_app_id = $1 AND state = 'QUEUED'`, [appId])) as Array<{ n: number }>;
    const quota = this.config.renders.queueQuotaPerApp;
    if (waiting >= quota) {
      throw new AppError('QUOTA_EXCEEDED', apiMessage('render.quotaFull', { waiting, quota }), { reason: 'render.quotaFull', params: { waiting, quota }, waiting, quota });
    }
    // One statement: the spec snapshot (once per hash), the render, its CONSUMER job and the identity's
    // last use (its retention counts from its last render; written at most once a minute, so a burst
    // of one identity's renders does not queue on its row).
    const isSpecStored = this.storedSpecs.get(version.spec_hash) === true;
    const [created] = (await this.dataSource.query(
      `WITH spec AS (
         INSERT INTO preview_specs (spec_hash, spec) SELECT $16, $17::jsonb WHERE NOT $18::boolean ON CONFLICT DO NOTHING
       ), render AS (
         INSERT INTO renders (consumer_app_id, api_key_id, version_id, template_id, identity_asset_id, identity_kind, identity_trigger_word, likeness, slots, seed, webhook_url, gross_minor, currency, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'QUEUED') RETURNING id, created_at
       ), job AS (
         INSERT INTO preview_jobs (render_id, consumer_app_id, version_id, template_id, designer_id, spec_hash, revision, subject_revision, seed, likeness, likeness_end, backend, base_model, lora_key, node_classes, priority, state)
         SELECT render.id, $1, $3, $4, $14, $16, $15, 0, $10, $8, $19, $20, $21, $22, $23::text[], 'CONSUMER', 'QUEUED' FROM render
         RETURNING id
       ), touched AS (
         UPDATE assets SET last_used_at = now() WHERE id = $5 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
       )
       SELECT render.id, render.created_at, job.id AS job_id FROM render, job`,
      [
        appId,
        app.id,
        version.id,
        version.template_id,
        identity.id,
        identity.kind,
        trigger,
        likeness,
        JSON.stringify(slots),
        seed,
        input.webhookUrl ?? null,
        input.grossAmount ?? null,
        input.currency ?? null,
        version.owner_id,
        version.revision,
        version.spec_hash,
        isSpecStored ? null : JSON.stringify(spec),
        isSpecStored,
        likeness === min ? 'DEFAULT' : 'MAX',
        backend,
        spec.baseModel,
        loraKey,
        backend === 'comfyui' ? version.nodeClasses : [],
      ],
    )) as Array<{ id: string; created_at: Date; job_id: string }>;
    this.storedSpecs.set(version.spec_hash, true);
    // The answer is what was just written: a new render waits in the queue (its figures on request).
    return {
      id: created!.id,
      versionId: version.id,
      state: 'QUEUED',
      jobId: created!.job_id,
      progress: 0,
      imageUrl: null,
      error: null,
      likeness,
      seed,
      slots,
      grossAmount: input.grossAmount ?? null,
      currency: input.currency ?? null,
      usageStatus: null,
      usageMessage: null,
      notices: this.noticesOf({ version_state: version.state, version_number: version.number, current_version_id: version.current_version_id, current_version_number: version.current_version_number }),
      createdAt: created!.created_at,
      finishedAt: null,
    };
  }

  async getRender(app: ApiKeyPrincipal, id: string): Promise<RenderObject> {
    const [row] = (await this.dataSource.query(`${RENDER_SELECT} WHERE r.id = $1 AND r.consumer_app_id = $2`, [requireUuid(id, 'Render'), app.consumerAppId])) as RenderRow[];
    if (!row) throw notFound('Render', id);
    return (await this.toObjects([row]))[0]!;
  }

  /** Cancels a waiting or running render of the app (again: the same answer); a GPU running it finds its lease gone and stops. No webhook is sent. */
  async cancelRender(app: ApiKeyPrincipal, id: string): Promise<RenderObject> {
    const renderId = requireUuid(id, 'Render');
    await this.dataSource.transaction(async (m) => {
      const [owned] = (await m.query(`SELECT id FROM renders WHERE id = $1 AND consumer_app_id = $2`, [renderId, app.consumerAppId])) as Array<{ id: string }>;
      if (!owned) throw notFound('Render', id);
      const job = await m.findOne(PreviewJobEntity, { where: { renderId }, lock: { mode: 'pessimistic_write' } });
      const moved = job ? await cancelJob(m, job, 'Cancelled by the app.') : null;
      if (!job || !moved?.ok) {
        const state = job ? renderStateOf({ state: 'QUEUED', job_state: job.state }) : 'FAILED';
        throw reasonError('INVALID_STATE_TRANSITION', 'render.cancelFinished', { state }, { currentState: state });
      }
      // Cancelling twice is answered like the first time.
      if (moved.outcome === 'unchanged') return;
      await m.query(`UPDATE renders SET state = 'CANCELLED', finished_at = now() WHERE id = $1 AND state = 'QUEUED'`, [renderId]);
    });
    return this.getRender(app, renderId);
  }

  /** The app's renders, newest first, optionally of one state. */
  async listRenders(app: ApiKeyPrincipal, first: number | null | undefined, after: string | null | undefined, state: RenderState | null | undefined): Promise<ConnectionShape<RenderObject>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after);
    const params: unknown[] = [app.consumerAppId];
    const where = [`r.consumer_app_id = $1`];
    if (state) {
      params.push(state);
      where.push(`${renderStateSql('r', 'j')} = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ n: totalCount }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM renders r JOIN preview_jobs j ON j.render_id = r.id WHERE ${filter}`, params)) as Array<{ n: number }>;
    const pageParams = [...params];
    let keyset = '';
    if (cursor) {
      pageParams.push(cursor.sortKey, cursor.id);
      keyset = ` AND (r.created_at, r.id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`;
    }
    const rows = (await this.dataSource.query(`${RENDER_SELECT} WHERE ${filter}${keyset} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1}`, pageParams)) as RenderRow[];
    return toConnection(await this.toObjects(rows), limit, totalCount, (r) => r.createdAt.toISOString());
  }

  /** Where a waiting or running render stands: the same figures previews show (null once finished). */
  queueFiguresOf(render: RenderObject): Promise<{ position: number | null; etaSeconds: number | null }> {
    render.figures ??= (async () => {
      if (render.state !== 'QUEUED' && render.state !== 'RUNNING') return { position: null, etaSeconds: null };
      const job = await this.dataSource.manager.findOneBy(PreviewJobEntity, { id: render.jobId });
      if (!job) return { position: null, etaSeconds: null };
      const [figures] = await this.queueStats.queueFiguresOf([job]);
      return { position: render.state === 'QUEUED' ? (figures?.position ?? null) : null, etaSeconds: figures?.etaSeconds ?? null };
    })();
    return render.figures;
  }

  async toObjects(rows: RenderRow[]): Promise<RenderObject[]> {
    return Promise.all(
      rows.map(async (r) => {
        const state = renderStateOf(r);
        const imageUrl = state === 'SUCCEEDED' && r.output_key && !r.image_removed_at ? await this.storage.presignGet(r.output_key, RENDER_IMAGE_URL_SECONDS) : null;
        const notices = this.noticesOf(r);
        return {
          id: r.id,
          versionId: r.version_id,
          state,
          jobId: r.job_id,
          progress: state === 'SUCCEEDED' ? 1 : Number(r.job_progress),
          imageUrl,
          error: state === 'FAILED' ? (r.error ?? r.job_error ?? 'The render failed.') : null,
          likeness: r.likeness,
          seed: Number(r.seed),
          slots: r.slots,
          grossAmount: r.gross_minor === null ? null : Number(r.gross_minor),
          currency: r.currency,
          usageStatus: r.usage_status,
          usageMessage: r.usage_message,
          notices,
          createdAt: r.created_at,
          finishedAt: r.finished_at ?? (state === 'QUEUED' || state === 'RUNNING' ? null : (r.job_finished_at ?? null)),
        };
      }),
    );
  }

  // Published or superseded (pinned) versions render; drafts and versions in review are not the app's to see.
  // Cached briefly (apps render the same versions over and over): a published version's spec never
  // changes, and a publication or rollback elsewhere clears the cache (the catalog's cluster event).
  private async versionToRender(versionId: string): Promise<VersionToRender> {
    const id = requireUuid(versionId, 'Template version');
    const cached = this.versions.get(id);
    if (cached) return cached;
    const stamp = this.versions.stamp;
    const [version] = (await this.dataSource.query(
      `SELECT v.id, v.template_id, t.owner_id, v.number, v.state, v.revision, v.spec, v.spec_hash, t.published_version_id AS current_version_id,
              (SELECT c.number FROM template_versions c WHERE c.id = t.published_version_id) AS current_version_number,
              coalesce((SELECT array_agg(l.sha256 ORDER BY l.sha256) FROM loras l WHERE l.id = ANY(
                SELECT (x->>'loraId')::uuid FROM jsonb_array_elements(v.spec->'styleLoras') x)), '{}') AS style_hashes
         FROM template_versions v JOIN templates t ON t.id = v.template_id
        WHERE v.id = $1 AND v.state IN ('PUBLISHED', 'SUPERSEDED')`,
      [id],
    )) as Array<Omit<VersionToRender, 'styleHashes' | 'nodeClasses'> & { style_hashes: string[] }>;
    if (!version) throw notFound('Template version', versionId);
    const { style_hashes: styleHashes, ...facts } = version;
    const nodeClasses = this.config.previews.backend === 'comfyui' ? this.comfyGraphs.previewNodeClasses(facts.spec, facts.spec_hash) : [];
    const found: VersionToRender = { ...facts, styleHashes, nodeClasses };
    this.versions.set(id, found, stamp);
    return found;
  }

  private noticesOf(r: Pick<RenderRow, 'version_state' | 'version_number' | 'current_version_id' | 'current_version_number'>): RenderObject['notices'] {
    if (r.version_state !== 'SUPERSEDED' || !r.current_version_id) return [];
    return [
      {
        code: RenderNoticeCodeEnum.VERSION_SUPERSEDED,
        message: apiMessage('render.versionSuperseded', { number: r.version_number, currentNumber: r.current_version_number ?? '?' }),
        currentVersionId: r.current_version_id,
      },
    ];
  }

  private checkPrice(input: CreateRenderData): InputIssue[] {
    const hasAmount = input.grossAmount != null;
    const hasCurrency = input.currency != null;
    if (hasAmount !== hasCurrency) return [inputIssue(hasAmount ? 'currency' : 'grossAmount', 'render.amountAndCurrency')];
    if (!hasAmount) return [];
    const issues: InputIssue[] = [];
    if (!Number.isSafeInteger(input.grossAmount) || input.grossAmount! < 0 || input.grossAmount! > MAX_GROSS_MINOR) issues.push(inputIssue('grossAmount', 'render.grossAmountRange', { max: MAX_GROSS_MINOR }));
    const currencies = this.config.ledger.currencies;
    if (!currencies.includes(input.currency!)) issues.push(inputIssue('currency', 'render.currencyNotAccepted', { currency: input.currency!.slice(0, 10), currencies: currencies.join(', ') }));
    return issues;
  }

  private async checkWebhook(url: string): Promise<InputIssue[]> {
    const problem = await checkWebhookUrl(url, this.config.renders.webhookNetworks);
    if (!problem) return [];
    if (problem.kind === 'INVALID') return [inputIssue('webhookUrl', 'render.webhookUrlInvalid', { max: MAX_WEBHOOK_URL_LENGTH })];
    return [inputIssue('webhookUrl', problem.kind === 'NOT_ALLOWED' ? 'render.webhookUrlNotAllowed' : 'render.webhookHostUnknown', { host: problem.host.slice(0, 255) })];
  }
}

// The slot values a render fills the prompt with: those given (each one the recipe accepts), and a
// neutral person for the rest. An unknown slot or value is UNKNOWN_SLOT_VALUE, every one listed.
function checkSlots(raw: unknown): Record<PromptSlot, string> {
  if (raw == null) return { ...NEUTRAL_SLOT_VALUES };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badInputIssues([inputIssue('slots', 'render.slotsNotObject')]);
  const issues: InputIssue[] = [];
  const slots: Record<PromptSlot, string> = { ...NEUTRAL_SLOT_VALUES };
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const path = `slots.${name.slice(0, 40)}`;
    if (!(PROMPT_SLOTS as readonly string[]).includes(name)) {
      issues.push(inputIssue(path, 'render.slotUnknown', { slot: name.slice(0, 40), slots: PROMPT_SLOTS.join(', ') }));
      continue;
    }
    const slot = name as PromptSlot;
    if (typeof value !== 'string') {
      issues.push(inputIssue(path, 'render.slotNotText', { slot }));
      continue;
    }
    if (!isAcceptedSlotValue(slot, value)) {
      issues.push(inputIssue(path, 'render.slotValueInvalid', { slot, value: value.slice(0, 60), accepts: describeAcceptedSlotValues(slot) }));
      continue;
    }
    slots[slot] = value;
  }
  if (issues.length) {
    const first = issues[0]!;
    throw new AppError('UNKNOWN_SLOT_VALUE', first.message, { reason: first.reason, params: first.params, issues });
  }
  return slots;
}
