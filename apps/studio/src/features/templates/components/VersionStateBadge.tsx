import type { VersionState } from '../graphql/templates.graphql';

const STATE_LABELS: Record<VersionState, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'In review',
  CHANGES_REQUESTED: 'Changes requested',
  REJECTED: 'Rejected',
  APPROVED: 'Approved',
  PUBLISHED: 'Published',
  SUPERSEDED: 'Superseded',
};

export function VersionStateBadge({ state }: { state: VersionState }) {
  return (
    <span className={`badge badge-state-${state.toLowerCase().replaceAll('_', '-')}`} data-state={state}>
      {STATE_LABELS[state] ?? state}
    </span>
  );
}
