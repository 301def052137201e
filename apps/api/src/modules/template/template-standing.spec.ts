import { describe, expect, it } from '@jest/globals';
import { decideTemplateStanding, reviewNoteOf, type TemplateStandingFacts } from './template-standing.js';

const v = (number: number) => ({ id: `v${number}`, number });
const decidedAt = new Date('2026-05-01T10:00:00Z');

function facts(overrides: Partial<TemplateStandingFacts>): TemplateStandingFacts {
  return { newestFrozen: null, draft: null, published: null, lastPublished: null, latestReview: null, ...overrides };
}

describe('decideTemplateStanding', () => {
  it('is DRAFT_ONLY about the draft when nothing was submitted', () => {
    expect(decideTemplateStanding(facts({ draft: v(1) }))).toEqual({ state: 'DRAFT_ONLY', versionId: 'v1', versionNumber: 1, reviewNote: null, decidedAt: null, publishedVersionNumber: null });
  });

  it('follows the newest frozen version, whatever draft is open on top', () => {
    const submitted = facts({ newestFrozen: { ...v(2), state: 'SUBMITTED', decidedAt: null }, draft: v(3), published: v(1), lastPublished: v(1) });
    expect(decideTemplateStanding(submitted)).toMatchObject({ state: 'IN_REVIEW', versionNumber: 2, publishedVersionNumber: 1 });
  });

  it('carries the note and the decision time of a review', () => {
    const latestReview = { decision: 'REQUEST_CHANGES' as const, comments: [{ body: 'Softer light.', previewJobId: null, x: null, y: null }] };
    const sentBack = facts({ newestFrozen: { ...v(1), state: 'CHANGES_REQUESTED', decidedAt }, latestReview });
    expect(decideTemplateStanding(sentBack)).toEqual({ state: 'CHANGES_REQUESTED', versionId: 'v1', versionNumber: 1, reviewNote: 'Softer light.', decidedAt, publishedVersionNumber: null });
    expect(decideTemplateStanding({ ...sentBack, newestFrozen: { ...v(1), state: 'REJECTED', decidedAt } })).toMatchObject({ state: 'REJECTED', reviewNote: 'Softer light.' });
    expect(decideTemplateStanding({ ...sentBack, newestFrozen: { ...v(1), state: 'APPROVED', decidedAt }, latestReview: null })).toMatchObject({ state: 'APPROVED', reviewNote: null, decidedAt });
  });

  it('is PUBLISHED by the published version, also after a rollback superseded a newer one', () => {
    expect(decideTemplateStanding(facts({ newestFrozen: { ...v(2), state: 'PUBLISHED', decidedAt }, published: v(2), lastPublished: v(2) }))).toMatchObject({ state: 'PUBLISHED', versionId: 'v2', decidedAt: null, publishedVersionNumber: 2 });
    expect(decideTemplateStanding(facts({ newestFrozen: { ...v(2), state: 'SUPERSEDED', decidedAt }, published: v(1), lastPublished: v(1) }))).toMatchObject({ state: 'PUBLISHED', versionId: 'v1', versionNumber: 1 });
  });

  it('is UNPUBLISHED about the version published last', () => {
    expect(decideTemplateStanding(facts({ newestFrozen: { ...v(2), state: 'SUPERSEDED', decidedAt }, lastPublished: v(1) }))).toEqual({
      state: 'UNPUBLISHED',
      versionId: 'v1',
      versionNumber: 1,
      reviewNote: null,
      decidedAt: null,
      publishedVersionNumber: null,
    });
  });
});

describe('reviewNoteOf', () => {
  it('prefers a general comment over pinned ones, else the first comment, else none', () => {
    const pinned = { body: 'Here.', previewJobId: 'job-1', x: 0.2, y: 0.3 };
    const onCanvas = { body: 'There.', previewJobId: null, x: 0.5, y: 0.5 };
    const general = { body: 'Overall: warmer.', previewJobId: null, x: null, y: null };
    expect(reviewNoteOf([pinned, onCanvas, general])).toBe('Overall: warmer.');
    expect(reviewNoteOf([onCanvas, pinned])).toBe('There.');
    expect(reviewNoteOf([])).toBeNull();
  });
});
