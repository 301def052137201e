import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

// DEPRECATED: kept where already used, never newly picked; DISABLED: refused in every save.
export type LoraStatus = 'READY' | 'DEPRECATED' | 'DISABLED';

@Entity({ name: 'loras' })
export class LoraEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { default: '' }) description: string;
  @Column('text', { name: 'base_model' }) baseModel: 'sd15' | 'sdxl';
  @Column('text', { name: 'trigger_words', array: true }) triggerWords: string[];
  @Column('double precision', { name: 'default_weight' }) defaultWeight: number;
  @Column('double precision', { name: 'min_weight' }) minWeight: number;
  @Column('double precision', { name: 'max_weight' }) maxWeight: number;
  @Column('uuid', { name: 'file_asset_id' }) fileAssetId: string;
  @Column('text') sha256: string;
  /** A sample picture (an image asset) for the LoRA picker; null shows a monogram. */
  @Column('uuid', { name: 'thumbnail_asset_id', nullable: true }) thumbnailAssetId: string | null;
  @Column('text') status: LoraStatus;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
