import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A consenting face used for previews: its identity LoRA and the signed consent document.
@Entity({ name: 'preview_subjects' })
export class PreviewSubjectEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('uuid', { name: 'identity_lora_asset_id' }) identityLoraAssetId: string;
  @Column('uuid', { name: 'consent_document_asset_id' }) consentDocumentAssetId: string;
  @Column('timestamptz', { name: 'consent_expires_at' }) consentExpiresAt: Date;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  // When the privacy sweep deleted the identity LoRA and the previews made from it.
  @Column('timestamptz', { name: 'purged_at', nullable: true }) purgedAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
