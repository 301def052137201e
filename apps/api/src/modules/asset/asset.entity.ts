import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers.js';

// DELETED: the stored object was removed (a withdrawn preview subject's files); the row stays for history.
export type AssetState = 'PENDING' | 'CHECKING' | 'READY' | 'REJECTED' | 'DELETED';
export type StoredAssetKind = 'REFERENCE_IMAGE' | 'LORA' | 'CONSENT_DOCUMENT' | 'PREVIEW_IMAGE' | 'SUBJECT_PHOTO';

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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  /** When completeUpload began checking the file (state CHECKING). */
  @Column('timestamptz', { name: 'checking_since', nullable: true }) checkingSince: Date | null;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
