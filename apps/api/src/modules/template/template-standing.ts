// Where a template stands, in one word a designer understands, decided from a few facts about its
// versions (template.repository.ts reads them for many templates in one statement). Pure: no I/O.
import type { ReviewComment, ReviewDecision } from '../review/review.entity.js';
import type { VersionState } from './version-lifecycle.js';

export const TEMPLATE_STANDING_STATES = ['DRAFT_ONLY', 'IN_REVIEW', 'CHANGES_REQUESTED', 'REJECTED', 'APPROVED', 'PUBLISHED', 'UNPUBLISHED'] as const;
export type TemplateStandingState = (typeof TEMPLATE_STANDING_STATES)[number];

export interface VersionFact {
  id: string;
  number: number;
}

/** What the standing is decided from; every version is the template's own. */
export interface TemplateStandingFacts {
  /** The newest version that left DRAFT (submitted, decided, published or superseded). */
  newestFrozen: (VersionFact & { state: VersionState; decidedAt: Date | null }) | null;
  /** The open draft, if any. */
  draft: VersionFact | null;
  /** The version apps get now (templates.published_version_id). */
  published: VersionFact | null;
  /** The version published most recently, live or not (the one an unpublished template last showed). */
  lastPublished: VersionFact | null;
  /** The newest review of newestFrozen. */
  latestReview: { decision: ReviewDecision; comments: ReviewComment[] } | null;
}

export interface TemplateStanding {
  state: TemplateStandingState;
  /** The version the state is about (see TemplateStandingObject). */
  versionId: string;
  versionNumber: number;
  /** What the reviewer wrote, when a review decided the state. */
  reviewNote: string | null;
  decidedAt: Date | null;
  /** The version apps get now, whatever the state. */
  publishedVersionNumber: number | null;
}

/** Facts -> the template's standing. Drafts only count when nothing was ever submitted. */
export function decideTemplateStanding(facts: TemplateStandingFacts): TemplateStanding {
  const { newestFrozen: frozen, published } = facts;
  const publishedVersionNumber = published?.number ?? null;
  const about = (v: VersionFact, state: TemplateStandingState): TemplateStanding => ({ state, versionId: v.id, versionNumber: v.number, reviewNote: null, decidedAt: null, publishedVersionNumber });
  const decided = (state: TemplateStandingState): TemplateStanding => ({ ...about(frozen!, state), reviewNote: reviewNoteOf(facts.latestReview?.comments ?? []), decidedAt: frozen!.decidedAt });

  if (!frozen) {
    // Every template has a version; with none frozen it is the draft.
    if (!facts.draft) throw new Error('A template without versions has no standing.');
    return about(facts.draft, 'DRAFT_ONLY');
  }
  switch (frozen.state) {
    case 'SUBMITTED':
      return about(frozen, 'IN_REVIEW');
    case 'CHANGES_REQUESTED':
      return decided('CHANGES_REQUESTED');
    case 'REJECTED':
      return decided('REJECTED');
    case 'APPROVED':
      return decided('APPROVED');
    case 'PUBLISHED':
      return about(frozen, 'PUBLISHED');
    case 'SUPERSEDED':
      // Superseded by a rollback to an earlier version (still published), or by unpublishing.
      if (published) return about(published, 'PUBLISHED');
      return about(facts.lastPublished ?? frozen, 'UNPUBLISHED');
    case 'DRAFT':
      throw new Error('A draft is not a frozen version.');
  }
}

/**
 * A review's comments -> the note to show beside the template: the general comment (not pinned to a
 * spot) if there is one, else the first pinned one; null without comments.
 */
export function reviewNoteOf(comments: readonly ReviewComment[]): string | null {
  const general = comments.find((c) => c.previewJobId === null && c.x === null && c.y === null);
  return (general ?? comments[0])?.body ?? null;
}
