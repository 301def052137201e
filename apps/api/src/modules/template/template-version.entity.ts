import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { VersionState } from './version-lifecycle.js';

@Entity({ name: 'template_versions' })
export class TemplateVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'template_id' }) templateId: string;
  @Column('integer') number: number;
  @Column('text') state: VersionState;
  @Column('jsonb') spec: Record<string, unknown>;
  @Column('text', { name: 'spec_hash' }) specHash: string;
  @Column('integer') revision: number;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  // The designer's chosen cover: a SUCCEEDED preview of this spec; frozen with the version.
  @Column('uuid', { name: 'cover_preview_job_id', nullable: true }) coverPreviewJobId: string | null;
  // The template's metadata as submitted, frozen with the version; null while it is a draft (a
  // draft shows the template's working copy).
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) category: string | null;
  @Column('text', { array: true, nullable: true }) tags: string[] | null;
}
