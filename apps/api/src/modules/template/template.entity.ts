import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'templates' })
export class TemplateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'owner_id' }) ownerId: string;
  @Column('text') title: string;
  @Column('text') description: string;
  @Column('text', { array: true }) tags: string[];
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { name: 'base_model' }) baseModel: 'sd15' | 'sdxl';
  // The revision of the newest version (draft or frozen); saveDraft compares against it.
  @Column('integer', { name: 'head_revision' }) headRevision: number;
  @Column('uuid', { name: 'published_version_id', nullable: true }) publishedVersionId: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
