import { useId, useState } from 'react';
import { ExtendFaceConsentDocument } from '../../../gql/graphql';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { AssetUploadError, uploadAsset } from '../../../lib/asset-upload';
import { gqlRequest } from '../../../lib/graphql-client';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import type { Face } from '../face-consent';
import { endOfLocalDay } from './AddFaceForm';

/** A new signed consent document and a later end date for a face; the API keeps the old one. */
export function ExtendConsentDialog({ face, now, onExtended, onCancel }: { face: Face; now: () => number; onExtended: (face: Face) => void; onCancel: () => void }) {
  const { t, formatDate } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { file: useId(), until: useId() };

  async function extend() {
    if (!file) return setError(t('faces.form.consentRequired'));
    if (!until || Date.parse(endOfLocalDay(until)) <= Math.max(now(), Date.parse(face.consentExpiresAt))) return setError(t('faces.extend.laterThan', { date: formatDate(face.consentExpiresAt, { dateStyle: 'medium' }) }));
    setBusy(true);
    setError(null);
    try {
      const document = await uploadAsset(file, 'CONSENT_DOCUMENT');
      const { extendConsent } = await gqlRequest(ExtendFaceConsentDocument, { subjectId: face.id, validUntil: endOfLocalDay(until), consentDocumentAssetId: document.id });
      onExtended(extendConsent);
    } catch (caught) {
      setError(caught instanceof AssetUploadError ? t('faces.form.fileRejected', { file: file.name, reason: caught.message }) : describeError(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog testId="extend-consent-dialog" title={t('faces.extend.title', { name: face.name })} confirmLabel={t('faces.extend.confirm')} confirmTone="primary" busy={busy} error={error} onConfirm={() => void extend()} onCancel={onCancel}>
      <p>{t('faces.extend.text', { date: formatDate(face.consentExpiresAt, { dateStyle: 'medium' }) })}</p>
      <div className="field">
        <label className="field-label" htmlFor={ids.file}>
          {t('faces.form.consentFile')}
        </label>
        <input id={ids.file} type="file" accept="application/pdf,image/png,image/jpeg,.pdf" data-testid="extend-consent-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.until}>
          {t('faces.form.until')}
        </label>
        <input id={ids.until} className="input" type="date" data-testid="extend-consent-until" value={until} onChange={(e) => setUntil(e.target.value)} />
      </div>
    </ConfirmDialog>
  );
}
