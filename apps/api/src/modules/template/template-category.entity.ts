import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

// The categories admins keep; templates, versions and the catalog store the key.
@Entity({ name: 'template_categories' })
export class TemplateCategoryEntity {
  @PrimaryColumn('text') key: string;
  @Column('text') name: string;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('integer') position: number;
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
