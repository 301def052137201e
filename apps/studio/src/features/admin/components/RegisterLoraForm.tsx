import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { invalidateGqlQueries, useStudioQueryClient } from '../../../lib/query-client';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { Lora } from '../graphql/admin.graphql';
import { LORA_QUERIES, LoraWeightFields, parseLoraWeights, splitTriggerWords } from './LoraWeightFields';
import { LoraPictureError, LoraUploadError, uploadAndRegisterLora, type LoraUploadStep } from '../lora-upload';

const FIELDS = ['file', 'thumbnailAssetId', 'name', 'baseModel', 'minWeight', 'defaultWeight', 'maxWeight', 'triggerWords'] as const;
type Field = (typeof FIELDS)[number];

/** Uploads a .safetensors file and registers it as a LoRA; every refusal shows where it belongs. */
export function RegisterLoraForm({ onRegistered }: { onRegistered: (lora: Lora) => void }) {
  const { t } = useI18n();
  const queryClient = useStudioQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [thumbnail, setThumbnail] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [baseModel, setBaseModel] = useState<'SD15' | 'SDXL'>('SDXL');
  const [weights, setWeights] = useState({ minWeight: '0', defaultWeight: '0.7', maxWeight: '1' });
  const [triggerWords, setTriggerWords] = useState('');
  const [step, setStep] = useState<LoraUploadStep | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [fileInputKey, setFileInputKey] = useState(0);
  const ids = { file: useId(), thumbnail: useId(), name: useId(), base: useId(), words: useId() };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step) return;
    const next: FieldErrors<Field> = {};
    const parsed = parseLoraWeights(weights);
    if (!file) next.file = t('admin.loras.form.fileRequired');
    if (!name.trim()) next.name = t('admin.loras.form.nameRequired');
    if (!parsed) next.defaultWeight = t('admin.loras.form.weightsOrder');
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length > 0 || !file || !parsed) return;
    try {
      const lora = await uploadAndRegisterLora(file, { name: name.trim(), baseModel, ...parsed, triggerWords: splitTriggerWords(triggerWords) }, setStep, thumbnail);
      void invalidateGqlQueries(queryClient, ...LORA_QUERIES);
      onRegistered(lora);
      setFile(null);
      setThumbnail(null);
      setFileInputKey((k) => k + 1);
      setName('');
      setTriggerWords('');
    } catch (error) {
      if (error instanceof LoraPictureError) {
        setFieldErrors({ thumbnailAssetId: error.reason === 'rejected' ? t('admin.loras.form.rejected', { reason: error.message }) : t('admin.loras.form.uploadFailed') });
      } else if (error instanceof LoraUploadError) {
        setFieldErrors({ file: error.reason === 'rejected' ? t('admin.loras.form.rejected', { reason: error.message }) : t('admin.loras.form.uploadFailed') });
      } else {
        const split = toFormErrors(error, FIELDS, t);
        setFieldErrors(split.fieldErrors);
        setFormError(split.formError);
      }
    } finally {
      setStep(null);
    }
  }

  return (
    <form className="admin-form" onSubmit={handleSubmit} noValidate data-testid="register-lora-form">
      <div className="field">
        <label className="field-label" htmlFor={ids.file}>
          {t('admin.loras.form.file')}
        </label>
        <input key={fileInputKey} id={ids.file} type="file" accept=".safetensors" data-testid="lora-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-invalid={fieldErrors.file ? true : undefined} />
        <p className={fieldErrors.file ? 'field-error' : 'field-hint'}>{fieldErrors.file ?? t('admin.loras.form.fileHint')}</p>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.thumbnail}>
          {t('admin.loras.form.thumbnail')}
          <span className="field-optional"> · {t('common.optional')}</span>
        </label>
        <input key={`thumbnail-${fileInputKey}`} id={ids.thumbnail} type="file" accept="image/png,image/jpeg,image/webp" data-testid="lora-thumbnail-file" onChange={(e) => setThumbnail(e.target.files?.[0] ?? null)} aria-invalid={fieldErrors.thumbnailAssetId ? true : undefined} />
        <p className={fieldErrors.thumbnailAssetId ? 'field-error' : 'field-hint'}>{fieldErrors.thumbnailAssetId ?? t('admin.loras.form.thumbnailHint')}</p>
      </div>
      <div className="admin-form-grid">
        <div className="field">
          <label className="field-label" htmlFor={ids.name}>
            {t('admin.loras.name')}
          </label>
          <input id={ids.name} className="input" data-testid="lora-name" value={name} maxLength={100} autoComplete="off" onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
          {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.base}>
            {t('admin.loras.baseModel')}
          </label>
          <select id={ids.base} className="input input-select" data-testid="lora-base-model" value={baseModel} onChange={(e) => setBaseModel(e.target.value as 'SD15' | 'SDXL')}>
            <option value="SDXL">SDXL</option>
            <option value="SD15">SD 1.5</option>
          </select>
          {fieldErrors.baseModel && <p className="field-error">{fieldErrors.baseModel}</p>}
        </div>
      </div>
        <LoraWeightFields weights={weights} onChange={setWeights} errors={fieldErrors} testIdPrefix="lora" />
      <div className="field">
        <label className="field-label" htmlFor={ids.words}>
          {t('admin.loras.triggerWords')}
          <span className="field-optional"> · {t('common.optional')}</span>
        </label>
        <input id={ids.words} className="input" data-testid="lora-trigger-words" value={triggerWords} autoComplete="off" placeholder={t('admin.loras.form.triggerWordsPlaceholder')} onChange={(e) => setTriggerWords(e.target.value)} aria-invalid={fieldErrors.triggerWords ? true : undefined} />
        {fieldErrors.triggerWords && <p className="field-error">{fieldErrors.triggerWords}</p>}
      </div>
      {formError && (
        <p className="form-error" role="alert" data-testid="register-lora-error">
          {formError}
        </p>
      )}
      <div>
        <button type="submit" className="button button-primary" data-testid="register-lora-submit" disabled={step !== null}>
          {step ? t(`admin.loras.form.step.${step}`) : t('admin.loras.form.submit')}
        </button>
      </div>
    </form>
  );
}
