import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import '../previews.css';

/** What the lightbox shows of a preview job (the editor's batch jobs and a version's previews both fit). */
export interface LightboxPreview {
  subject: { name: string };
  seed: number;
  cached: boolean;
  imageUrl: string | null;
}

/** A finished preview's full image over the page; Escape, a click outside or Close shuts it. `actions` go beside Close. */
export function PreviewLightbox({ job, onClose, actions }: { job: LightboxPreview; onClose: () => void; actions?: ReactNode }) {
  const { t, formatNumber } = useI18n();
  const seed = formatNumber(job.seed, { useGrouping: false });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);
  return (
    <dialog open className="preview-lightbox" data-testid="preview-lightbox" aria-label={t('previews.imageAlt', { name: job.subject.name, seed })} onClick={onClose}>
      <figure className="preview-lightbox-figure" onClick={(event) => event.stopPropagation()}>
        <img src={job.imageUrl ?? undefined} alt={t('previews.imageAlt', { name: job.subject.name, seed })} data-testid="preview-full-image" />
        <figcaption>
          <span>
            {job.subject.name} · {t('previews.seed', { seed })}
            {job.cached ? ` · ${t('previews.cached')}` : ''}
          </span>
          <span className="preview-lightbox-actions">
            {actions}
            <button type="button" className="button button-small" onClick={onClose} data-testid="preview-lightbox-close">
              {t('previews.close')}
            </button>
          </span>
        </figcaption>
      </figure>
    </dialog>
  );
}
