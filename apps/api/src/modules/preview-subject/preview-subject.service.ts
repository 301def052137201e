import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, notFound, requireUuid } from '../../common/app-error.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AssetService } from '../asset/asset.service.js';
import { PreviewSubjectEntity } from './preview-subject.entity.js';

@Injectable()
export class PreviewSubjectService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<PreviewSubjectEntity[]> {
    return this.dataSource.manager.find(PreviewSubjectEntity, { order: { name: 'ASC' } });
  }

  async create(actor: AuthUser, input: { name: string; identityLoraAssetId: string; consentDocumentAssetId: string; consentExpiresAt: Date }): Promise<PreviewSubjectEntity> {
    const name = input.name.trim();
    if (!name || name.length > 80) throw badInput('Name must be 1 to 80 characters.', [{ path: 'name', message: 'required' }]);
    if (!(input.consentExpiresAt instanceof Date) || Number.isNaN(input.consentExpiresAt.getTime()) || input.consentExpiresAt.getTime() <= Date.now()) {
      throw badInput('The consent must still be valid: its expiry date has to be in the future.', [{ path: 'consentExpiresAt', message: 'must be in the future' }]);
    }
    const identity = await this.assets.requireReadyAsset(requireUuid(input.identityLoraAssetId, 'Identity LoRA'), 'LORA');
    const consent = await this.assets.requireReadyAsset(requireUuid(input.consentDocumentAssetId, 'Consent document'), 'CONSENT_DOCUMENT');
    return this.dataSource.transaction(async (m) => {
      const subject = await m.save(m.create(PreviewSubjectEntity, { name, identityLoraAssetId: identity.id, consentDocumentAssetId: consent.id, consentExpiresAt: input.consentExpiresAt, active: true, retiredAt: null, purgedAt: null, createdBy: actor.id }));
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'preview_subject.created', entityType: 'preview_subject', entityId: subject.id, after: { name, consentExpiresAt: input.consentExpiresAt } });
      return subject;
    });
  }

  // Takes the subject out of preview rendering for good. The privacy sweep then deletes their
  // identity LoRA and previews. Retiring a retired subject changes nothing.
  async retire(actor: AuthUser, id: string): Promise<PreviewSubjectEntity> {
    const subjectId = requireUuid(id, 'Preview subject');
    return this.dataSource.transaction(async (m) => {
      const subject = await m.findOne(PreviewSubjectEntity, { where: { id: subjectId }, lock: { mode: 'pessimistic_write' } });
      if (!subject) throw notFound('Preview subject', id);
      if (!subject.active) return subject;
      const retiredAt = new Date();
      await m.update(PreviewSubjectEntity, { id: subjectId }, { active: false, retiredAt });
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'preview_subject.retired', entityType: 'preview_subject', entityId: subjectId, before: { active: true }, after: { active: false, retiredAt } });
      return { ...subject, active: false, retiredAt };
    });
  }
}
