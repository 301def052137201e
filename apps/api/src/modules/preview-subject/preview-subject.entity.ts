import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type SubjectGender = 'FEMALE' | 'MALE' | 'UNSPECIFIED';
export type SubjectBaseModel = 'sd15' | 'sdxl';

// A consenting face used for previews: the signed consent document, and an identity LoRA per base
// model (preview_subject_identity_loras).
@Entity({ name: 'preview_subjects' })
export class PreviewSubjectEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  // Fill the {gender} and {age} prompt slots of the face's previews.
  @Column('text') gender: SubjectGender;
  @Column('smallint', { name: 'age_years', nullable: true }) ageYears: number | null;
  // Raised whenever what its renders depend on changes (gender, age, identity LoRAs).
  @Column('int', { name: 'render_revision' }) renderRevision: number;
  @Column('uuid', { name: 'consent_document_asset_id' }) consentDocumentAssetId: string;
  @Column('timestamptz', { name: 'consent_expires_at' }) consentExpiresAt: Date;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  // When the privacy sweep deleted the identity LoRAs and the previews made from them.
  @Column('timestamptz', { name: 'purged_at', nullable: true }) purgedAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

// The face's identity LoRA for one base model: SD1.5 templates render with the sd15 one, SDXL with sdxl.
@Entity({ name: 'preview_subject_identity_loras' })
export class PreviewSubjectIdentityLoraEntity {
  @PrimaryColumn('uuid', { name: 'subject_id' }) subjectId: string;
  @PrimaryColumn('text', { name: 'base_model' }) baseModel: SubjectBaseModel;
  @Column('uuid', { name: 'asset_id' }) assetId: string;
  // Appended to the positive prompt of the face's renders with this LoRA; null when it has none.
  @Column('text', { name: 'trigger_word', nullable: true }) triggerWord: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

// A consented photo of the face (an asset of kind SUBJECT_PHOTO), in the order the admin gave them.
@Entity({ name: 'preview_subject_photos' })
export class PreviewSubjectPhotoEntity {
  @PrimaryColumn('uuid', { name: 'subject_id' }) subjectId: string;
  @PrimaryColumn('smallint') position: number;
  @Column('uuid', { name: 'asset_id' }) assetId: string;
}
