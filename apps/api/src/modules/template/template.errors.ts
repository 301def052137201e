import { AppError } from '../../common/app-error.js';
import { describeIllegalMove, type VersionEvent, type VersionState } from './version-lifecycle.js';

export function revisionConflict(currentRevision: number, baseRevision: number): AppError {
  return new AppError(
    'REVISION_CONFLICT',
    `This template changed since you loaded it (you edited revision ${baseRevision}, the latest is ${currentRevision}). Reload to see the latest changes; nothing was overwritten.`,
    { currentRevision, baseRevision },
  );
}

export function invalidTransition(current: VersionState, event: VersionEvent): AppError {
  return new AppError('INVALID_STATE_TRANSITION', describeIllegalMove(current, event), { currentState: current });
}
