import { describe, expect, it } from '@jest/globals';
import { averageScore, checkDecision, latestDecidedVersion, normalisePin, numberPins, overallAverage, parseScore, pinTarget, type ReviewPolicy } from './review-rules';

const full = (real: number, like: number, beautiful: number) => ({ real, like, beautiful });
// What the API serves as reviewPolicy with its defaults.
const POLICY: ReviewPolicy = { scoreBar: 90, scoreMin: 0, scoreMax: 100, commentMaxLength: 4000 };

describe('review rules', () => {
  it('reads typed scores as whole numbers within 0..100 and empty as unset', () => {
    expect(parseScore('87', POLICY)).toBe(87);
    expect(parseScore('87.6', POLICY)).toBe(88);
    expect(parseScore('140', POLICY)).toBe(100);
    expect(parseScore('-3', POLICY)).toBe(0);
    expect(parseScore('', POLICY)).toBeNull();
    expect(parseScore('abc', POLICY)).toBeNull();
    expect(parseScore('140', { ...POLICY, scoreMax: 10 })).toBe(10);
  });

  it('averages a subject to one decimal and the whole review over every axis', () => {
    expect(averageScore(full(84, 91, 88))).toBe(87.7);
    expect(overallAverage([full(90, 90, 90), full(100, 100, 100)])).toBe(95);
    expect(overallAverage([])).toBeNull();
  });

  it('approves only with every subject scored and every score at the bar or above', () => {
    const subjectIds = ['mei', 'jun'];
    expect(checkDecision('APPROVE', { subjectIds, scores: { mei: full(95, 92, 90) }, comments: [] }, POLICY)).toEqual([{ kind: 'unscored', subjectId: 'jun' }]);
    expect(checkDecision('APPROVE', { subjectIds, scores: { mei: full(95, 92, 90), jun: full(93, 79, 90) }, comments: [] }, POLICY)).toEqual([
      { kind: 'belowBar', subjectId: 'jun', axis: 'like', value: 79 },
    ]);
    expect(checkDecision('APPROVE', { subjectIds, scores: { mei: full(95, 92, 90), jun: { real: 91 } }, comments: [] }, POLICY)).toEqual([{ kind: 'partialScores', subjectId: 'jun' }]);
    expect(checkDecision('APPROVE', { subjectIds, scores: { mei: full(95, 92, 90), jun: full(90, 90, 90) }, comments: [] }, POLICY)).toEqual([]);
    // A stricter deployment bar is respected.
    expect(checkDecision('APPROVE', { subjectIds: ['mei'], scores: { mei: full(95, 92, 90) }, comments: [] }, { ...POLICY, scoreBar: 95 })).toHaveLength(2);
    expect(checkDecision('APPROVE', { subjectIds: [], scores: {}, comments: [] }, POLICY)).toEqual([{ kind: 'noSubjects' }]);
    // So is a lower one (REVIEW_SCORE_BAR=85): 85 passes where the default bar would refuse it.
    expect(checkDecision('APPROVE', { subjectIds: ['mei'], scores: { mei: full(85, 88, 86) }, comments: [] }, { ...POLICY, scoreBar: 85 })).toEqual([]);
    expect(checkDecision('APPROVE', { subjectIds: ['mei'], scores: { mei: full(85, 88, 86) }, comments: [] }, POLICY)).toHaveLength(3);
  });

  it('needs at least one non-empty comment to request changes or reject, and no scores', () => {
    expect(checkDecision('REQUEST_CHANGES', { subjectIds: ['mei'], scores: {}, comments: [] }, POLICY)).toEqual([{ kind: 'commentNeeded' }]);
    expect(checkDecision('REJECT', { subjectIds: ['mei'], scores: {}, comments: ['  '] }, POLICY)).toEqual([{ kind: 'emptyComment', index: 0 }]);
    expect(checkDecision('REJECT', { subjectIds: ['mei'], scores: {}, comments: ['x'.repeat(4001)] }, POLICY)).toEqual([{ kind: 'commentTooLong', index: 0 }]);
    expect(checkDecision('REJECT', { subjectIds: ['mei'], scores: {}, comments: ['x'.repeat(4001)] }, { ...POLICY, commentMaxLength: 5000 })).toEqual([]);
    expect(checkDecision('REQUEST_CHANGES', { subjectIds: ['mei'], scores: { mei: full(40, 50, 60) }, comments: ['Softer light'] }, POLICY)).toEqual([]);
  });

  it('normalises a click to 0..1 of the box it landed in, clamped at the edges', () => {
    expect(normalisePin({ x: 60, y: 40 }, { width: 200, height: 100 })).toEqual({ x: 0.3, y: 0.4 });
    expect(normalisePin({ x: 832, y: -5 }, { width: 832, height: 1216 })).toEqual({ x: 1, y: 0 });
    expect(normalisePin({ x: 10, y: 10 }, { width: 0, height: 0 })).toEqual({ x: 0, y: 0 });
  });

  it('numbers pinned comments 1, 2, … in order and leaves general comments unnumbered', () => {
    const comments = [
      { body: 'a', previewJobId: 'job-1', x: 0.3, y: 0.4 },
      { body: 'b', previewJobId: null, x: null, y: null },
      { body: 'c', previewJobId: null, x: 0.1, y: 0.2 },
    ];
    expect(numberPins(comments).map((entry) => entry.number)).toEqual([1, null, 2]);
    expect(comments.map(pinTarget)).toEqual(['preview', 'general', 'canvas']);
  });

  it('finds the newest version that carries a review, and its latest review', () => {
    const versions = [
      { id: 'v3', number: 3, reviews: [] },
      { id: 'v2', number: 2, reviews: [{ decision: 'REQUEST_CHANGES' as const, createdAt: '2026-01-02' }, { decision: 'APPROVE' as const, createdAt: '2026-01-03' }] },
      { id: 'v1', number: 1, reviews: [{ decision: 'REJECT' as const, createdAt: '2026-01-01' }] },
    ];
    expect(latestDecidedVersion(versions)).toEqual({ version: versions[1], review: versions[1]!.reviews[1] });
    expect(latestDecidedVersion([{ id: 'v1', number: 1, reviews: [] }])).toBeNull();
  });
});
