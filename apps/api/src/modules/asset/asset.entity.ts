import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers.js';

// DELETED: the stored object was removed (a withdrawn preview subject's files); the row stays for history.
export type AssetState = 'PENDING' | 'CHECKING' | 'READY' | 'REJECTED' | 'DELETED';
export type StoredAssetKind = 'REFERENCE_IMAGE' | 'LORA' | 'CONSENT_DOCUMENT' | 'PREVIEW_IMAGE' | 'SUBJECT_PHOTO' | 'IDENTITY_LORA' | 'IDENTITY_PHOTO';

/** An end user's identity a consumer app uploaded: owned by the app, never shown to studio users. */
export const APP_IDENTITY_KINDS: readonly StoredAssetKind[] = ['IDENTITY_LORA', 'IDENTITY_PHOTO'];

@Entity({ name: 'assets' })
export class AssetEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: StoredAssetKind;
  @Column('text') state: AssetState;
  @Column('text') bucket: string;
  @Column('text', { name: 'object_key' }) objectKey: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { name: 'byte_size', transformer: bigintAsNumber }) byteSize: number;
  @Column('text', { nullable: true }) sha256: string | null;
  @Column('integer', { nullable: true }) width: number | null;
  @Column('integer', { nullable: true }) height: number | null;
  /** Why the upload was refused, in English (the GraphQL field `rejectionReason`). */
  @Column('text', { name: 'rejection_reason', nullable: true }) rejectionReason: string | null;
  /** The same refusal by reason (@atelier/messages) and params, so a repeated completeUpload can say it in any language. */
  @Column('jsonb', { nullable: true }) rejection: { reason: string; params: Record<string, string | number> } | null;
  @Column('uuid', { name: 'owner_id', nullable: true }) ownerId: string | null;
  /** The consumer app an identity asset belongs to (IDENTITY_LORA, IDENTITY_PHOTO; null for every other kind). */
  @Column('uuid', { name: 'owner_app_id', nullable: true }) ownerAppId: string | null;
  /** An app identity's last render (until renders exist: its completion); deleted IDENTITY_RETENTION_HOURS after it. */
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  /** When completeUpload began checking the file (state CHECKING). */
  @Column('timestamptz', { name: 'checking_since', nullable: true }) checkingSince: Date | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
