import { useState } from 'react';
import { AdminFacesDocument, RetireFaceDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { gqlRequest } from '../../../lib/graphql-client';
import { useGqlQuery } from '../../../lib/useGqlQuery';
import { AdminPageHeader } from '../../admin/components/AdminPageHeader';
import { AdminTableCard } from '../../admin/components/AdminTableCard';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { CONSENT_WARNING_DAYS, faceBaseModels, faceStatusOf, type Face, type FaceStatus } from '../face-consent';
import { AddFaceForm } from './AddFaceForm';
import { ExtendConsentDialog } from './ExtendConsentDialog';
import '../faces.css';

const NO_VARIABLES = {};

// The last change made on the page, worded at render time so the banner follows a language switch.
type FaceChange = { kind: 'added' | 'retired' | 'extended'; face: Face };

/**
 * Admin: the consenting faces previews are rendered on. Add one (consent, identity LoRAs per base
 * model, photos), see whose consent ends soon, extend it with a new signed document, or retire a face
 * (which deletes its LoRAs, photos and previews).
 */
export function FacesPage({ now = Date.now }: { now?: () => number }) {
  const { t, tn, formatDate } = useI18n();
  const query = useGqlQuery(AdminFacesDocument, NO_VARIABLES);
  const [isAdding, setIsAdding] = useState(false);
  const [extending, setExtending] = useState<Face | null>(null);
  const [message, setMessage] = useState<FaceChange | null>(null);
  const faces = query.data?.previewSubjects ?? null;
  const date = (value: string | null | undefined) => (value ? formatDate(value, { dateStyle: 'medium' }) : '—');

  // The list takes the face as the API answered, in name order (as the API lists them).
  const changed = (face: Face, kind: FaceChange['kind']) => {
    if (query.data) query.setData({ previewSubjects: [...query.data.previewSubjects.filter((f) => f.id !== face.id), face].sort((a, b) => a.name.localeCompare(b.name)) });
    setMessage({ kind, face });
  };
  const describeChange = ({ kind, face }: FaceChange) =>
    kind === 'extended' ? t('faces.extended', { name: face.name, date: date(face.consentExpiresAt) }) : t(kind === 'added' ? 'faces.added' : 'faces.retired', { name: face.name });

  const retiring = useConfirmedAction<Face>(async (face) => {
    const { retirePreviewSubject } = await gqlRequest(RetireFaceDocument, { id: face.id });
    changed(retirePreviewSubject, 'retired');
  });

  const expiring = (faces ?? []).filter((f) => faceStatusOf(f, now()).kind === 'expiring');

  function statusBadge(status: FaceStatus) {
    switch (status.kind) {
      case 'usable':
        return <span className="badge badge-success">{tn('faces.status.usable', status.daysLeft)}</span>;
      case 'expiring':
        return <span className="badge badge-warning">{tn('faces.status.expiring', status.daysLeft)}</span>;
      case 'expired':
        return <span className="badge badge-danger">{status.purged ? t('faces.status.expiredPurged') : t('faces.status.expired')}</span>;
      case 'retired':
        return <span className="badge badge-danger">{status.purged ? t('faces.status.retiredPurged') : t('faces.status.retired')}</span>;
    }
  }

  return (
    <main className="page">
      <AdminPageHeader
        title={t('faces.title')}
        subtitle={t('faces.subtitle')}
        onRefresh={query.reload}
        isLoading={query.isLoading}
        error={query.error}
        actions={
          !isAdding && (
            <button type="button" className="button button-primary" data-testid="add-face" onClick={() => (setMessage(null), setIsAdding(true))}>
              {t('faces.add')}
            </button>
          )
        }
      />
      {message && (
        <div className="banner banner-success" role="status" data-testid="faces-message">
          {describeChange(message)}
        </div>
      )}
      {expiring.length > 0 && (
        <div className="banner banner-warning" role="note" data-testid="faces-expiring">
          {tn('faces.expiringBanner', expiring.length, { names: expiring.map((f) => f.name).join(', '), days: CONSENT_WARNING_DAYS })}
        </div>
      )}
      {isAdding && (
        <AddFaceForm
          now={now}
          onCancel={() => setIsAdding(false)}
          onAdded={(face) => {
            setIsAdding(false);
            changed(face, 'added');
          }}
        />
      )}
      <AdminTableCard
        id="faces-heading"
        title={t('faces.listTitle')}
        subtitle={t('faces.listSubtitle')}
        rows={faces}
        isFailed={!!query.error}
        emptyText={t('faces.empty')}
        columns={[{ label: t('faces.col.face') }, { label: t('faces.col.photos') }, { label: t('faces.col.baseModels') }, { label: t('faces.col.status') }, { label: t('faces.col.consentUntil') }]}
        hasActions
        renderRow={(face) => {
          const status = faceStatusOf(face, now());
          const isLive = face.active && !face.purgedAt;
          return (
            <tr key={face.id} data-testid="face-row" data-face-id={face.id} data-status={status.kind}>
              <th scope="row" className="cell-title">
                {face.name}
                <span className="face-row-subtitle">{[t(`faces.gender.${face.gender}`), face.ageYears !== null ? t('faces.age', { age: face.ageYears }) : null].filter(Boolean).join(' · ')}</span>
              </th>
              <td>
                <span className="face-photos">
                  {(face.referencePhotos ?? []).slice(0, 3).map((photo, i) => (
                    <img key={photo.assetId} src={photo.url} alt={t('faces.photoAlt', { name: face.name, n: i + 1 })} className="face-photo" width={32} height={40} />
                  ))}
                  {(face.referencePhotos?.length ?? 0) > 3 && <span className="muted">+{(face.referencePhotos?.length ?? 0) - 3}</span>}
                </span>
              </td>
              <td data-testid="face-base-models">
                <span className="face-models">
                  {faceBaseModels(face).map((model, i) => {
                    const triggerWord = face.identityLoras[i]?.triggerWord;
                    return (
                      <span key={model} className="badge" title={triggerWord ? t('faces.triggerWordOf', { baseModel: model, word: triggerWord }) : undefined}>
                        {model}
                        {triggerWord && <span data-testid="face-trigger-word"> · {triggerWord}</span>}
                      </span>
                    );
                  })}
                </span>
              </td>
              <td data-testid="face-status">{statusBadge(status)}</td>
              <td>{date(face.consentExpiresAt)}</td>
              <td className="cell-action">
                {isLive && (
                  <button type="button" className="button button-small" data-testid="extend-consent" onClick={() => (setMessage(null), setExtending(face))}>
                    {t('faces.extend.open')}
                  </button>
                )}
                {face.active && (
                  <button type="button" className="button button-small" data-testid="retire-face" onClick={() => (setMessage(null), retiring.ask(face))}>
                    {t('faces.retire')}
                  </button>
                )}
              </td>
            </tr>
          );
        }}
      />

      {extending && (
        <ExtendConsentDialog
          face={extending}
          now={now}
          onCancel={() => setExtending(null)}
          onExtended={(face) => {
            setExtending(null);
            changed(face, 'extended');
          }}
        />
      )}
      {retiring.target && (
        <ConfirmDialog title={t('faces.retireTitle', { name: retiring.target.name })} confirmLabel={t('faces.retireConfirm')} busy={retiring.isRunning} error={retiring.error} onConfirm={retiring.confirm} onCancel={retiring.cancel}>
          <p>{t('faces.retireText')}</p>
          <p className="dialog-warning" data-testid="retire-deletes">
            {t('faces.retireDeletes', { loras: faceBaseModels(retiring.target).join(', '), photos: retiring.target.referencePhotos?.length ?? 0 })}
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}
