import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors, type FieldErrors } from '../../admin/admin-errors';
import type { SubjectGender } from '../graphql/faces.graphql';
import type { Face } from '../face-consent';
import { FaceFileError, uploadAndCreateFace, type FaceUploadProgress } from '../face-upload';

// Named as the API's input paths, so its refusals land next to the right field.
const FIELDS = ['name', 'gender', 'ageYears', 'consentExpiresAt', 'consentDocumentAssetId', 'identityLoras', 'referencePhotoAssetIds'] as const;
type Field = (typeof FIELDS)[number];

export const MIN_FACE_PHOTOS = 3;
export const MAX_FACE_PHOTOS = 10;

/** `yyyy-mm-dd` from a date input -> the end of that day, local time, as an ISO timestamp. */
export function endOfLocalDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d!, 23, 59, 59).toISOString();
}

/**
 * Adds a preview face: who it is (name, gender and age fill the {gender} and {age} prompt slots of its
 * previews), the signed consent and until when it holds, an identity LoRA per base model, and 3 to 10
 * consented photos. Every file is uploaded and checked before the face is created.
 */
export function AddFaceForm({ now, onAdded, onCancel }: { now: () => number; onAdded: (face: Face) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [gender, setGender] = useState<SubjectGender>('UNSPECIFIED');
  const [age, setAge] = useState('');
  const [consentUntil, setConsentUntil] = useState('');
  const [consentFile, setConsentFile] = useState<File | null>(null);
  const [sd15, setSd15] = useState<File | null>(null);
  const [sdxl, setSdxl] = useState<File | null>(null);
  const [triggerWords, setTriggerWords] = useState<{ SD15: string; SDXL: string }>({ SD15: '', SDXL: '' });
  const [photos, setPhotos] = useState<File[]>([]);
  const [progress, setProgress] = useState<FaceUploadProgress | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { name: useId(), gender: useId(), age: useId(), until: useId(), consent: useId(), sd15: useId(), sdxl: useId(), sd15Trigger: useId(), sdxlTrigger: useId(), photos: useId() };

  function check(): FieldErrors<Field> {
    const next: FieldErrors<Field> = {};
    if (!name.trim()) next.name = t('faces.form.nameRequired');
    const ageYears = age.trim() ? Number(age) : null;
    if (ageYears !== null && (!Number.isInteger(ageYears) || ageYears < 18 || ageYears > 100)) next.ageYears = t('faces.form.ageRange');
    if (!consentUntil) next.consentExpiresAt = t('faces.form.untilRequired');
    else if (Date.parse(endOfLocalDay(consentUntil)) <= now()) next.consentExpiresAt = t('faces.form.untilFuture');
    if (!consentFile) next.consentDocumentAssetId = t('faces.form.consentRequired');
    if (!sd15 && !sdxl) next.identityLoras = t('faces.form.loraRequired');
    if (photos.length < MIN_FACE_PHOTOS || photos.length > MAX_FACE_PHOTOS) next.referencePhotoAssetIds = t('faces.form.photoCount', { min: MIN_FACE_PHOTOS, max: MAX_FACE_PHOTOS, count: photos.length });
    return next;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (progress) return;
    const next = check();
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0 || !consentFile) return;
    try {
      const face = await uploadAndCreateFace(
        { name: name.trim(), gender, ...(age.trim() ? { ageYears: Number(age) } : {}), consentExpiresAt: endOfLocalDay(consentUntil) },
        { consentDocument: consentFile, identityLoras: { SD15: sd15, SDXL: sdxl }, triggerWords, photos },
        setProgress,
      );
      onAdded(face);
    } catch (error) {
      if (error instanceof FaceFileError) {
        const reason = error.cause.reason === 'rejected' ? t('faces.form.fileRejected', { file: error.fileName, reason: error.message }) : t('faces.form.fileFailed', { file: error.fileName });
        setFieldErrors({ [error.field]: reason });
      } else {
        const split = toFormErrors(error, FIELDS, t);
        setFieldErrors(split.fieldErrors);
        setFormError(split.formError);
      }
    } finally {
      setProgress(null);
    }
  }

  const note = (field: Field, hint?: string): ReactNode =>
    fieldErrors[field] ? (
      <p className="field-error" data-testid={`face-error-${field}`}>
        {fieldErrors[field]}
      </p>
    ) : hint ? (
      <p className="field-hint">{hint}</p>
    ) : null;
  const invalid = (field: Field) => (fieldErrors[field] ? true : undefined);

  return (
    <form className="admin-form card faces-form" onSubmit={handleSubmit} noValidate data-testid="add-face-form" aria-labelledby="add-face-heading">
      <h2 id="add-face-heading" className="card-title">
        {t('faces.form.title')}
      </h2>
      <div className="admin-form-grid">
        <div className="field">
          <label className="field-label" htmlFor={ids.name}>
            {t('faces.form.name')}
          </label>
          <input id={ids.name} className="input" data-testid="face-name" value={name} maxLength={80} autoComplete="off" onChange={(e) => setName(e.target.value)} aria-invalid={invalid('name')} />
          {note('name')}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.gender}>
            {t('faces.form.gender')}
          </label>
          <select id={ids.gender} className="input input-select" data-testid="face-gender" value={gender} onChange={(e) => setGender(e.target.value as SubjectGender)}>
            <option value="UNSPECIFIED">{t('faces.gender.UNSPECIFIED')}</option>
            <option value="FEMALE">{t('faces.gender.FEMALE')}</option>
            <option value="MALE">{t('faces.gender.MALE')}</option>
          </select>
          {note('gender', t('faces.form.genderHint'))}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.age}>
            {t('faces.form.age')}
            <span className="field-optional"> · {t('common.optional')}</span>
          </label>
          <input id={ids.age} className="input" type="number" min={18} max={100} step={1} data-testid="face-age" value={age} onChange={(e) => setAge(e.target.value)} aria-invalid={invalid('ageYears')} />
          {note('ageYears', t('faces.form.ageHint'))}
        </div>
      </div>

      <fieldset className="field-group">
        <legend className="field-label">{t('faces.form.consent')}</legend>
        <div className="admin-form-grid">
          <div className="field">
            <label className="field-label" htmlFor={ids.consent}>
              {t('faces.form.consentFile')}
            </label>
            <input id={ids.consent} type="file" accept="application/pdf,image/png,image/jpeg,.pdf" data-testid="face-consent-file" onChange={(e) => setConsentFile(e.target.files?.[0] ?? null)} aria-invalid={invalid('consentDocumentAssetId')} />
            {note('consentDocumentAssetId', t('faces.form.consentFileHint'))}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.until}>
              {t('faces.form.until')}
            </label>
            <input id={ids.until} className="input" type="date" data-testid="face-consent-until" value={consentUntil} onChange={(e) => setConsentUntil(e.target.value)} aria-invalid={invalid('consentExpiresAt')} />
            {note('consentExpiresAt', t('faces.form.untilHint'))}
          </div>
        </div>
      </fieldset>

      <fieldset className="field-group">
        <legend className="field-label">{t('faces.form.identity')}</legend>
        <div className="admin-form-grid">
          <div className="field">
            <label className="field-label" htmlFor={ids.sd15}>
              {t('faces.form.loraFor', { baseModel: 'SD1.5' })}
            </label>
            <input id={ids.sd15} type="file" accept=".safetensors" data-testid="face-lora-sd15" onChange={(e) => setSd15(e.target.files?.[0] ?? null)} aria-invalid={invalid('identityLoras')} />
            <label className="field-label" htmlFor={ids.sd15Trigger}>
              {t('faces.form.triggerWord', { baseModel: 'SD1.5' })}
              <span className="field-optional"> · {t('common.optional')}</span>
            </label>
            <input id={ids.sd15Trigger} className="input" data-testid="face-trigger-sd15" value={triggerWords.SD15} maxLength={60} autoComplete="off" onChange={(e) => setTriggerWords({ ...triggerWords, SD15: e.target.value })} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.sdxl}>
              {t('faces.form.loraFor', { baseModel: 'SDXL' })}
            </label>
            <input id={ids.sdxl} type="file" accept=".safetensors" data-testid="face-lora-sdxl" onChange={(e) => setSdxl(e.target.files?.[0] ?? null)} aria-invalid={invalid('identityLoras')} />
            <label className="field-label" htmlFor={ids.sdxlTrigger}>
              {t('faces.form.triggerWord', { baseModel: 'SDXL' })}
              <span className="field-optional"> · {t('common.optional')}</span>
            </label>
            <input id={ids.sdxlTrigger} className="input" data-testid="face-trigger-sdxl" value={triggerWords.SDXL} maxLength={60} autoComplete="off" onChange={(e) => setTriggerWords({ ...triggerWords, SDXL: e.target.value })} />
          </div>
        </div>
        {note('identityLoras', `${t('faces.form.loraHint')} ${t('faces.form.triggerWordHint')}`)}
      </fieldset>

      <div className="field">
        <label className="field-label" htmlFor={ids.photos}>
          {t('faces.form.photos')}
        </label>
        <input id={ids.photos} type="file" multiple accept="image/png,image/jpeg,image/webp" data-testid="face-photos" onChange={(e) => setPhotos([...(e.target.files ?? [])])} aria-invalid={invalid('referencePhotoAssetIds')} />
        {note('referencePhotoAssetIds', t('faces.form.photosHint', { min: MIN_FACE_PHOTOS, max: MAX_FACE_PHOTOS }))}
      </div>

      {formError && (
        <p className="form-error" role="alert" data-testid="add-face-error">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="add-face-submit" disabled={progress !== null}>
          {progress?.kind === 'uploading' ? t('faces.form.uploading', { done: progress.done, total: progress.total }) : progress?.kind === 'saving' ? t('faces.form.saving') : t('faces.form.submit')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={progress !== null}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
