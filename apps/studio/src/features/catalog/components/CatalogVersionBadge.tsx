import { useI18n } from '../../../i18n/useI18n';

/** A pinned version's status as apps see it: current (published) or superseded (still fetchable). */
export function CatalogVersionBadge({ number, current }: { number: number; current: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${current ? 'badge-success' : 'badge-warning'}`} data-testid="catalog-version-status">
      {t(current ? 'catalog.status.current' : 'catalog.status.superseded', { number: String(number) })}
    </span>
  );
}
