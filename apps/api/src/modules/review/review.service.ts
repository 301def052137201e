import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { badInputIssues, inputIssue, isUuid, reasonError, requireUuid, type InputIssue } from '../../common/app-error.js';
import type { AuthUser } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { PreviewSubjectEntity } from '../preview-subject/preview-subject.entity.js';
import { PreviewSubjectService } from '../preview-subject/preview-subject.service.js';
import { TemplateService } from '../template/template.service.js';
import type { TemplateVersionEntity } from '../template/template-version.entity.js';
import { ReviewEntity, ReviewScoreEntity, type ReviewComment, type ReviewDecision } from './review.entity.js';

export interface ReviewInput {
  versionId: string;
  decision: ReviewDecision;
  scores: Array<{ subjectId: string; real: number; like: number; beautiful: number }>;
  comments: Array<{ body: string; previewJobId?: string | null; x?: number | null; y?: number | null }>;
}

// The limits checkInput enforces, also served as reviewPolicy so the studio can mirror them.
export const SCORE_MIN = 0;
export const SCORE_MAX = 100;
export const COMMENT_MAX_LENGTH = 4000;

export interface ReviewPolicy {
  scoreBar: number;
  scoreMin: number;
  scoreMax: number;
  commentMaxLength: number;
}

const EVENT = { APPROVE: 'APPROVE', REQUEST_CHANGES: 'REQUEST_CHANGES', REJECT: 'REJECT' } as const;

@Injectable()
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateService,
    private readonly subjects: PreviewSubjectService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  reviewPolicy(): ReviewPolicy {
    return { scoreBar: this.config.reviewScoreBar, scoreMin: SCORE_MIN, scoreMax: SCORE_MAX, commentMaxLength: COMMENT_MAX_LENGTH };
  }

  async reviewVersion(reviewer: AuthUser, input: ReviewInput): Promise<TemplateVersionEntity> {
    const versionId = requireUuid(input.versionId, 'Template version');
    const version = await this.templates.getVersionForUser(reviewer, versionId);
    // Four eyes: nobody reviews work they own, started, edited or submitted (an admin editing a
    // designer's draft included).
    const [{ involved }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM templates WHERE id = $1 AND owner_id = $3)
           OR EXISTS (SELECT 1 FROM audit_log WHERE entity_type = 'template_version' AND entity_id = $2 AND actor_id = $3
                        AND action IN ('version.draft_started', 'version.draft_saved', 'version.submitted')) AS involved`,
      [version.templateId, version.id, reviewer.id],
    );
    if (version.authorId === reviewer.id || involved) {
      throw reasonError('FORBIDDEN', 'review.ownWork');
    }
    const issues = this.checkInput(input);
    // Faces that can render this version today: active, consent still valid, and with an identity
    // LoRA for its base model (a face without one has no previews of it to judge).
    const activeSubjects = await this.subjects.usableFor((version.spec as { baseModel: 'sd15' | 'sdxl' }).baseModel);
    const known = await this.dataSource.manager.find(PreviewSubjectEntity, { where: { id: In(input.scores.map((s) => s.subjectId).filter(isUuid)) } });
    const knownIds = new Set(known.map((s) => s.id));
    input.scores.forEach((s, i) => {
      if (!knownIds.has(s.subjectId)) issues.push(inputIssue(`scores.${i}.subjectId`, 'review.subjectUnknown'));
    });
    if (input.decision === 'APPROVE') {
      const scored = new Set(input.scores.map((s) => s.subjectId));
      if (!activeSubjects.length) issues.push(inputIssue('scores', 'review.noActiveSubjects'));
      for (const subject of activeSubjects) {
        if (!scored.has(subject.id)) issues.push(inputIssue('scores', 'review.scoreMissing', { name: subject.name }));
      }
      const bar = this.config.reviewScoreBar;
      input.scores.forEach((s, i) => {
        for (const axis of ['real', 'like', 'beautiful'] as const) {
          if (s[axis] < bar) issues.push(inputIssue(`scores.${i}.${axis}`, 'review.scoreBelowBar', { bar, scoreAxis: axis, score: s[axis] }));
        }
      });
    }
    if (issues.length) throw badInputIssues(issues);

    return this.dataSource.transaction(async (m) => {
      const moved = await this.templates.moveVersion(reviewer, versionId, EVENT[input.decision], `version.review_${input.decision.toLowerCase()}`, (v) => {
        v.decidedAt = new Date();
      }, m);
      const comments: ReviewComment[] = input.comments.map((c) => ({ body: c.body.trim(), previewJobId: c.previewJobId ?? null, x: c.x ?? null, y: c.y ?? null }));
      const review = await m.save(m.create(ReviewEntity, { versionId, reviewerId: reviewer.id, decision: input.decision, comments }));
      if (input.scores.length) {
        await m.insert(ReviewScoreEntity, input.scores.map((s) => ({ reviewId: review.id, subjectId: s.subjectId, real: s.real, like: s.like, beautiful: s.beautiful })));
      }
      return moved;
    });
  }

  private checkInput(input: ReviewInput): InputIssue[] {
    const issues: InputIssue[] = [];
    const seen = new Set<string>();
    input.scores.forEach((s, i) => {
      if (seen.has(s.subjectId)) issues.push(inputIssue(`scores.${i}.subjectId`, 'review.scoredTwice'));
      seen.add(s.subjectId);
      for (const axis of ['real', 'like', 'beautiful'] as const) {
        if (!Number.isInteger(s[axis]) || s[axis] < SCORE_MIN || s[axis] > SCORE_MAX) issues.push(inputIssue(`scores.${i}.${axis}`, 'review.scoreRange', { min: SCORE_MIN, max: SCORE_MAX }));
      }
    });
    input.comments.forEach((c, i) => {
      if (!c.body.trim() || c.body.length > COMMENT_MAX_LENGTH) issues.push(inputIssue(`comments.${i}.body`, 'review.commentLength', { min: 1, max: COMMENT_MAX_LENGTH }));
      for (const axis of ['x', 'y'] as const) {
        const v = c[axis];
        if (v !== null && v !== undefined && (!Number.isFinite(v) || v < 0 || v > 1)) issues.push(inputIssue(`comments.${i}.${axis}`, 'review.pinRange'));
      }
    });
    if (input.decision !== 'APPROVE' && !input.comments.length) {
      issues.push(inputIssue('comments', 'review.commentRequired'));
    }
    return issues;
  }
}

