import { reasonError, type AppError } from '../../common/app-error.js';
import type { VersionEvent, VersionState } from './version-lifecycle.js';

export function revisionConflict(currentRevision: number, baseRevision: number): AppError {
  return reasonError('REVISION_CONFLICT', 'version.revisionConflict', { baseRevision, currentRevision }, { currentRevision, baseRevision });
}

// The state and the event are worded per language (the versionState / versionAction terms).
export function invalidTransition(current: VersionState, event: VersionEvent): AppError {
  return reasonError('INVALID_STATE_TRANSITION', 'version.illegalMove', { versionState: current, versionAction: event }, { currentState: current });
}
