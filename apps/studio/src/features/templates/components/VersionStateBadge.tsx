import { useI18n } from '../../../i18n/useI18n';
import type { VersionState } from '../graphql/templates.graphql';
import '../templates.css';

export function VersionStateBadge({ state }: { state: VersionState }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-state-${state.toLowerCase().replaceAll('_', '-')}`} data-state={state}>
      {t(`templates.state.${state}`)}
    </span>
  );
}
