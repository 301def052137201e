import { useId, useState } from 'react';
import { UpdateLoraDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors, type FieldErrors } from '../admin-errors';
import type { Lora } from '../graphql/admin.graphql';
import { useAdminMutation } from '../hooks/useAdminMutation';
import { ConfirmDialog } from './ConfirmDialog';
import { LORA_QUERIES, LoraWeightFields, parseLoraWeights, splitTriggerWords } from './LoraWeightFields';

const FIELDS = ['name', 'description', 'triggerWords', 'minWeight', 'defaultWeight', 'maxWeight'] as const;
type Field = (typeof FIELDS)[number];

/** Edits what designers read of a LoRA and its weight range; its file (and published renders) never change. */
export function LoraEditDialog({ lora, onSaved, onCancel }: { lora: Lora; onSaved: (name: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const update = useAdminMutation(UpdateLoraDocument, LORA_QUERIES);
  const [name, setName] = useState(lora.name);
  const [description, setDescription] = useState(lora.description);
  const [words, setWords] = useState(lora.triggerWords.join(', '));
  const [weights, setWeights] = useState({ minWeight: String(lora.minWeight), defaultWeight: String(lora.defaultWeight), maxWeight: String(lora.maxWeight) });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { name: useId(), description: useId(), words: useId() };

  async function save() {
    const parsed = parseLoraWeights(weights);
    const next: FieldErrors<Field> = {};
    if (!name.trim()) next.name = t('admin.loras.form.nameRequired');
    if (!parsed) next.defaultWeight = t('admin.loras.form.weightsOrder');
    setFieldErrors(next);
    setFormError(null);
    if (Object.keys(next).length || !parsed) return;
    try {
      const { updateLora } = await update.run({ id: lora.id, input: { name: name.trim(), description: description.trim(), triggerWords: splitTriggerWords(words), ...parsed } });
      onSaved(updateLora.name);
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <ConfirmDialog testId="lora-edit-dialog" title={t('admin.loras.edit.title', { name: lora.name })} confirmLabel={t('admin.loras.edit.save')} confirmTone="primary" busy={update.isRunning} error={formError} onConfirm={() => void save()} onCancel={onCancel}>
      <div className="admin-form">
        <div className="field">
          <label className="field-label" htmlFor={ids.name}>
            {t('admin.loras.name')}
          </label>
          <input id={ids.name} className="input" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
          {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.description}>
            {t('admin.loras.edit.description')}
          </label>
          <textarea id={ids.description} className="input" rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
          <p className="field-hint">{t('admin.loras.edit.descriptionHint')}</p>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.words}>
            {t('admin.loras.triggerWords')}
          </label>
          <input id={ids.words} className="input" value={words} placeholder={t('admin.loras.form.triggerWordsPlaceholder')} onChange={(e) => setWords(e.target.value)} />
          {fieldErrors.triggerWords && <p className="field-error">{fieldErrors.triggerWords}</p>}
        </div>
        <LoraWeightFields weights={weights} onChange={setWeights} errors={fieldErrors} />
        <p className="field-hint">{t('admin.loras.edit.fileNote')}</p>
      </div>
    </ConfirmDialog>
  );
}
