// The review rules the API enforces (apps/api/src/modules/review/review.service.ts), as plain
// functions so the page can show them before the reviewer presses a button.

export type ReviewDecisionChoice = 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT';
export const SCORE_AXES = ['real', 'like', 'beautiful'] as const;
export type ScoreAxis = (typeof SCORE_AXES)[number];
export type SubjectScores = Record<ScoreAxis, number>;

/**
 * The limits the API enforces, as it serves them (`reviewPolicy`): approving needs every score at
 * `scoreBar` or above ("real, like, beautiful ... all need to reach a quality of 90 or above" — the
 * deployment's REVIEW_SCORE_BAR), scores are whole numbers from `scoreMin` to `scoreMax`, comments
 * are at most `commentMaxLength` characters.
 */
export interface ReviewPolicy {
  scoreBar: number;
  scoreMin: number;
  scoreMax: number;
  commentMaxLength: number;
}

export type ReviewRuleProblem =
  | { kind: 'unscored'; subjectId: string }
  | { kind: 'belowBar'; subjectId: string; axis: ScoreAxis; value: number }
  | { kind: 'invalidScore'; subjectId: string; axis: ScoreAxis }
  | { kind: 'partialScores'; subjectId: string }
  | { kind: 'noSubjects' }
  | { kind: 'commentNeeded' }
  | { kind: 'emptyComment'; index: number }
  | { kind: 'commentTooLong'; index: number };

/** Anything typed into a score field -> a whole number clamped to the policy's range (empty or garbage -> null). */
export function parseScore(text: string, policy: ReviewPolicy): number | null {
  if (!text.trim()) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  return Math.min(policy.scoreMax, Math.max(policy.scoreMin, Math.round(value)));
}

export function isValidScore(value: number, policy: ReviewPolicy): boolean {
  return Number.isInteger(value) && value >= policy.scoreMin && value <= policy.scoreMax;
}

/** The mean of a subject's three scores, rounded to one decimal. */
export function averageScore(scores: SubjectScores): number {
  return Math.round(((scores.real + scores.like + scores.beautiful) / 3) * 10) / 10;
}

/** The mean over every scored subject and axis (null when nothing is scored). */
export function overallAverage(scores: readonly SubjectScores[]): number | null {
  if (!scores.length) return null;
  return Math.round((scores.reduce((sum, s) => sum + s.real + s.like + s.beautiful, 0) / (scores.length * 3)) * 10) / 10;
}

/** A subject's scores when all three axes are filled in, else null. */
export function completeScores(scores: Partial<SubjectScores> | undefined): SubjectScores | null {
  if (!scores || scores.real === undefined || scores.like === undefined || scores.beautiful === undefined) return null;
  return { real: scores.real, like: scores.like, beautiful: scores.beautiful };
}

export interface DecisionDraft {
  /** Every subject with previews of this version; approving needs a score for each. */
  subjectIds: readonly string[];
  /** Scores entered so far, by subject id (a subject left out, or with no axis filled, was not scored). */
  scores: Readonly<Record<string, Partial<SubjectScores> | undefined>>;
  /** Bodies of every comment, pinned or not, in order. */
  comments: readonly string[];
}

/** What stands between the draft and `decision` being accepted by the API (empty: good to go). */
export function checkDecision(decision: ReviewDecisionChoice, draft: DecisionDraft, policy: ReviewPolicy): ReviewRuleProblem[] {
  const problems: ReviewRuleProblem[] = [];
  for (const [subjectId, scores] of Object.entries(draft.scores)) {
    if (!scores) continue;
    const filled = SCORE_AXES.filter((axis) => scores[axis] !== undefined);
    if (filled.length > 0 && filled.length < SCORE_AXES.length) problems.push({ kind: 'partialScores', subjectId });
    for (const axis of filled) if (!isValidScore(scores[axis]!, policy)) problems.push({ kind: 'invalidScore', subjectId, axis });
  }
  draft.comments.forEach((body, index) => {
    if (!body.trim()) problems.push({ kind: 'emptyComment', index });
    else if (body.length > policy.commentMaxLength) problems.push({ kind: 'commentTooLong', index });
  });
  if (decision === 'APPROVE') {
    if (!draft.subjectIds.length) problems.push({ kind: 'noSubjects' });
    for (const subjectId of draft.subjectIds) {
      const scores = completeScores(draft.scores[subjectId]);
      if (!scores) {
        if (!SCORE_AXES.some((axis) => draft.scores[subjectId]?.[axis] !== undefined)) problems.push({ kind: 'unscored', subjectId });
        continue;
      }
      for (const axis of SCORE_AXES) if (isValidScore(scores[axis], policy) && scores[axis] < policy.scoreBar) problems.push({ kind: 'belowBar', subjectId, axis, value: scores[axis] });
    }
  } else if (!draft.comments.length) {
    problems.push({ kind: 'commentNeeded' });
  }
  return problems;
}

/** A click inside a box of `size` -> the point normalised to 0..1 on both axes (clamped at the edges). */
export function normalisePin(point: { x: number; y: number }, size: { width: number; height: number }): { x: number; y: number } {
  const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  return { x: clamp(size.width > 0 ? point.x / size.width : 0), y: clamp(size.height > 0 ? point.y / size.height : 0) };
}

export interface PinnedComment {
  body: string;
  previewJobId: string | null;
  x: number | null;
  y: number | null;
}

/** Where a comment is pinned: on a preview image, on the canvas, or nowhere (a general comment). */
export function pinTarget(comment: PinnedComment): 'preview' | 'canvas' | 'general' {
  if (comment.x === null || comment.y === null) return 'general';
  return comment.previewJobId ? 'preview' : 'canvas';
}

/** Pinned comments get numbers 1, 2, 3 … in order; general comments get none. */
export function numberPins<T extends PinnedComment>(comments: readonly T[]): Array<{ comment: T; number: number | null }> {
  let next = 1;
  return comments.map((comment) => ({ comment, number: pinTarget(comment) === 'general' ? null : next++ }));
}

interface DecidedVersion {
  number: number;
  reviews: ReadonlyArray<{ decision: ReviewDecisionChoice; createdAt: string }>;
}

/** The newest version (versions come newest first) that carries a review, and its latest review. */
export function latestDecidedVersion<V extends DecidedVersion>(versions: readonly V[]): { version: V; review: V['reviews'][number] } | null {
  for (const version of versions) {
    const review = version.reviews.at(-1);
    if (review) return { version, review };
  }
  return null;
}

/** A comment's marker: its number and where it points, normalised 0..1 on the image or canvas. */
export interface NumberedPin {
  number: number;
  x: number;
  y: number;
}
