import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, requireUuid } from '../../common/app-error.js';
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
      const subject = await m.save(m.create(PreviewSubjectEntity, { name, identityLoraAssetId: identity.id, consentDocumentAssetId: consent.id, consentExpiresAt: input.consentExpiresAt, active: true, createdBy: actor.id }));
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'preview_subject.created', entityType: 'preview_subject', entityId: subject.id, after: { name, consentExpiresAt: input.consentExpiresAt } });
      return subject;
    });
  }
}
