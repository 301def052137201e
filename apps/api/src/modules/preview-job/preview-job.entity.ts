import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../database/column-transformers.js';
import type { BoxCapabilitiesReport, PreviewJobState, PreviewPriority } from '@atelier/preview-job';
import type { BoxReach } from '@atelier/scheduler';

export type PreviewBackend = 'comfyui' | 'draft';
/** Which end of the spec's likeness range a preview renders at ("more like me" climbs from DEFAULT to MAX). */
export type LikenessEnd = 'DEFAULT' | 'MAX';


@Entity({ name: 'preview_batches' })
export class PreviewBatchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'version_id' }) versionId: string;
  @Column('text', { name: 'spec_hash' }) specHash: string;
  @Column('text') priority: PreviewPriority;
  @Column('uuid', { name: 'requested_by' }) requestedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'preview_jobs' })
export class PreviewJobEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  // Null for a consumer app's render (CONSUMER), which has no preview batch.
  @Column('uuid', { name: 'batch_id', nullable: true }) batchId: string | null;
  @Column('uuid', { name: 'version_id' }) versionId: string;
  @Column('uuid', { name: 'template_id' }) templateId: string;
  @Column('uuid', { name: 'designer_id' }) designerId: string;
  @Column('text', { name: 'spec_hash' }) specHash: string;
  @Column('integer') revision: number;
  // The preview subject it renders; null for a consumer app's render (its identity is the render's).
  @Column('uuid', { name: 'subject_id', nullable: true }) subjectId: string | null;
  // A consumer app's render (priority CONSUMER): its render, and its app (the fair-share key).
  @Column('uuid', { name: 'render_id', nullable: true }) renderId: string | null;
  @Column('uuid', { name: 'consumer_app_id', nullable: true }) consumerAppId: string | null;
  // The face's render revision when the job was asked for (gender, age and identity LoRAs then).
  @Column('int', { name: 'subject_revision' }) subjectRevision: number;
  @Column('bigint', { transformer: bigintAsNumber }) seed: number;
  // The identity LoRA strength it renders at (part of the render key) and which end of the range that is.
  @Column('double precision') likeness: number;
  @Column('text', { name: 'likeness_end' }) likenessEnd: LikenessEnd;
  @Column('text') backend: PreviewBackend;
  @Column('text', { name: 'base_model' }) baseModel: 'sd15' | 'sdxl';
  @Column('text', { name: 'lora_key' }) loraKey: string;
  // The node classes of the job's compiled graph: a box must have them all (and their loaders' files).
  @Column('text', { name: 'node_classes', array: true, default: () => `'{}'` }) nodeClasses: string[];
  @Column('text') priority: PreviewPriority;
  @Column('text') state: PreviewJobState;
  @Column('boolean') cached: boolean;
  @Column('integer') attempts: number;
  @Column('integer', { name: 'max_attempts' }) maxAttempts: number;
  @Column('timestamptz', { name: 'available_at' }) availableAt: Date;
  @Column('uuid', { name: 'lease_id', nullable: true }) leaseId: string | null;
  @Column('uuid', { name: 'leased_by', nullable: true }) leasedBy: string | null;
  // The lease that last ended by failure or expiry: a repeated report of it is answered, not refused.
  @Column('uuid', { name: 'ended_lease_id', nullable: true }) endedLeaseId: string | null;
  @Column('timestamptz', { name: 'lease_expires_at', nullable: true }) leaseExpiresAt: Date | null;
  @Column('real') progress: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('uuid', { name: 'output_asset_id', nullable: true }) outputAssetId: string | null;
  @Column('uuid', { name: 'thumbnail_asset_id', nullable: true }) thumbnailAssetId: string | null;
  @Column('uuid', { name: 'source_job_id', nullable: true }) sourceJobId: string | null;
  @Column('integer', { name: 'gpu_ms', nullable: true }) gpuMs: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  // Set when the subject's previews were deleted for privacy (retired subject or expired consent).
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt: Date | null;
}

@Entity({ name: 'workers' })
export class WorkerEntity {
  @PrimaryColumn('uuid', { name: 'token_id' }) tokenId: string;
  @Column('text') backend: PreviewBackend;
  @Column('text', { name: 'base_models', array: true }) baseModels: Array<'sd15' | 'sdxl'>;
  @Column('integer', { name: 'vram_mb', nullable: true }) vramMb: number | null;
  @Column('text', { name: 'loaded_checkpoint', nullable: true }) loadedCheckpoint: string | null;
  @Column('text', { name: 'loaded_lora_key', nullable: true }) loadedLoraKey: string | null;
  @Column('text', { name: 'cached_lora_hashes', array: true }) cachedLoraHashes: string[];
  // What the worker last said is wrong with its box (missing model files); null when nothing is.
  @Column('text', { name: 'box_problem', nullable: true }) boxProblem: string | null;
  // What the worker last said its box has (ComfyUI's node classes, model files, GPUs); null when it never says.
  @Column('jsonb', { nullable: true }) capabilities: BoxCapabilitiesReport | null;
  // What the box can run, derived from capabilities at that heartbeat (computeBoxReach); null: anything.
  @Column('jsonb', { nullable: true }) reach: BoxReach | null;
  @Column('integer', { name: 'jobs_done' }) jobsDone: number;
  @Column('bigint', { name: 'gpu_ms', transformer: bigintAsNumber }) gpuMs: number;
  @Column('timestamptz', { name: 'last_heartbeat_at' }) lastHeartbeatAt: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
