import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { PreviewLightbox } from '../../previews/components/PreviewLightbox';
import type { VersionPreview } from '../graphql/versions.graphql';
import { useVersionPreviews } from '../hooks/useVersionHistory';
import { pairPreviewsBySubject } from '../preview-pairs';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../versions.css';

/** The two versions' previews in two columns, grouped by subject, the same seed on one row. */
export function PreviewCompare({ older, newer }: { older: { id: string; number: number }; newer: { id: string; number: number } }) {
  const { t, locale, formatNumber } = useI18n();
  const query = useVersionPreviews(older.id, newer.id);
  const [openPreview, setOpenPreview] = useState<VersionPreview | null>(null);
  const groups = useMemo(
    () => (query.data ? pairPreviewsBySubject(query.data.older?.previews ?? [], query.data.newer?.previews ?? [], locale) : []),
    [query.data, locale],
  );

  return (
    <section className="card history-card" data-testid="history-previews" aria-label={t('versions.previewsTitle')}>
      <header className="history-card-header">
        <h2 className="history-card-title">{t('versions.previewsTitle')}</h2>
        <span className="muted">{t('versions.previewsHint')}</span>
      </header>
      {query.error ? (
        <RetryBanner error={query.error} onRetry={query.reload} />
      ) : !query.data ? (
        <div className="loading-state" aria-busy="true">
          {t('common.loading')}
        </div>
      ) : groups.length === 0 ? (
        <p className="muted history-empty-line">{t('versions.previewsEmpty')}</p>
      ) : (
        <div className="history-preview-table">
          <div className="history-preview-columns" aria-hidden="true">
            <span />
            <span>{t('versions.number', { number: older.number })}</span>
            <span>{t('versions.number', { number: newer.number })}</span>
          </div>
          {groups.map((group) => (
            <div key={group.subjectId} className="history-preview-group" data-testid="history-preview-group" data-subject={group.subjectName}>
              <h3 className="history-preview-subject">{group.subjectName}</h3>
              {group.rows.map((row) => (
                <div key={row.key} className="history-preview-row" data-testid="history-preview-row" data-same-seed={row.isSameSeed}>
                  <span className="history-preview-seed">
                    {row.isSameSeed && row.older ? t('versions.previewSameSeed', { seed: formatNumber(row.older.seed, { useGrouping: false }) }) : t('versions.previewOtherSeeds')}
                  </span>
                  <PreviewCell preview={row.older} side="older" showSeed={!row.isSameSeed} onOpen={setOpenPreview} />
                  <PreviewCell preview={row.newer} side="newer" showSeed={!row.isSameSeed} onOpen={setOpenPreview} />
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
      {openPreview?.imageUrl && <PreviewLightbox job={openPreview} onClose={() => setOpenPreview(null)} />}
    </section>
  );
}

function PreviewCell({ preview, side, showSeed, onOpen }: { preview: VersionPreview | null; side: 'older' | 'newer'; showSeed: boolean; onOpen: (preview: VersionPreview) => void }) {
  const { t, formatNumber } = useI18n();
  if (!preview) {
    return (
      <div className="history-preview-cell history-preview-cell-empty" data-testid={`history-preview-${side}`} data-empty="true">
        {t('versions.previewMissing')}
      </div>
    );
  }
  const seed = formatNumber(preview.seed, { useGrouping: false });
  const alt = t('previews.imageAlt', { name: preview.subject.name, seed });
  if (preview.removed) {
    return (
      <div className="history-preview-cell history-preview-cell-empty" data-testid={`history-preview-${side}`}>
        {t('previews.removed')}
      </div>
    );
  }
  if (preview.state !== 'SUCCEEDED' || !preview.thumbnailUrl) {
    return (
      <div className="history-preview-cell history-preview-cell-empty" data-testid={`history-preview-${side}`} data-state={preview.state}>
        {t('versions.previewNotReady')}
      </div>
    );
  }
  return (
    <button type="button" className="history-preview-cell" onClick={() => onOpen(preview)} aria-label={t('previews.openImage', { name: preview.subject.name, seed })} data-testid={`history-preview-${side}`} data-state={preview.state} data-seed={preview.seed}>
      <img src={preview.thumbnailUrl} alt={alt} />
      {showSeed && <span className="history-preview-cell-seed">{t('versions.previewCellSeed', { seed })}</span>}
    </button>
  );
}
