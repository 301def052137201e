import { Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { badInputIssues, inputIssue, notFound, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AssetEntity } from '../asset/asset.entity.js';
import { AssetService } from '../asset/asset.service.js';
import { StorageService } from '../asset/storage.service.js';
import { PreviewSubjectEntity, PreviewSubjectIdentityLoraEntity, PreviewSubjectPhotoEntity, type SubjectBaseModel, type SubjectGender } from './preview-subject.entity.js';

export interface IdentityLoraChoice {
  baseModel: SubjectBaseModel;
  assetId: string;
  // The word the LoRA was trained with; blank or absent when it has none.
  triggerWord?: string | null;
}

export interface IdentityTriggerWordChoice {
  baseModel: SubjectBaseModel;
  // null or blank clears it.
  triggerWord: string | null;
}

export interface UpdatePreviewSubjectData {
  name?: string;
  gender?: SubjectGender;
  // null clears the age; undefined keeps it.
  ageYears?: number | null;
  // Identity LoRAs for base models the face has none for yet.
  addIdentityLoras?: IdentityLoraChoice[];
  // New trigger words for identity LoRAs the face has.
  identityTriggerWords?: IdentityTriggerWordChoice[];
  // The whole new set of photos (3 to 10); photos left out are deleted.
  referencePhotoAssetIds?: string[];
}

export interface CreatePreviewSubjectData {
  name: string;
  gender?: SubjectGender | null;
  ageYears?: number | null;
  identityLoras: IdentityLoraChoice[];
  referencePhotoAssetIds: string[];
  consentDocumentAssetId: string;
  consentExpiresAt: Date;
}

export const MIN_SUBJECT_PHOTOS = 3;
export const MAX_SUBJECT_PHOTOS = 10;
export const MIN_SUBJECT_AGE = 18;
export const MAX_SUBJECT_AGE = 100;
const MAX_NAME = 80;
export const MAX_TRIGGER_WORD = 60;

// Trimmed, blank -> null. Braces would read as prompt slots or graph placeholders.
function normalizeTriggerWord(word: string | null | undefined): string | null {
  const trimmed = word?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function triggerWordIssues(word: string | null | undefined, path: string): InputIssue[] {
  const normalized = normalizeTriggerWord(word);
  if (normalized === null) return [];
  return normalized.length > MAX_TRIGGER_WORD || /[{}]/.test(normalized) ? [inputIssue(path, 'face.triggerWordInvalid', { max: MAX_TRIGGER_WORD })] : [];
}

function ageIssues(age: number): InputIssue[] {
  return Number.isInteger(age) && age >= MIN_SUBJECT_AGE && age <= MAX_SUBJECT_AGE ? [] : [inputIssue('ageYears', 'face.ageRange', { min: MIN_SUBJECT_AGE, max: MAX_SUBJECT_AGE })];
}

function photoCountIssues(photoIds: readonly string[]): InputIssue[] {
  if (photoIds.length < MIN_SUBJECT_PHOTOS || photoIds.length > MAX_SUBJECT_PHOTOS) {
    return [inputIssue('referencePhotoAssetIds', 'face.photoCount', { min: MIN_SUBJECT_PHOTOS, max: MAX_SUBJECT_PHOTOS, count: photoIds.length })];
  }
  return new Set(photoIds).size === photoIds.length ? [] : [inputIssue('referencePhotoAssetIds', 'face.photoTwice')];
}

@Injectable()
export class PreviewSubjectService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly cluster: ClusterEventsService,
  ) {}

  list(): Promise<PreviewSubjectEntity[]> {
    return this.dataSource.manager.find(PreviewSubjectEntity, { order: { name: 'ASC' } });
  }

  /** Short-lived links to the face's photos still stored (`assets` in the photos' order, as loaded). */
  async photoLinks(photos: readonly PreviewSubjectPhotoEntity[], assets: ReadonlyArray<AssetEntity | null>): Promise<Array<{ assetId: string; url: string }>> {
    const links = [];
    for (const [i, photo] of photos.entries()) {
      const asset = assets[i];
      const url = asset ? await this.assets.downloadUrl(asset) : null;
      if (url) links.push({ assetId: photo.assetId, url });
    }
    return links;
  }

  /**
   * Faces that can render a template of `baseModel` today: active, consent still valid, and with an
   * identity LoRA for that base model (oldest first). `ids` narrows to those.
   */
  async usableFor(baseModel: SubjectBaseModel, ids?: readonly string[]): Promise<PreviewSubjectEntity[]> {
    const withLora = (await this.dataSource.manager.find(PreviewSubjectIdentityLoraEntity, { where: { baseModel, ...(ids ? { subjectId: In([...ids]) } : {}) } })).map((l) => l.subjectId);
    if (!withLora.length) return [];
    return this.dataSource.manager.find(PreviewSubjectEntity, { where: { id: In(withLora), active: true, consentExpiresAt: MoreThan(new Date()) }, order: { createdAt: 'ASC' } });
  }

  async create(actor: AuthUser, input: CreatePreviewSubjectData): Promise<PreviewSubjectEntity> {
    const name = input.name.trim();
    const issues: InputIssue[] = [];
    if (!name || name.length > MAX_NAME) issues.push(inputIssue('name', 'face.nameLength', { min: 1, max: MAX_NAME }));
    if (!(input.consentExpiresAt instanceof Date) || Number.isNaN(input.consentExpiresAt.getTime()) || input.consentExpiresAt.getTime() <= Date.now()) {
      issues.push(inputIssue('consentExpiresAt', 'face.consentExpired'));
    }
    const age = input.ageYears ?? null;
    if (age !== null) issues.push(...ageIssues(age));
    if (!input.identityLoras.length) issues.push(inputIssue('identityLoras', 'face.identityLoraRequired'));
    const seen = new Set<string>();
    input.identityLoras.forEach((l, i) => {
      if (seen.has(l.baseModel)) issues.push(inputIssue(`identityLoras.${i}.baseModel`, 'face.identityLoraTwice', { baseModel: l.baseModel.toUpperCase() }));
      seen.add(l.baseModel);
      issues.push(...triggerWordIssues(l.triggerWord, `identityLoras.${i}.triggerWord`));
    });
    const photoIds = input.referencePhotoAssetIds;
    issues.push(...photoCountIssues(photoIds));
    if (issues.length) throw badInputIssues(issues);

    const identities = await Promise.all(input.identityLoras.map(async (l) => ({ baseModel: l.baseModel, triggerWord: normalizeTriggerWord(l.triggerWord), asset: await this.assets.requireReadyAsset(requireUuid(l.assetId, 'Identity LoRA'), 'LORA') })));
    const consent = await this.assets.requireReadyAsset(requireUuid(input.consentDocumentAssetId, 'Consent document'), 'CONSENT_DOCUMENT');
    // A photo belongs to one face: deleting it with one face must not take it from another.
    const photos = await this.requirePhotos(photoIds, null);
    const gender = input.gender ?? 'UNSPECIFIED';
    return this.dataSource.transaction(async (m) => {
      const subject = await m.save(m.create(PreviewSubjectEntity, { name, gender, ageYears: age, consentDocumentAssetId: consent.id, consentExpiresAt: input.consentExpiresAt, active: true, retiredAt: null, purgedAt: null, createdBy: actor.id }));
      for (const identity of identities) await m.insert(PreviewSubjectIdentityLoraEntity, { subjectId: subject.id, baseModel: identity.baseModel, assetId: identity.asset.id, triggerWord: identity.triggerWord });
      for (const [position, photo] of photos.entries()) await m.insert(PreviewSubjectPhotoEntity, { subjectId: subject.id, position, assetId: photo.id });
      await this.audit.record(m, {
        actor: { kind: 'USER', id: actor.id },
        action: 'preview_subject.created',
        entityType: 'preview_subject',
        entityId: subject.id,
        after: { name, gender, ageYears: age, consentExpiresAt: input.consentExpiresAt, identityLoras: identities.map((i) => ({ baseModel: i.baseModel, assetId: i.asset.id, triggerWord: i.triggerWord })), referencePhotoAssetIds: photos.map((p) => p.id) },
      });
      return subject;
    });
  }

  /**
   * A new signed consent document and a later end date. A retired face stays retired, and one whose
   * LoRAs the privacy sweep already deleted cannot come back: both are added again as a new face. The
   * previous document stays stored; the audit log keeps which one was in force when.
   */
  async extendConsent(actor: AuthUser, input: { subjectId: string; validUntil: Date; consentDocumentAssetId: string }): Promise<PreviewSubjectEntity> {
    const subjectId = requireUuid(input.subjectId, 'Preview subject');
    if (!(input.validUntil instanceof Date) || Number.isNaN(input.validUntil.getTime()) || input.validUntil.getTime() <= Date.now()) {
      throw badInputIssues([inputIssue('validUntil', 'face.newConsentInPast')]);
    }
    const consent = await this.assets.requireReadyAsset(requireUuid(input.consentDocumentAssetId, 'Consent document'), 'CONSENT_DOCUMENT');
    return this.dataSource.transaction(async (m) => {
      // The same row lock as the privacy sweep: a face is either purged or extended, never both.
      const subject = await m.findOne(PreviewSubjectEntity, { where: { id: subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!subject) throw notFound('Preview subject', input.subjectId);
      if (!subject.active) throw reasonError('INVALID_STATE_TRANSITION', 'face.retiredForGood', { name: subject.name }, { currentState: 'RETIRED' });
      if (subject.purgedAt) {
        throw reasonError('INVALID_STATE_TRANSITION', 'face.purged', { name: subject.name }, { currentState: 'PURGED' });
      }
      if (input.validUntil.getTime() <= subject.consentExpiresAt.getTime()) {
        throw badInputIssues([inputIssue('validUntil', 'face.newConsentNotLater', { current: subject.consentExpiresAt.toISOString().slice(0, 10) })]);
      }
      const before = { consentDocumentAssetId: subject.consentDocumentAssetId, consentExpiresAt: subject.consentExpiresAt };
      const after = { consentDocumentAssetId: consent.id, consentExpiresAt: input.validUntil };
      await m.update(PreviewSubjectEntity, { id: subjectId }, after);
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'preview_subject.consent_extended', entityType: 'preview_subject', entityId: subjectId, before, after });
      return { ...subject, ...after };
    });
  }

  /**
   * Edits an active face: its name, gender and age, identity LoRAs for base models it has none for,
   * and its set of photos (photos left out are deleted from storage at once). Changing gender, age or
   * LoRAs raises its render revision, so earlier previews are not reused for new requests, and its
   * waiting jobs render as the face is now. An identity LoRA is not replaced: retire the face and add
   * the person again, so nothing rendered with the old one passes as the new.
   */
  async update(actor: AuthUser, id: string, input: UpdatePreviewSubjectData): Promise<PreviewSubjectEntity> {
    const subjectId = requireUuid(id, 'Preview subject');
    const issues: InputIssue[] = [];
    const name = input.name?.trim();
    if (name !== undefined && (!name || name.length > MAX_NAME)) issues.push(inputIssue('name', 'face.nameLength', { min: 1, max: MAX_NAME }));
    if (input.ageYears != null) issues.push(...ageIssues(input.ageYears));
    if (input.referencePhotoAssetIds) issues.push(...photoCountIssues(input.referencePhotoAssetIds));
    const adding = input.addIdentityLoras ?? [];
    if (new Set(adding.map((l) => l.baseModel)).size !== adding.length) issues.push(inputIssue('addIdentityLoras', 'face.identityLoraTwiceAdded'));
    adding.forEach((l, i) => issues.push(...triggerWordIssues(l.triggerWord, `addIdentityLoras.${i}.triggerWord`)));
    const retriggering = input.identityTriggerWords ?? [];
    if (new Set(retriggering.map((t) => t.baseModel)).size !== retriggering.length) issues.push(inputIssue('identityTriggerWords', 'face.identityLoraTwiceAdded'));
    retriggering.forEach((t, i) => issues.push(...triggerWordIssues(t.triggerWord, `identityTriggerWords.${i}.triggerWord`)));
    if (issues.length) throw badInputIssues(issues);
    const identities = await Promise.all(adding.map(async (l) => ({ baseModel: l.baseModel, triggerWord: normalizeTriggerWord(l.triggerWord), asset: await this.assets.requireReadyAsset(requireUuid(l.assetId, 'Identity LoRA'), 'LORA') })));
    const photos = input.referencePhotoAssetIds ? await this.requirePhotos(input.referencePhotoAssetIds, subjectId) : null;

    const removed = await this.dataSource.transaction(async (m) => {
      const subject = await m.findOne(PreviewSubjectEntity, { where: { id: subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!subject) throw notFound('Preview subject', id);
      if (!subject.active || subject.purgedAt) throw reasonError('INVALID_STATE_TRANSITION', 'face.notEditable', { name: subject.name }, { currentState: subject.active ? 'PURGED' : 'RETIRED' });
      const existing = await m.find(PreviewSubjectIdentityLoraEntity, { where: { subjectId } });
      const clash = identities.find((i) => existing.some((e) => e.baseModel === i.baseModel));
      if (clash) {
        const baseModel = clash.baseModel === 'sd15' ? 'SD1.5' : 'SDXL';
        throw badInputIssues([inputIssue(`addIdentityLoras.${identities.indexOf(clash)}.baseModel`, 'face.identityLoraTaken', { name: subject.name, baseModel })]);
      }
      // A trigger word is set on a LoRA the face has (or is given in this same edit).
      const retriggered: Array<{ baseModel: SubjectBaseModel; before: string | null; after: string | null }> = [];
      for (const [index, choice] of retriggering.entries()) {
        const current = existing.find((e) => e.baseModel === choice.baseModel);
        const added = identities.find((i) => i.baseModel === choice.baseModel);
        if (!current && !added) {
          throw badInputIssues([inputIssue(`identityTriggerWords.${index}.baseModel`, 'face.triggerWordWithoutLora', { name: subject.name, baseModel: choice.baseModel === 'sd15' ? 'SD1.5' : 'SDXL' })]);
        }
        const after = normalizeTriggerWord(choice.triggerWord);
        if (added) added.triggerWord = after;
        else if (current && current.triggerWord !== after) retriggered.push({ baseModel: choice.baseModel, before: current.triggerWord, after });
      }
      const changes: Partial<PreviewSubjectEntity> = {};
      if (name !== undefined && name !== subject.name) changes.name = name;
      if (input.gender !== undefined && input.gender !== subject.gender) changes.gender = input.gender;
      if (input.ageYears !== undefined && input.ageYears !== subject.ageYears) changes.ageYears = input.ageYears;
      const rendersChange = changes.gender !== undefined || changes.ageYears !== undefined || identities.length > 0 || retriggered.length > 0;
      if (rendersChange) changes.renderRevision = subject.renderRevision + 1;
      if (Object.keys(changes).length) await m.update(PreviewSubjectEntity, { id: subjectId }, changes);
      for (const identity of identities) await m.insert(PreviewSubjectIdentityLoraEntity, { subjectId, baseModel: identity.baseModel, assetId: identity.asset.id, triggerWord: identity.triggerWord });
      for (const change of retriggered) await m.update(PreviewSubjectIdentityLoraEntity, { subjectId, baseModel: change.baseModel }, { triggerWord: change.after });
      // Waiting jobs render the face as it is when leased: they count as renders of the new revision.
      if (rendersChange) await m.query(`UPDATE preview_jobs SET subject_revision = $2 WHERE subject_id = $1 AND state = 'QUEUED'`, [subjectId, changes.renderRevision]);
      let dropped: AssetEntity[] = [];
      if (photos) {
        const before = await m.find(PreviewSubjectPhotoEntity, { where: { subjectId } });
        await m.delete(PreviewSubjectPhotoEntity, { subjectId });
        for (const [position, photo] of photos.entries()) await m.insert(PreviewSubjectPhotoEntity, { subjectId, position, assetId: photo.id });
        const keptIds = new Set(photos.map((p) => p.id));
        const droppedIds = before.map((p) => p.assetId).filter((assetId) => !keptIds.has(assetId));
        dropped = droppedIds.length ? await m.find(AssetEntity, { where: { id: In(droppedIds) }, lock: { mode: 'pessimistic_write' } }) : [];
        if (dropped.length) await m.update(AssetEntity, { id: In(droppedIds) }, { state: 'DELETED', deletedAt: new Date() });
      }
      await this.audit.record(m, {
        actor: { kind: 'USER', id: actor.id },
        action: 'preview_subject.updated',
        entityType: 'preview_subject',
        entityId: subjectId,
        before: { name: subject.name, gender: subject.gender, ageYears: subject.ageYears },
        after: { ...changes, addedIdentityLoras: identities.map((i) => ({ baseModel: i.baseModel, assetId: i.asset.id, triggerWord: i.triggerWord })), ...(retriggered.length ? { identityTriggerWords: retriggered } : {}), ...(photos ? { referencePhotoAssetIds: photos.map((p) => p.id), deletedPhotoAssetIds: dropped.map((d) => d.id) } : {}) },
      });
      return dropped;
    });
    // After the commit: a photo is only deleted from storage once no row points at it.
    for (const photo of removed) await this.storage.remove(photo.objectKey);
    return this.dataSource.manager.findOneByOrFail(PreviewSubjectEntity, { id: subjectId });
  }

  // Every photo READY, of kind SUBJECT_PHOTO, and none already another face's.
  private async requirePhotos(photoIds: string[], subjectId: string | null): Promise<AssetEntity[]> {
    const photos = await Promise.all(photoIds.map((id) => this.assets.requireReadyAsset(requireUuid(id, 'Face photo'), 'SUBJECT_PHOTO')));
    const taken = (await this.dataSource.manager.find(PreviewSubjectPhotoEntity, { where: { assetId: In(photos.map((p) => p.id)) } })).filter((p) => p.subjectId !== subjectId);
    if (taken.length) throw badInputIssues([inputIssue(`referencePhotoAssetIds.${photoIds.indexOf(taken[0]!.assetId)}`, 'face.photoTaken')]);
    return photos;
  }

  // Takes the subject out of preview rendering for good. The privacy sweep then deletes their
  // identity LoRAs and previews; their renders leave every API process's catalog answers at once.
  // Retiring a retired subject changes nothing.
  async retire(actor: AuthUser, id: string): Promise<PreviewSubjectEntity> {
    const subjectId = requireUuid(id, 'Preview subject');
    const { subject, retired } = await this.dataSource.transaction(async (m) => {
      const subject = await m.findOne(PreviewSubjectEntity, { where: { id: subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!subject) throw notFound('Preview subject', id);
      if (!subject.active) return { subject, retired: false };
      const retiredAt = new Date();
      await m.update(PreviewSubjectEntity, { id: subjectId }, { active: false, retiredAt });
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'preview_subject.retired', entityType: 'preview_subject', entityId: subjectId, before: { active: true }, after: { active: false, retiredAt } });
      return { subject: { ...subject, active: false, retiredAt }, retired: true };
    });
    if (retired) await this.cluster.publish({ topic: 'catalog' });
    return subject;
  }
}
