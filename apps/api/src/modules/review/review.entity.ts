import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type ReviewDecision = 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT';
export interface ReviewComment { body: string; previewJobId: string | null; x: number | null; y: number | null }

@Entity({ name: 'reviews' })
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'version_id' }) versionId: string;
  @Column('uuid', { name: 'reviewer_id' }) reviewerId: string;
  @Column('text') decision: ReviewDecision;
  @Column('jsonb') comments: ReviewComment[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'review_scores' })
export class ReviewScoreEntity {
  @PrimaryColumn('uuid', { name: 'review_id' }) reviewId: string;
  @PrimaryColumn('uuid', { name: 'subject_id' }) subjectId: string;
  @Column('smallint') real: number;
  @Column('smallint') like: number;
  @Column('smallint') beautiful: number;
}
