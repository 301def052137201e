import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { defaultSeedsForTemplate, nextJobState, type PreviewPriority } from '@atelier/preview-job';
import { apiMessage, type ApiMessageKey } from '@atelier/messages';
import type { TemplateSpec } from '@atelier/template-spec';
import { AppError, badInputIssues, forbidden, inputIssue, isUuid, notFound, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import { hasRole, type AuthUser } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { AuditService } from '../audit/audit.service.js';
import { ComfyGraphService } from '../comfy-graph/comfy-graph.service.js';
import { LoraEntity } from '../lora/lora.entity.js';
import { PreviewSubjectEntity } from '../preview-subject/preview-subject.entity.js';
import { PreviewSubjectService } from '../preview-subject/preview-subject.service.js';
import { TemplateService } from '../template/template.service.js';
import { TemplateVersionEntity } from '../template/template-version.entity.js';
import { PreviewBatchEntity, PreviewJobEntity, type LikenessEnd } from './preview-job.entity.js';
import { toSnapshot, applySnapshot } from './preview-job.snapshot.js';

export const MAX_SUBJECTS_PER_BATCH = 8;
const BASE_MODEL_NAMES = { sd15: 'SD1.5', sdxl: 'SDXL' } as const;
const MAX_SEEDS = 8;
// At most this many jobs in one update of a template's live feed (a reload after missed notifications).
const MAX_FEED_JOBS = 200;

// Which of a template's preview jobs a viewer follows live.
export interface TemplateFeedScope {
  templateId: string;
  // Owner and admins see drafts' previews; reviewers only those of frozen versions (as with previewBatch).
  includeDrafts: boolean;
}

export interface RequestPreviewsData {
  versionId: string;
  subjectIds?: string[] | null;
  seeds?: number[] | null;
  priority?: PreviewPriority | null;
  likenessEnds?: LikenessEnd[] | null;
}

/**
 * The renders a batch asks for per face, by the likeness ends asked for (default: DEFAULT only):
 * DEFAULT renders every seed at the spec's likeness default; MAX alongside it renders the first seed
 * again at the max, so reviewers compare the two ends of "more like me" on the same seed at the cost
 * of one more job per face, not twice the batch; MAX alone renders every seed at the max. A spec whose
 * max equals its default has one end (DEFAULT).
 */
export function chooseLikenessRenders(
  likeness: { default: number; max: number },
  seeds: readonly number[],
  ends: readonly LikenessEnd[] = ['DEFAULT'],
): Array<{ seed: number; likeness: number; end: LikenessEnd }> {
  const wantsDefault = ends.includes('DEFAULT') || !ends.length;
  const wantsMax = ends.includes('MAX') && likeness.max > likeness.default;
  const atDefault = seeds.map((seed) => ({ seed, likeness: likeness.default, end: 'DEFAULT' as const }));
  if (!wantsMax) return atDefault;
  if (!wantsDefault) return seeds.map((seed) => ({ seed, likeness: likeness.max, end: 'MAX' as const }));
  return seeds.length ? [...atDefault, { seed: seeds[0]!, likeness: likeness.max, end: 'MAX' as const }] : atDefault;
}

// The LoRA set a render needs loaded: the sorted file hashes of the style LoRAs and the subject's
// identity LoRA. Workers holding the same set render without a swap.
export function loraKeyFor(styleLoraHashes: string[], identityLoraHash: string): string {
  return [...new Set([...styleLoraHashes, identityLoraHash])].sort().join('+');
}

@Injectable()
export class PreviewJobService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateService,
    private readonly subjects: PreviewSubjectService,
    private readonly audit: AuditService,
    private readonly comfyGraphs: ComfyGraphService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  // One job per (subject, seed) at the likeness default, plus one per subject at the max (see
  // chooseLikenessRenders). Results already rendered for the same spec hash, face revision, seed,
  // likeness and backend are answered at once (cached, no GPU work); queued jobs of
  // older revisions of the same draft are cancelled.
  async requestPreviews(user: AuthUser, input: RequestPreviewsData): Promise<PreviewBatchEntity> {
    const version = await this.templates.getVersionForUser(user, requireUuid(input.versionId, 'Template version'));
    const template = (await this.dataSource.query(`SELECT owner_id FROM templates WHERE id = $1`, [version.templateId]))[0] as { owner_id: string };
    const isOwner = template.owner_id === user.id || hasRole(user, 'ADMIN');
    const priority = input.priority ?? (isOwner ? 'INTERACTIVE' : 'REVIEW');
    if (priority === 'CONSUMER') throw badInputIssues([inputIssue('priority', 'preview.consumerPriorityForApps')]);
    if (priority === 'REVIEW' && !hasRole(user, 'REVIEWER') && !hasRole(user, 'ADMIN')) throw reasonError('FORBIDDEN', 'preview.reviewRendersReviewersOnly');
    if (!isOwner && !hasRole(user, 'REVIEWER')) throw forbidden();

    const spec = version.spec as { baseModel: 'sd15' | 'sdxl'; styleLoras: Array<{ loraId: string }>; subject: { likeness: { default: number; max: number } } };
    const subjects = await this.chooseSubjects(input.subjectIds, spec.baseModel);
    const seeds = this.chooseSeeds(input.seeds, version.templateId);
    const renders = chooseLikenessRenders(spec.subject.likeness, seeds, input.likenessEnds ?? undefined);
    const styleHashes = spec.styleLoras.length ? (await this.dataSource.manager.findBy(LoraEntity, { id: In(spec.styleLoras.map((l) => l.loraId)) })).map((l) => l.sha256) : [];
    // Each face renders with its identity LoRA for the template's base model.
    const identityHashes = new Map<string, string>(
      (
        await this.dataSource.query(`SELECT l.subject_id AS id, a.sha256 FROM preview_subject_identity_loras l JOIN assets a ON a.id = l.asset_id WHERE l.subject_id = ANY($1) AND l.base_model = $2`, [
          subjects.map((s) => s.id),
          spec.baseModel,
        ])
      ).map((r: { id: string; sha256: string }) => [r.id, r.sha256]),
    );
    const backend = this.config.previews.backend;
    // What a GPU box must have to run these renders (the draft renderer needs nothing).
    const nodeClasses = backend === 'comfyui' ? this.comfyGraphs.previewNodeClasses(version.spec as TemplateSpec, version.specHash) : [];

    return this.dataSource.transaction(async (m) => {
      if (version.state === 'DRAFT') await this.supersedeOlderRevisions(m, version);
      const subjectIds = subjects.map((s) => s.id);
      // (Never a removed preview: its images were deleted for privacy.)
      // Only renders of the face as it is now (its gender, age and identity LoRAs) are reused.
      const isCurrent = (j: PreviewJobEntity) => j.subjectRevision === subjects.find((s) => s.id === j.subjectId)?.renderRevision;
      const rendered = (await m.find(PreviewJobEntity, { where: { specHash: version.specHash, backend, state: 'SUCCEEDED', cached: false, removedAt: IsNull(), subjectId: In(subjectIds) } })).filter(isCurrent);
      const keyOf = (subjectId: string, seed: number, likeness: number) => `${subjectId}:${seed}:${likeness}`;
      const renderedByKey = new Map(rendered.map((j) => [keyOf(j.subjectId!, j.seed, j.likeness), j]));
      // Only jobs that will wait count (answers from earlier renders cost nothing), and only after
      // superseding, whose cancelled jobs free room.
      const answeredAtOnce = subjects.flatMap((s) => renders.filter((r) => renderedByKey.has(keyOf(s.id, r.seed, r.likeness)))).length;
      await this.checkQueueQuota(m, { id: user.id, isAdmin: hasRole(user, 'ADMIN'), isCaller: true }, subjects.length * renders.length - answeredAtOnce);
      const batch = await m.save(m.create(PreviewBatchEntity, { versionId: version.id, specHash: version.specHash, priority, requestedBy: user.id }));
      // The jobs render this spec even if the draft is saved again before they run.
      await m.query(`INSERT INTO preview_specs (spec_hash, spec) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [version.specHash, JSON.stringify(version.spec)]);
      // The same render already queued or running (another batch asked first): follow it instead of
      // rendering twice; its result completes this job too.
      const inFlight = (await m.find(PreviewJobEntity, { where: { specHash: version.specHash, backend, state: In(['QUEUED', 'LEASED']), cached: false, sourceJobId: IsNull(), subjectId: In(subjectIds) } })).filter(isCurrent);
      const inFlightByKey = new Map(inFlight.map((j) => [keyOf(j.subjectId!, j.seed, j.likeness), j]));
      for (const subject of subjects) {
        for (const { seed, likeness, end } of renders) {
          const done = renderedByKey.get(keyOf(subject.id, seed, likeness));
          await m.insert(PreviewJobEntity, {
            batchId: batch.id,
            versionId: version.id,
            templateId: version.templateId,
            designerId: template.owner_id,
            specHash: version.specHash,
            revision: version.revision,
            subjectId: subject.id,
            subjectRevision: subject.renderRevision,
            seed,
            likeness,
            likenessEnd: end,
            backend,
            baseModel: spec.baseModel,
            loraKey: loraKeyFor(styleHashes, identityHashes.get(subject.id) ?? ''),
            nodeClasses,
            priority,
            state: done ? 'SUCCEEDED' : 'QUEUED',
            cached: !!done,
            outputAssetId: done?.outputAssetId ?? null,
            thumbnailAssetId: done?.thumbnailAssetId ?? null,
            sourceJobId: done?.id ?? inFlightByKey.get(keyOf(subject.id, seed, likeness))?.id ?? null,
            progress: done ? 1 : 0,
            finishedAt: done ? new Date() : null,
          });
        }
      }
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'preview_batch.requested', entityType: 'preview_batch', entityId: batch.id, after: { versionId: version.id, specHash: version.specHash, priority, subjects: subjects.length, seeds, likeness: spec.subject.likeness } });
      return batch;
    });
  }

  // Refuses (QUOTA_EXCEEDED) a request that would leave more of the holder's jobs queued or rendering
  // than their quota, so one person cannot fill the GPU queue. Holds a per-person lock until the
  // transaction ends: two requests at once are counted one after the other, never both against the
  // same room. Admins (bulk re-renders) have a larger quota, still bounded. Rendering a job again
  // counts the same way, for the person who asked for it.
  private async checkQueueQuota(m: EntityManager, holder: QuotaHolder, adding: number, kind: 'request' | 'render-again' = 'request'): Promise<void> {
    if (adding <= 0) return;
    const quota = holder.isAdmin ? this.config.previews.queueQuota.perAdmin : this.config.previews.queueQuota.perUser;
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`preview-quota:${holder.id}`]);
    const [{ n: waiting }]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM preview_jobs j JOIN preview_batches b ON b.id = j.batch_id WHERE b.requested_by = $1 AND j.state IN ('QUEUED', 'LEASED')`,
      [holder.id],
    );
    if (waiting + adding <= quota) return;
    // "1 preview" and "N previews" are two sentences.
    const isOne = waiting === 1;
    let reason: ApiMessageKey;
    if (kind === 'render-again') {
      if (holder.isCaller) reason = isOne ? 'preview.quotaRenderAgainOne' : 'preview.quotaRenderAgain';
      else reason = isOne ? 'preview.quotaRenderAgainForOtherOne' : 'preview.quotaRenderAgainForOther';
    } else {
      // More than the quota on its own (so at least 2).
      if (adding > quota) reason = 'preview.quotaRequestTooBig';
      else reason = isOne ? 'preview.quotaFullOne' : 'preview.quotaFull';
    }
    const params = { waiting, requested: adding, quota };
    // (reasonError, with the developer's line for the logs.)
    throw new AppError('QUOTA_EXCEEDED', apiMessage(reason, params), { ...params, reason, params }, `Preview queue quota: user ${holder.id} has ${waiting} waiting, asked for ${adding} (${kind}), quota ${quota}.`);
  }

  private async supersedeOlderRevisions(m: EntityManager, version: TemplateVersionEntity): Promise<void> {
    const older = await m
      .createQueryBuilder(PreviewJobEntity, 'j')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`j.version_id = :id AND j.revision < :revision AND j.state = 'QUEUED'`, { id: version.id, revision: version.revision })
      .getMany();
    const now = Date.now();
    for (const job of older) {
      const moved = nextJobState(toSnapshot(job), { type: 'cancel' }, now);
      if (!moved.ok) continue;
      await m.update(PreviewJobEntity, { id: job.id, state: 'QUEUED' }, { ...applySnapshot(moved.next), lastError: `Superseded by revision ${version.revision}.`, finishedAt: new Date(now) });
      await releaseFollowers(m, job.id);
    }
  }

  // The faces to render a template of `baseModel` on: by default every usable face with an identity
  // LoRA for that base model; asked for by id, a face without one is refused (IDENTITY_LORA_MISSING)
  // rather than rendered with a LoRA of the other base model, which would show no likeness.
  private async chooseSubjects(ids: string[] | null | undefined, baseModel: 'sd15' | 'sdxl'): Promise<PreviewSubjectEntity[]> {
    const model = BASE_MODEL_NAMES[baseModel];
    if (!ids?.length) {
      const all = (await this.subjects.usableFor(baseModel)).slice(0, MAX_SUBJECTS_PER_BATCH);
      if (!all.length) throw badInputIssues([inputIssue('subjectIds', 'preview.noUsableSubjects', { baseModel: model })]);
      return all;
    }
    const unique = [...new Set(ids)];
    if (unique.length > MAX_SUBJECTS_PER_BATCH) throw badInputIssues([inputIssue('subjectIds', 'preview.tooManySubjects', { max: MAX_SUBJECTS_PER_BATCH })]);
    const wanted = unique.filter(isUuid);
    const usable = await this.dataSource.manager.find(PreviewSubjectEntity, { where: { active: true, consentExpiresAt: MoreThan(new Date()), id: In(wanted) } });
    const issues: InputIssue[] = unique.flatMap((id, i) => (usable.some((s) => s.id === id) ? [] : [inputIssue(`subjectIds.${i}`, 'preview.subjectNotUsable')]));
    if (issues.length) throw badInputIssues(issues);
    const withLora = new Set((await this.subjects.usableFor(baseModel, wanted)).map((s) => s.id));
    const lacking = usable.filter((s) => !withLora.has(s.id));
    if (lacking.length) {
      const names = lacking.map((s) => s.name).join(', ');
      throw reasonError('IDENTITY_LORA_MISSING', 'preview.identityLoraMissing', { names, baseModel: model }, {
        baseModel,
        subjectIds: lacking.map((s) => s.id),
        subjectNames: lacking.map((s) => s.name),
        issues: lacking.map((s) => inputIssue(`subjectIds.${unique.indexOf(s.id)}`, 'preview.noIdentityLora', { baseModel: model })),
      });
    }
    return usable;
  }

  private chooseSeeds(seeds: number[] | null | undefined, templateId: string): number[] {
    if (!seeds?.length) return defaultSeedsForTemplate(templateId);
    const unique = [...new Set(seeds)];
    const issues: InputIssue[] = [];
    if (unique.length > MAX_SEEDS) issues.push(inputIssue('seeds', 'preview.tooManySeeds', { max: MAX_SEEDS }));
    unique.forEach((s, i) => {
      if (!Number.isSafeInteger(s) || s < 0) issues.push(inputIssue(`seeds.${i}`, 'preview.seedInvalid'));
    });
    if (issues.length) throw badInputIssues(issues);
    return unique;
  }

  async getBatch(user: AuthUser, id: string): Promise<PreviewBatchEntity> {
    const batch = await this.dataSource.manager.findOneBy(PreviewBatchEntity, { id: requireUuid(id, 'Preview batch') });
    if (!batch) throw notFound('Preview batch', id);
    await this.templates.getVersionForUser(user, batch.versionId).catch(() => {
      throw notFound('Preview batch', id);
    });
    return batch;
  }

  // Whoever may read the template may follow its previews (the rule of the template query).
  async getTemplateFeedScope(user: AuthUser, templateId: string): Promise<TemplateFeedScope> {
    const template = await this.templates.getTemplateForUser(user, templateId);
    return { templateId: template.id, includeDrafts: this.templates.canEdit(user, template) };
  }

  // The scope's jobs among jobIds; after missed notifications (missedSince) also every job that may
  // have changed since: those still queued or running and those finished since then.
  async changedJobsOfTemplate(scope: TemplateFeedScope, jobIds: string[], missedSince: Date | null): Promise<PreviewJobEntity[]> {
    if (!jobIds.length && !missedSince) return [];
    const query = this.dataSource.manager
      .createQueryBuilder(PreviewJobEntity, 'j')
      .where('j.templateId = :templateId', { templateId: scope.templateId })
      // Consumer apps' renders of the template are theirs alone: never in a designer's feed.
      .andWhere('j.renderId IS NULL')
      .andWhere(
        new Brackets((w) => {
          if (jobIds.length) w.orWhere('j.id IN (:...jobIds)', { jobIds });
          if (missedSince) w.orWhere(`(j.state IN ('QUEUED', 'LEASED') OR j.finishedAt >= :missedSince)`, { missedSince });
        }),
      );
    if (!scope.includeDrafts) query.innerJoin(TemplateVersionEntity, 'v', `v.id = j.versionId AND v.state <> 'DRAFT'`);
    return query.orderBy('j.createdAt', 'ASC').addOrderBy('j.subjectId', 'ASC').addOrderBy('j.seed', 'ASC').limit(MAX_FEED_JOBS).getMany();
  }

  jobsOfBatch(batchId: string): Promise<PreviewJobEntity[]> {
    // A seed's likeness ends side by side.
    return this.dataSource.manager.find(PreviewJobEntity, { where: { batchId }, order: { createdAt: 'ASC', subjectId: 'ASC', seed: 'ASC', likeness: 'ASC' } });
  }

  // Cancel (a queued or rendering job) or render again (a failed, dead or cancelled one): the person
  // who asked for it, the template's owner and admins may. Others who can see the job (reviewers, on
  // a submitted version) are refused (FORBIDDEN); to anyone else it does not exist. A render again
  // counts against the queue quota of the person who asked for it, whose waiting job it becomes again.
  async changeJob(user: AuthUser, id: string, event: 'cancel' | 'retry'): Promise<PreviewJobEntity> {
    return this.dataSource.transaction(async (m) => {
      const job = await m.findOne(PreviewJobEntity, { where: { id: requireUuid(id, 'Preview job') }, lock: { mode: 'pessimistic_write' } });
      // A consumer app's render is the app's alone (cancelRender), never a designer's to see or change.
      if (!job || !job.batchId || job.renderId) throw notFound('Preview job', id);
      const batch = await m.findOneByOrFail(PreviewBatchEntity, { id: job.batchId });
      if (!hasRole(user, 'ADMIN') && job.designerId !== user.id && batch.requestedBy !== user.id) {
        // Reviewers see the previews of frozen versions (as with previewBatch); drafts stay hidden.
        const version = await m.findOneByOrFail(TemplateVersionEntity, { id: job.versionId });
        if (!hasRole(user, 'REVIEWER') || version.state === 'DRAFT') throw notFound('Preview job', id);
        throw reasonError('FORBIDDEN', event === 'cancel' ? 'preview.cancelNotYours' : 'preview.renderAgainNotYours');
      }
      const moved = nextJobState(toSnapshot(job), { type: event }, Date.now());
      if (!moved.ok) throw reasonError('INVALID_STATE_TRANSITION', refusedChangeReason(job, event), {}, { currentState: job.state });
      if (event === 'retry') {
        await this.checkRenderAgain(m, job);
        const requester = await this.requesterOf(m, batch.requestedBy, user);
        await this.checkQueueQuota(m, requester, 1, 'render-again');
      }
      await m.update(PreviewJobEntity, { id }, { ...applySnapshot(moved.next), ...(event === 'cancel' ? { finishedAt: new Date() } : { lastError: null, finishedAt: null, startedAt: null, progress: 0, sourceJobId: null }) });
      // Jobs that were following this render now render themselves.
      if (event === 'cancel') await releaseFollowers(m, id);
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: `preview_job.${event}`, entityType: 'preview_job', entityId: id, before: { state: job.state }, after: { state: moved.next.state } });
      return m.findOneByOrFail(PreviewJobEntity, { id });
    });
  }

  // A job rendered again must still show what it was asked for: its face unchanged and still
  // consenting, and (on a draft) the draft's spec as it is now. Otherwise: ask for new previews.
  // `refusal` says why for machines (extensions.reason is the sentence's reason).
  private async checkRenderAgain(m: EntityManager, job: PreviewJobEntity): Promise<void> {
    const refuse = (refusal: string, reason: ApiMessageKey, params: Record<string, string> = {}) => reasonError('INVALID_STATE_TRANSITION', reason, params, { currentState: job.state, refusal });
    if (job.removedAt) throw refuse('SUBJECT_REMOVED', 'preview.renderAgainRemoved');
    const version = await m.findOneByOrFail(TemplateVersionEntity, { id: job.versionId });
    if (version.specHash !== job.specHash) throw refuse('SPEC_CHANGED', 'preview.renderAgainSpecChanged');
    const subjectId = job.subjectId!;
    const [subject] = await this.subjects.usableFor(job.baseModel, [subjectId]);
    if (!subject) {
      const name = (await m.findOneBy(PreviewSubjectEntity, { id: subjectId }))?.name;
      const baseModel = BASE_MODEL_NAMES[job.baseModel];
      throw name === undefined ? refuse('SUBJECT_NOT_USABLE', 'preview.renderAgainFaceUnusable', { baseModel }) : refuse('SUBJECT_NOT_USABLE', 'preview.renderAgainSubjectUnusable', { name, baseModel });
    }
    if (subject.renderRevision !== job.subjectRevision) throw refuse('SUBJECT_CHANGED', 'preview.renderAgainSubjectChanged', { name: subject.name });
  }

  // The person a re-queued job counts for (the one who asked for it), with their quota.
  private async requesterOf(m: EntityManager, requesterId: string, caller: AuthUser): Promise<QuotaHolder> {
    if (requesterId === caller.id) return { id: caller.id, isAdmin: hasRole(caller, 'ADMIN'), isCaller: true };
    const [row]: Array<{ roles: string[] }> = await m.query(`SELECT roles FROM users WHERE id = $1`, [requesterId]);
    return { id: requesterId, isAdmin: !!row?.roles.includes('ADMIN'), isCaller: false };
  }
}

interface QuotaHolder {
  id: string;
  isAdmin: boolean;
  // The caller themselves, or someone whose job the caller renders again.
  isCaller: boolean;
}

// Why a job cannot be cancelled or rendered again in its state, as a reason for the designer.
function refusedChangeReason(job: PreviewJobEntity, event: 'cancel' | 'retry'): ApiMessageKey {
  if (event === 'cancel') return job.state === 'SUCCEEDED' ? 'preview.cancelFinished' : 'preview.cancelFailed';
  if (job.state === 'SUCCEEDED') return 'preview.renderAgainSucceeded';
  return job.state === 'QUEUED' ? 'preview.renderAgainQueued' : 'preview.renderAgainRendering';
}

// Followers of a render that will not succeed go back to being ordinary queued jobs.
export async function releaseFollowers(m: EntityManager, sourceJobId: string): Promise<void> {
  await m.update(PreviewJobEntity, { sourceJobId, state: 'QUEUED' }, { sourceJobId: null });
}
