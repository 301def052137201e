// Which publishing buttons the history page shows: exactly what TemplateService allows (owner or admin
// through the DESIGNER/ADMIN guard; PUBLISH from APPROVED or SUPERSEDED, per version-lifecycle.ts).
import type { VersionState } from '../../gql/graphql';

export interface HistoryViewer {
  id: string;
  roles: readonly string[];
}

export type VersionAction = 'publish' | 'rollback';

/** The template's owner (a designer) and admins may publish, unpublish and roll back; reviewers may not. */
export function canManagePublishing(viewer: HistoryViewer, ownerId: string): boolean {
  if (viewer.roles.includes('ADMIN')) return true;
  return viewer.id === ownerId && viewer.roles.includes('DESIGNER');
}

/**
 * A version -> the button it gets: an approved one is published; a superseded one (published before)
 * is rolled back to; anything else, or the live one, gets none.
 */
export function findVersionAction(version: { id: string; state: VersionState }, publishedVersionId: string | null, canManage: boolean): VersionAction | null {
  if (!canManage || version.id === publishedVersionId) return null;
  if (version.state === 'APPROVED') return 'publish';
  if (version.state === 'SUPERSEDED') return 'rollback';
  return null;
}

/** Unpublishing needs a live version and the right to manage publishing. */
export function canUnpublish(publishedVersionId: string | null, canManage: boolean): boolean {
  return canManage && publishedVersionId !== null;
}

export interface VersionPair {
  olderId: string;
  newerId: string;
}

/** Versions newest first -> the default comparison (the newest against the one before), or null with fewer than two. */
export function pickDefaultPair(versions: ReadonlyArray<{ id: string }>): VersionPair | null {
  const [newest, previous] = versions;
  return newest && previous ? { olderId: previous.id, newerId: newest.id } : null;
}

/** Two chosen versions in any order -> older and newer by version number. */
export function orderPair<V extends { id: string; number: number }>(a: V, b: V): { older: V; newer: V } {
  return a.number <= b.number ? { older: a, newer: b } : { older: b, newer: a };
}
