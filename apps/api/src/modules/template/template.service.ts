import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeSpecHash, makeDefaultTemplateSpec, validateTemplateSpec, type TemplateSpec } from '@atelier/template-spec';
import type { ApiMessageKey, MessageParams } from '@atelier/messages';
import { badInputIssues, inputIssue, notFound, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import { hasRole, type AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { LoraService } from '../lora/lora.service.js';
import { AssetService } from '../asset/asset.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { TemplateCategoryService } from './template-category.service.js';
import { TemplateRepository, type TemplateListQuery } from './template.repository.js';
import { TemplateEntity } from './template.entity.js';
import { TemplateVersionEntity } from './template-version.entity.js';
import { PreviewJobEntity } from '../preview-job/preview-job.entity.js';
import { invalidTransition, revisionConflict } from './template.errors.js';
import { nextVersionState, type VersionEvent } from './version-lifecycle.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './dto/template.inputs.js';

const MAX_TAGS = 20;
const MAX_TAG = 40;
const MAX_DESCRIPTION = 4000;

function userActor(user: AuthUser) {
  return { kind: 'USER' as const, id: user.id };
}

// Orchestrates template and version changes: load -> check -> call libs -> save + audit, each in
// one transaction that first locks the template row.
@Injectable()
export class TemplateService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly audit: AuditService,
    private readonly loras: LoraService,
    private readonly assets: AssetService,
    private readonly catalog: CatalogService,
    private readonly categories: TemplateCategoryService,
  ) {}

  // Runs a catalog-changing transaction and, once it committed, drops cached catalog answers in
  // every API process.
  private async changeCatalog<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.templates.transaction(work);
    await this.catalog.invalidate();
    return result;
  }

  // ---- reading ---------------------------------------------------------------------------

  canEdit(user: AuthUser, template: TemplateEntity): boolean {
    return template.ownerId === user.id || hasRole(user, 'ADMIN');
  }

  async getTemplateForUser(user: AuthUser, id: string): Promise<TemplateEntity> {
    const template = await this.templates.findTemplate(requireUuid(id, 'Template'));
    if (!template) throw notFound('Template', id);
    if (this.canEdit(user, template)) return template;
    // Reviewers see templates that have something for them to review (any frozen version).
    if (hasRole(user, 'REVIEWER')) {
      if (await this.templates.hasFrozenVersion(template.id)) return template;
    }
    throw notFound('Template', id);
  }

  async getVersionForUser(user: AuthUser, id: string): Promise<TemplateVersionEntity> {
    const version = await this.templates.findVersion(requireUuid(id, 'Template version'));
    if (!version) throw notFound('Template version', id);
    const template = await this.templates.findTemplate(version.templateId);
    if (template && this.canEdit(user, template)) return version;
    if (hasRole(user, 'REVIEWER') && version.state !== 'DRAFT') return version;
    throw notFound('Template version', id);
  }

  listOwnedTemplates(query: TemplateListQuery) {
    return this.templates.listOwnedTemplates(query);
  }

  listReviewQueue(limit: number, after: string | null | undefined) {
    return this.templates.listSubmittedVersions(limit, after);
  }

  // ---- changing --------------------------------------------------------------------------

  async createTemplate(user: AuthUser, input: CreateTemplateInput): Promise<TemplateEntity> {
    const meta = this.checkTemplateMeta(input);
    const categoryIssue = await this.categories.problemWith(meta.category, null);
    if (categoryIssue) throw badInputIssues([categoryIssue]);
    const spec = await this.checkSpec(input.spec ?? makeDefaultTemplateSpec(input.baseModel), input.baseModel, user);
    return this.templates.transaction(async (m) => {
      const { template, version } = await this.insertTemplateWithDraft(
        m,
        user,
        { title: meta.title!, description: meta.description ?? '', tags: meta.tags ?? [], category: meta.category ?? null, baseModel: input.baseModel },
        spec as unknown as Record<string, unknown>,
        computeSpecHash(spec),
      );
      await this.audit.record(m, { actor: userActor(user), action: 'template.created', entityType: 'template', entityId: template.id, after: { title: template.title, baseModel: template.baseModel, firstVersionId: version.id } });
      return template;
    });
  }

  // A new template owned by the caller, starting as a draft of the source's newest version's spec
  // (copied as it was saved; submitting re-checks it against today's registry), with the source's
  // base model, description, tags and category. The source is only read.
  async duplicateTemplate(user: AuthUser, templateId: string, title?: string | null): Promise<TemplateEntity> {
    const id = requireUuid(templateId, 'Template');
    const source = await this.templates.findTemplate(id);
    if (!source || !this.canEdit(user, source)) throw notFound('Template', templateId);
    const meta = this.checkTemplateMeta({ title: title ?? copyTitleOf(source.title) });
    return this.templates.transaction(async (m) => {
      const latest = await this.templates.findLatestVersion(source.id, m);
      if (!latest) throw notFound('Template', templateId);
      const { template, version } = await this.insertTemplateWithDraft(
        m,
        user,
        { title: meta.title!, description: source.description, tags: source.tags, category: source.category, baseModel: source.baseModel },
        latest.spec,
        latest.specHash,
      );
      await this.audit.record(m, { actor: userActor(user), action: 'template.duplicated', entityType: 'template', entityId: template.id, before: { sourceTemplateId: source.id, sourceVersionId: latest.id }, after: { title: template.title, firstVersionId: version.id } });
      return template;
    });
  }

  // A new template owned by the caller with its first version: a draft of `spec` at revision 1.
  private async insertTemplateWithDraft(
    m: EntityManager,
    user: AuthUser,
    fields: Pick<TemplateEntity, 'title' | 'description' | 'tags' | 'category' | 'baseModel'>,
    spec: Record<string, unknown>,
    specHash: string,
  ): Promise<{ template: TemplateEntity; version: TemplateVersionEntity }> {
    const template = await m.save(m.create(TemplateEntity, { ...fields, ownerId: user.id, headRevision: 1, publishedVersionId: null, publishedAt: null }));
    const version = await m.save(
      m.create(TemplateVersionEntity, {
        templateId: template.id,
        number: 1,
        state: 'DRAFT',
        spec,
        specHash,
        revision: 1,
        authorId: user.id,
        submittedAt: null,
        decidedAt: null,
        publishedAt: null,
      }),
    );
    return { template, version };
  }

  // Edits the template's working copy of its metadata. Apps keep seeing the published version's own
  // metadata (frozen when it was submitted) until a version carrying the change is published.
  async updateTemplate(user: AuthUser, input: UpdateTemplateInput): Promise<TemplateEntity> {
    const meta = this.checkTemplateMeta({ ...input, title: input.title ?? undefined });
    const id = requireUuid(input.templateId, 'Template');
    return this.templates.transaction(async (m) => {
      const template = await this.lockEditableTemplate(m, user, id);
      if (input.category !== undefined) {
        const categoryIssue = await this.categories.problemWith(meta.category, template.category, m);
        if (categoryIssue) throw badInputIssues([categoryIssue]);
      }
      const before = { title: template.title, description: template.description, tags: template.tags, category: template.category };
      if (meta.title !== undefined) template.title = meta.title;
      if (meta.description !== undefined) template.description = meta.description;
      if (meta.tags !== undefined) template.tags = meta.tags;
      if (input.category !== undefined) template.category = meta.category ?? null;
      const saved = await m.save(template);
      await this.audit.record(m, { actor: userActor(user), action: 'template.updated', entityType: 'template', entityId: id, before, after: { title: saved.title, description: saved.description, tags: saved.tags, category: saved.category } });
      return saved;
    });
  }

  // Saves the spec into the template's draft (starting a new draft from the newest version when
  // none is open), only if baseRevision is still the template's newest revision.
  async saveDraft(user: AuthUser, input: { templateId: string; spec: unknown; baseRevision: number }): Promise<TemplateVersionEntity> {
    const id = requireUuid(input.templateId, 'Template');
    const preliminary = await this.templates.findTemplate(id);
    if (!preliminary || !this.canEdit(user, preliminary)) throw notFound('Template', input.templateId);
    const spec = await this.checkSpec(input.spec, preliminary.baseModel, user, new Set(collectLoraIds((await this.templates.findLatestVersion(id))?.spec)));
    const specHash = computeSpecHash(spec);
    return this.templates.transaction(async (m) => {
      const template = await this.lockEditableTemplate(m, user, id);
      if (input.baseRevision !== template.headRevision) throw revisionConflict(template.headRevision, input.baseRevision);
      const draft = await this.templates.findDraft(m, id);
      if (draft && draft.specHash === specHash) return draft;
      const revision = template.headRevision + 1;
      let saved: TemplateVersionEntity;
      if (draft) {
        const beforeHash = draft.specHash;
        draft.spec = spec as unknown as Record<string, unknown>;
        draft.specHash = specHash;
        draft.revision = revision;
        // A cover is a render of the spec it was chosen for; a changed spec has none yet.
        draft.coverPreviewJobId = null;
        saved = await m.save(draft);
        await this.audit.record(m, { actor: userActor(user), action: 'version.draft_saved', entityType: 'template_version', entityId: draft.id, before: { specHash: beforeHash, revision: input.baseRevision }, after: { specHash, revision } });
      } else {
        const latest = await this.templates.findLatestVersion(id, m);
        saved = await m.save(
          m.create(TemplateVersionEntity, {
            templateId: id,
            number: (latest?.number ?? 0) + 1,
            state: 'DRAFT',
            spec: spec as unknown as Record<string, unknown>,
            specHash,
            revision,
            authorId: user.id,
            submittedAt: null,
            decidedAt: null,
            publishedAt: null,
            // The previous version's cover still shows this spec only if the spec is unchanged.
            coverPreviewJobId: latest && latest.specHash === specHash ? latest.coverPreviewJobId : null,
          }),
        );
        await this.audit.record(m, { actor: userActor(user), action: 'version.draft_started', entityType: 'template_version', entityId: saved.id, before: latest ? { fromVersionId: latest.id, number: latest.number } : null, after: { specHash, revision, number: saved.number } });
      }
      template.headRevision = revision;
      await m.save(template);
      return saved;
    });
  }

  // Chooses which finished preview of a draft's spec is its cover. Only drafts: submitting freezes
  // the choice with the rest of the version (a database trigger enforces it).
  async setVersionCover(user: AuthUser, versionId: string, previewJobId: string): Promise<TemplateVersionEntity> {
    const version = await this.getVersionForUser(user, versionId);
    const jobId = requireUuid(previewJobId, 'Preview');
    return this.templates.transaction(async (m) => {
      await this.lockEditableTemplate(m, user, version.templateId);
      const fresh = (await this.templates.findVersion(version.id, m))!;
      if (fresh.state !== 'DRAFT') {
        throw reasonError('INVALID_STATE_TRANSITION', 'version.coverFrozen', { versionState: fresh.state }, { currentState: fresh.state });
      }
      const job = await m.findOne(PreviewJobEntity, { where: { id: jobId } });
      // Previews of other templates are not this caller's to see, nor are consumer apps' renders.
      if (!job || job.renderId || job.templateId !== fresh.templateId) throw notFound('Preview', previewJobId);
      const problem = describeCoverProblem(job, fresh.specHash);
      if (problem) throw reasonError('PREVIEW_NOT_USABLE', problem.reason, problem.params, { previewJobId: job.id, state: job.state });
      const before = fresh.coverPreviewJobId;
      if (before === job.id) return fresh;
      fresh.coverPreviewJobId = job.id;
      const saved = await m.save(fresh);
      await this.audit.record(m, { actor: userActor(user), action: 'version.cover_set', entityType: 'template_version', entityId: fresh.id, before: { coverPreviewJobId: before }, after: { coverPreviewJobId: job.id } });
      return saved;
    });
  }

  async submitVersion(user: AuthUser, versionId: string): Promise<TemplateVersionEntity> {
    const version = await this.getVersionForUser(user, versionId);
    const template = await this.templates.findTemplate(version.templateId);
    if (!template || !this.canEdit(user, template)) throw reasonError('FORBIDDEN', 'version.submitOwnerOnly');
    return this.moveVersion(user, version.id, 'SUBMIT', 'version.submitted', async (locked, m) => {
      // Checked under the template lock, on the spec being submitted: a save that lands between a
      // check and the lock would otherwise submit a spec nobody checked or rendered.
      // Re-check against today's LoRA registry: a LoRA may have been disabled since the last save.
      await this.checkSpec(locked.spec, template.baseModel, user, new Set(collectLoraIds(locked.spec)));
      // Reviewers judge real / like / beautiful on every consenting face that can render this base
      // model: each needs a rendered preview of this exact spec first.
      const missing: Array<{ name: string }> = await this.templates.subjectsWithoutPreview(locked.specHash, (locked.spec as { baseModel: 'sd15' | 'sdxl' }).baseModel, m);
      if (missing.length) {
        throw reasonError('PREVIEWS_MISSING', 'version.previewsMissing', { names: missing.map((s) => s.name).join(', ') }, { subjects: missing.map((s) => s.name) });
      }
      // The metadata as it is now, under the same lock, is what the reviewer judges and apps see.
      const current = (await this.templates.findTemplate(locked.templateId, m))!;
      locked.title = current.title;
      locked.description = current.description;
      locked.category = current.category;
      locked.tags = current.tags;
      locked.submittedAt = new Date();
    });
  }

  // Applies a lifecycle event to a version inside a transaction holding the template lock.
  async moveVersion(
    actor: AuthUser,
    versionId: string,
    event: VersionEvent,
    action: string,
    mutate: (v: TemplateVersionEntity, m: EntityManager) => void | Promise<void> = () => undefined,
    m0?: EntityManager,
  ): Promise<TemplateVersionEntity> {
    const run = async (m: EntityManager) => {
      const current = await this.templates.findVersion(versionId, m);
      if (!current) throw notFound('Template version', versionId);
      await this.templates.lockTemplate(m, current.templateId);
      const version = (await this.templates.findVersion(versionId, m))!;
      const next = nextVersionState(version.state, event);
      if (!next) throw invalidTransition(version.state, event);
      const before = version.state;
      version.state = next;
      await mutate(version, m);
      const saved = await m.save(version);
      await this.audit.record(m, { actor: userActor(actor), action, entityType: 'template_version', entityId: version.id, before: { state: before }, after: { state: next } });
      return saved;
    };
    return m0 ? run(m0) : this.templates.transaction(run);
  }

  async publishVersion(user: AuthUser, versionId: string): Promise<TemplateVersionEntity> {
    const version = await this.getVersionForUser(user, versionId);
    return this.changeCatalog(async (m) => {
      const template = await this.lockEditableTemplate(m, user, version.templateId);
      const fresh = (await this.templates.findVersion(version.id, m))!;
      if (!nextVersionState(fresh.state, 'PUBLISH')) throw invalidTransition(fresh.state, 'PUBLISH');
      return this.publishLocked(m, user, template, fresh.id);
    });
  }

  async unpublishTemplate(user: AuthUser, templateId: string): Promise<TemplateEntity> {
    const id = requireUuid(templateId, 'Template');
    return this.changeCatalog(async (m) => {
      const template = await this.lockEditableTemplate(m, user, id);
      if (!template.publishedVersionId) {
        throw reasonError('INVALID_STATE_TRANSITION', 'version.templateNotPublished', {}, { currentState: 'UNPUBLISHED' });
      }
      await this.moveVersion(user, template.publishedVersionId, 'SUPERSEDE', 'version.superseded', () => undefined, m);
      const before = template.publishedVersionId;
      template.publishedVersionId = null;
      template.publishedAt = null;
      const saved = await m.save(template);
      await this.audit.record(m, { actor: userActor(user), action: 'template.unpublished', entityType: 'template', entityId: id, before: { publishedVersionId: before }, after: { publishedVersionId: null } });
      return saved;
    });
  }

  async rollbackTemplate(user: AuthUser, templateId: string, versionId: string): Promise<TemplateEntity> {
    const id = requireUuid(templateId, 'Template');
    const vid = requireUuid(versionId, 'Template version');
    return this.changeCatalog(async (m) => {
      const template = await this.lockEditableTemplate(m, user, id);
      const version = await this.templates.findVersion(vid, m);
      if (!version || version.templateId !== id) throw notFound('Template version', versionId);
      if (template.publishedVersionId === vid) {
        throw reasonError('INVALID_STATE_TRANSITION', 'version.alreadyPublished', {}, { currentState: version.state });
      }
      if (!nextVersionState(version.state, 'PUBLISH')) throw invalidTransition(version.state, 'PUBLISH');
      await this.publishLocked(m, user, template, vid);
      return (await this.templates.findTemplate(id, m))!;
    });
  }

  private async publishLocked(m: EntityManager, user: AuthUser, template: TemplateEntity, versionId: string): Promise<TemplateVersionEntity> {
    const previous = template.publishedVersionId;
    if (previous && previous !== versionId) {
      await this.moveVersion(user, previous, 'SUPERSEDE', 'version.superseded', () => undefined, m);
    }
    const now = new Date();
    const published = await this.moveVersion(user, versionId, 'PUBLISH', 'version.published', (v) => {
      v.publishedAt = now;
    }, m);
    template.publishedVersionId = versionId;
    template.publishedAt = now;
    await m.save(template);
    await this.audit.record(m, { actor: userActor(user), action: 'template.published', entityType: 'template', entityId: template.id, before: { publishedVersionId: previous }, after: { publishedVersionId: versionId } });
    return published;
  }

  // ---- checks ----------------------------------------------------------------------------

  private async lockEditableTemplate(m: EntityManager, user: AuthUser, id: string): Promise<TemplateEntity> {
    const template = await this.templates.lockTemplate(m, id);
    if (!template || !this.canEdit(user, template)) throw notFound('Template', id);
    return template;
  }

  // Validates a spec against the schema, today's LoRA registry and the caller's reference assets.
  // `keptLoraIds`: style LoRAs the template already uses, which it may keep when they are deprecated
  // (a deprecated LoRA cannot be newly picked).
  async checkSpec(input: unknown, baseModel: 'sd15' | 'sdxl', user: AuthUser, keptLoraIds: ReadonlySet<string> = new Set()): Promise<TemplateSpec> {
    const loraIds = collectLoraIds(input);
    const loras = await this.loras.loadSpecContext(loraIds);
    const newlyDeprecated = new Set<string>();
    for (const [id, lora] of loras) {
      if (lora.status !== 'DEPRECATED') continue;
      if (!keptLoraIds.has(id)) newlyDeprecated.add(id);
      loras.set(id, { ...lora, status: 'READY' });
    }
    const result = validateTemplateSpec(input, { loras });
    // Every issue carries the reason the studio words it by (the spec's own issues come worded from the lib).
    const issues: InputIssue[] = result.ok ? [] : [...result.issues];
    if (result.ok) {
      result.spec.styleLoras.forEach((l, i) => {
        if (newlyDeprecated.has(l.loraId)) issues.push(inputIssue(`styleLoras.${i}.loraId`, 'spec.loraDeprecated', { name: loras.get(l.loraId)!.name }));
      });
      if (result.spec.baseModel !== baseModel) {
        issues.push(inputIssue('baseModel', 'spec.baseModelMismatch', { templateBaseModel: baseModel.toUpperCase(), specBaseModel: result.spec.baseModel.toUpperCase() }));
      }
      const ref = result.spec.reference;
      if (ref) {
        const problem = await this.assets.findReferenceProblem(ref.assetId, user);
        if (problem) issues.push(inputIssue('reference.assetId', problem));
      }
    }
    if (issues.length || !result.ok) throw badInputIssues(issues);
    return result.spec;
  }

  private checkTemplateMeta(input: { title?: string | null; description?: string | null; tags?: string[] | null; category?: string | null }) {
    const issues: InputIssue[] = [];
    const title = input.title === undefined || input.title === null ? undefined : input.title.trim();
    if (title !== undefined && (title.length < 1 || title.length > MAX_TITLE)) issues.push(inputIssue('title', 'template.titleLength', { min: 1, max: MAX_TITLE }));
    const description = input.description === null ? undefined : input.description;
    if (description !== undefined && description.length > MAX_DESCRIPTION) issues.push(inputIssue('description', 'template.descriptionLength', { max: MAX_DESCRIPTION }));
    let tags: string[] | undefined;
    if (input.tags) {
      tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
      if (tags.length > MAX_TAGS) issues.push(inputIssue('tags', 'template.tooManyTags', { max: MAX_TAGS }));
      tags.forEach((t, i) => {
        if (t.length > MAX_TAG || !/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u.test(t)) issues.push(inputIssue(`tags.${i}`, 'template.tagInvalid', { tag: t, max: MAX_TAG }));
      });
    }
    // Any key that is not on the admins' list (a too long one included) is refused by TemplateCategoryService.problemWith.
    const category = input.category?.trim() || null;
    if (issues.length) throw badInputIssues(issues);
    return { title, description, tags, category };
  }
}

// Why a preview cannot be a version's cover, as a reason for the designer; null when it can.
function describeCoverProblem(job: PreviewJobEntity, specHash: string): { reason: ApiMessageKey; params: MessageParams } | null {
  if (job.removedAt) return { reason: 'version.coverPreviewRemoved', params: {} };
  if (job.specHash !== specHash) return { reason: 'version.coverPreviewOutdated', params: {} };
  if (job.state !== 'SUCCEEDED') return { reason: 'version.coverPreviewUnfinished', params: { jobState: job.state } };
  // The catalog lists renders at the likeness default only: a max render would never be shown as the cover.
  if (job.likenessEnd === 'MAX') return { reason: 'version.coverPreviewMaxLikeness', params: { likeness: job.likeness } };
  return null;
}

const MAX_TITLE = 120;
const COPY_SUFFIX = ' (copy)';

// "<title> (copy)", shortening the title so the result still fits.
export function copyTitleOf(title: string): string {
  return `${title.trim().slice(0, MAX_TITLE - COPY_SUFFIX.length)}${COPY_SUFFIX}`;
}

function collectLoraIds(spec: unknown): string[] {
  const list = (spec as { styleLoras?: unknown } | null)?.styleLoras;
  if (!Array.isArray(list)) return [];
  return list.map((l) => (l as { loraId?: unknown })?.loraId).filter((id): id is string => typeof id === 'string');
}
