import { useI18n } from '../../../i18n/useI18n';
import '../catalog.css';

/** The template's cover image, or a quiet placeholder until the GPU pool has rendered one. */
export function CatalogCover({ url, title }: { url: string | null; title: string }) {
  const { t } = useI18n();
  if (url) return <img className="catalog-cover-image" src={url} alt={title} loading="lazy" data-testid="catalog-cover" />;
  return (
    <div className="catalog-cover-placeholder" data-testid="catalog-cover-placeholder">
      <svg viewBox="0 0 48 48" aria-hidden="true" className="catalog-cover-icon">
        <rect x="6" y="6" width="36" height="36" rx="6" fill="none" stroke="currentColor" strokeWidth="2" />
        <circle cx="24" cy="20" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M12 40c2-7 6.5-10 12-10s10 3 12 10" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span>{t('catalog.noCover')}</span>
    </div>
  );
}
