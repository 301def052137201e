import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComfyCompileError, type PromptSlotValues } from '@atelier/comfy-compile';
import type { LeasedJob } from '@atelier/preview-job';
import { identityModeOf, type TemplateSpec } from '@atelier/template-spec';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import { AppError } from '../../common/app-error.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { StorageService } from '../asset/storage.service.js';
import { ComfyGraphService, previewSlotValues } from '../comfy-graph/comfy-graph.service.js';
import type { SubjectGender } from '../preview-subject/preview-subject.entity.js';

export const URL_TTL_SECONDS = 30 * 60;
/**
 * How long an output URL works: about one lease (at least a minute). Workers ask for a fresh one
 * (POST /v1/jobs/{id}/output) right before the PUT, so a worker that stalled past its lease cannot
 * upload; the privacy sweep removes anything put there late all the same.
 */
export function outputUrlSeconds(leaseSeconds: number): number {
  return Math.max(60, leaseSeconds + 15);
}
// A cached presigned GET is handed out for at most this long, so every URL a worker gets is valid
// for at least 25 more minutes.
const URL_REUSE_MS = 5 * 60_000;
// Subjects can be withdrawn (the lease re-checks that in SQL) and edited (a new render revision, so
// a new key here); files of LoRAs and references never change once READY, so their rows are kept a
// little longer. A LoRA's name and trigger words can change: every API process hears of it.
const SUBJECT_TTL_MS = 10_000;
const FILE_TTL_MS = 60_000;

/** What a lease needs of the job row. */
export interface LeasedJobRow {
  id: string;
  versionId: string;
  specHash: string;
  // A designer's preview renders a preview subject; a consumer app's render (CONSUMER) its render's identity.
  subjectId: string | null;
  renderId: string | null;
  subjectRevision: number;
  seed: number;
  // The identity LoRA strength this preview renders at (the spec's likeness default or max).
  likeness: number;
  baseModel: 'sd15' | 'sdxl';
  backend: 'comfyui' | 'draft';
  attempts: number;
  leaseId: string;
  leaseExpiresAt: Date;
}

interface SubjectFiles {
  id: string;
  name: string;
  slots: PromptSlotValues;
  // Null for a consumer render whose identity is a face photo (InstantID templates).
  identity: { sha256: string; objectKey: string; triggerWord: string | null } | null;
  // A consumer render's face photo (InstantID); preview subjects' photos are read per lease instead.
  facePhotoKey?: string | null;
}

// An identity file name the compiler is given where the graph loads none (InstantID: the face photo is the identity).
const NO_IDENTITY_LORA = '0'.repeat(64);

interface StyleLoraFile {
  id: string;
  name: string;
  sha256: string;
  triggerWords: string[];
  objectKey: string;
}

// Builds the lease answer: the spec the job was requested for (stored once per hash), the files'
// presigned URLs and, for ComfyUI, the compiled graph. Leasing is the queue's hot path, so what
// does not change between jobs is kept in memory: specs by hash (immutable), LoRA and reference
// files, subjects briefly, and presigned GETs for a few minutes of their 30.
@Injectable()
export class LeasePayloadService {
  private readonly specs = new ExpiringCache<TemplateSpec>(24 * 3600_000, 2000);
  private readonly subjects = new ExpiringCache<SubjectFiles>(SUBJECT_TTL_MS, 1000);
  private readonly styleLoras = new ExpiringCache<StyleLoraFile | null>(FILE_TTL_MS, 2000);
  private readonly references = new ExpiringCache<string | null>(FILE_TTL_MS, 2000);
  private readonly urls = new ExpiringCache<string>(URL_REUSE_MS, 5000);

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly comfyGraphs: ComfyGraphService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    cluster: ClusterEventsService,
  ) {
    cluster.subscribe('lora', { apply: (event) => this.styleLoras.delete(event.id), resync: () => this.styleLoras.clear() });
  }

  async describeLease(job: LeasedJobRow): Promise<LeasedJob> {
    const spec = await this.specOf(job.specHash);
    const [subject, loras, referenceKey] = await Promise.all([
      job.renderId ? this.renderIdentityOf(job.renderId) : this.subjectOf(job.subjectId!, job.baseModel, job.subjectRevision),
      this.styleLorasOf(spec),
      spec.reference ? this.referenceKeyOf(spec.reference.assetId) : null,
    ]);
    const isInstantId = job.backend === 'comfyui' && identityModeOf(spec) === 'instantid';
    const facePhotoKey = !isInstantId ? null : job.renderId ? (subject.facePhotoKey ?? null) : await this.facePhotoKeyOf(job.subjectId!);
    const comfy = job.backend === 'comfyui' ? this.compilePreviewGraph(spec, job, subject, loras, facePhotoKey) : {};
    const [identityUrl, loraUrls, referenceImageUrl, uploadUrl, facePhotoUrl] = await Promise.all([
      subject.identity ? this.urlOf(subject.identity.objectKey) : null,
      Promise.all(loras.map((l) => this.urlOf(l.objectKey))),
      referenceKey ? this.urlOf(referenceKey) : null,
      this.storage.presignPut(previewOutputKey(job.id, job.leaseId), outputUrlSeconds(this.config.previews.leaseSeconds)),
      // A face photo's URL is never cached or reused: each lease gets its own, valid for about that lease.
      facePhotoKey && 'comfy' in comfy && comfy.comfy ? this.storage.presignGet(facePhotoKey, outputUrlSeconds(this.config.previews.leaseSeconds)) : null,
    ]);
    return {
      leaseId: job.leaseId,
      leaseExpiresAt: job.leaseExpiresAt.toISOString(),
      leaseSeconds: this.config.previews.leaseSeconds,
      job: {
        id: job.id,
        versionId: job.versionId,
        specHash: job.specHash,
        spec,
        seed: job.seed,
        baseModel: job.baseModel,
        attempt: job.attempts,
        subject: {
          id: subject.id,
          name: subject.name,
          identityLora: subject.identity && identityUrl ? { sha256: subject.identity.sha256, url: identityUrl } : null,
          ...(facePhotoUrl ? { facePhoto: { url: facePhotoUrl } } : {}),
        },
        styleLoras: loras.map((l, i) => ({ loraId: l.id, name: l.name, sha256: l.sha256, triggerWords: l.triggerWords, url: loraUrls[i]! })),
        referenceImageUrl,
        ...comfy,
      },
      output: { uploadUrl, uploadHeaders: { 'Content-Type': 'image/png' } },
    };
  }

  /** The spec a job renders: the one its hash names, as stored when previews were requested. */
  async specOf(specHash: string): Promise<TemplateSpec> {
    const cached = this.specs.get(specHash);
    if (cached) return cached;
    const [row] = (await this.dataSource.query(`SELECT spec FROM preview_specs WHERE spec_hash = $1`, [specHash])) as Array<{ spec: TemplateSpec }>;
    if (!row) throw new AppError('INTERNAL', `No stored spec for hash ${specHash}`);
    this.specs.set(specHash, row.spec);
    return row.spec;
  }

  // The face and its identity LoRA for the job's base model (the one the job was queued with).
  // Cached by the face's render revision: an edited face is read afresh.
  private async subjectOf(subjectId: string, baseModel: 'sd15' | 'sdxl', revision: number): Promise<SubjectFiles> {
    const key = `${subjectId}:${baseModel}:${revision}`;
    const cached = this.subjects.get(key);
    if (cached) return cached;
    const [row] = (await this.dataSource.query(
      `SELECT s.id, s.name, s.gender, s.age_years, l.trigger_word, a.sha256, a.object_key
         FROM preview_subjects s JOIN preview_subject_identity_loras l ON l.subject_id = s.id AND l.base_model = $2 JOIN assets a ON a.id = l.asset_id
        WHERE s.id = $1`,
      [subjectId, baseModel],
    )) as Array<{ id: string; name: string; gender: SubjectGender; age_years: number | null; trigger_word: string | null; sha256: string; object_key: string }>;
    if (!row) throw new AppError('INTERNAL', `Preview subject ${subjectId} has no ${baseModel} identity LoRA`);
    const subject = { id: row.id, name: row.name, slots: previewSlotValues({ gender: row.gender, ageYears: row.age_years }), identity: { sha256: row.sha256, objectKey: row.object_key, triggerWord: row.trigger_word } };
    this.subjects.set(key, subject);
    return subject;
  }

  // A consumer render's identity, as its app uploaded it (read at every lease: an app may delete it,
  // which cancels the render's job) and the prompt slots it asked for.
  private async renderIdentityOf(renderId: string): Promise<SubjectFiles> {
    const [row] = (await this.dataSource.query(
      `SELECT r.id, r.slots, r.identity_trigger_word, a.kind, a.sha256, a.object_key
         FROM renders r JOIN assets a ON a.id = r.identity_asset_id AND a.state = 'READY' WHERE r.id = $1`,
      [renderId],
    )) as Array<{ id: string; slots: PromptSlotValues; identity_trigger_word: string | null; kind: string; sha256: string; object_key: string }>;
    if (!row) throw new AppError('INTERNAL', `Render ${renderId} has no identity to render`);
    const isLora = row.kind === 'IDENTITY_LORA';
    return {
      id: row.id,
      name: 'End user',
      slots: row.slots,
      identity: isLora ? { sha256: row.sha256, objectKey: row.object_key, triggerWord: row.identity_trigger_word } : null,
      facePhotoKey: isLora ? null : row.object_key,
    };
  }

  // The subject's first consented face photo (the admin's order) that finished uploading; read at every
  // lease of an InstantID job, so a photo removed from the subject is never handed out again.
  private async facePhotoKeyOf(subjectId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT a.object_key FROM preview_subject_photos p JOIN assets a ON a.id = p.asset_id
        WHERE p.subject_id = $1 AND a.state = 'READY' ORDER BY p.position LIMIT 1`,
      [subjectId],
    )) as Array<{ object_key: string }>;
    return row?.object_key ?? null;
  }

  // In the spec's order; a LoRA gone from the registry is left out (the compiler then says so).
  private async styleLorasOf(spec: TemplateSpec): Promise<StyleLoraFile[]> {
    const ids = spec.styleLoras.map((l) => l.loraId);
    const found = new Map(ids.map((id) => [id, this.styleLoras.get(id)]));
    const missing = ids.filter((id) => found.get(id) === undefined);
    if (missing.length) {
      const stamp = this.styleLoras.stamp;
      const rows = (await this.dataSource.query(
        `SELECT l.id, l.name, l.sha256, l.trigger_words, a.object_key FROM loras l JOIN assets a ON a.id = l.file_asset_id WHERE l.id = ANY($1::uuid[])`,
        [missing],
      )) as Array<{ id: string; name: string; sha256: string; trigger_words: string[]; object_key: string }>;
      for (const id of missing) {
        const r = rows.find((row) => row.id === id);
        const lora = r ? { id: r.id, name: r.name, sha256: r.sha256, triggerWords: r.trigger_words, objectKey: r.object_key } : null;
        this.styleLoras.set(id, lora, stamp);
        found.set(id, lora);
      }
    }
    return ids.map((id) => found.get(id)).filter((l): l is StyleLoraFile => !!l);
  }

  private async referenceKeyOf(assetId: string): Promise<string | null> {
    const cached = this.references.get(assetId);
    if (cached !== undefined) return cached;
    const [row] = (await this.dataSource.query(`SELECT object_key, state FROM assets WHERE id = $1`, [assetId])) as Array<{ object_key: string; state: string }>;
    const key = row?.state === 'READY' ? row.object_key : null;
    // Only a READY reference is kept (a pending one may become READY any moment).
    if (key) this.references.set(assetId, key);
    return key;
  }

  private async urlOf(objectKey: string): Promise<string> {
    const cached = this.urls.get(objectKey);
    if (cached) return cached;
    const url = await this.storage.presignGet(objectKey, URL_TTL_SECONDS);
    this.urls.set(objectKey, url);
    return url;
  }

  // A spec the compiler refuses (say, a style LoRA gone from the registry) fails this job on the
  // worker with the compiler's sentence, rather than failing the lease call over and over.
  private compilePreviewGraph(spec: TemplateSpec, job: LeasedJobRow, subject: SubjectFiles, loras: StyleLoraFile[], facePhotoKey: string | null): Pick<LeasedJob['job'], 'comfy' | 'comfyError'> {
    if (identityModeOf(spec) === 'instantid' && !facePhotoKey) {
      return { comfy: null, comfyError: `This template renders the face with InstantID, and the ${job.renderId ? "render's identity" : 'preview subject'} has no face photo to take it from` };
    }
    try {
      const styleLoras = loras.map((l) => ({ id: l.id, sha256: l.sha256, triggerWords: l.triggerWords }));
      const identity = { identityLoraSha256: subject.identity?.sha256 ?? NO_IDENTITY_LORA, identityTriggerWord: subject.identity?.triggerWord ?? null };
      return { comfy: this.comfyGraphs.previewGraph(spec, job.specHash, { id: job.id, seed: job.seed, likeness: job.likeness, ...identity, styleLoras, slots: subject.slots }) };
    } catch (error) {
      if (error instanceof ComfyCompileError) return { comfy: null, comfyError: error.message };
      throw error;
    }
  }
}

/** Where a lease's worker PUTs its image (one key per lease, so a late upload of a lost lease never lands on the next one). */
export function previewOutputKey(jobId: string, leaseId: string): string {
  return `preview-output/${jobId}/${leaseId}.png`;
}
