// The life of a template version as a pure function; the API applies it inside transactions and a
// database trigger keeps frozen versions frozen.
export const VERSION_STATES = ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'REJECTED', 'APPROVED', 'PUBLISHED', 'SUPERSEDED'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export type VersionEvent = 'SUBMIT' | 'APPROVE' | 'REQUEST_CHANGES' | 'REJECT' | 'PUBLISH' | 'SUPERSEDE';

const TRANSITIONS: Record<VersionState, Partial<Record<VersionEvent, VersionState>>> = {
  DRAFT: { SUBMIT: 'SUBMITTED' },
  SUBMITTED: { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', REJECT: 'REJECTED' },
  CHANGES_REQUESTED: {},
  REJECTED: {},
  APPROVED: { PUBLISH: 'PUBLISHED' },
  // Unpublishing or publishing another version supersedes the published one; it stays fetchable.
  PUBLISHED: { SUPERSEDE: 'SUPERSEDED' },
  // Rolling back republishes an earlier published version.
  SUPERSEDED: { PUBLISH: 'PUBLISHED' },
};

// (state, event) -> next state, or null when the move is not allowed.
export function nextVersionState(current: VersionState, event: VersionEvent): VersionState | null {
  return TRANSITIONS[current][event] ?? null;
}

export function isFrozen(state: VersionState): boolean {
  return state !== 'DRAFT';
}

// Versions a consumer app may fetch by id, forever.
export function isCatalogVisible(state: VersionState): boolean {
  return state === 'PUBLISHED' || state === 'SUPERSEDED';
}
