import { useId, useState, type FormEvent } from 'react';
import type { MessageKey } from '../../../i18n/types';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors } from '../../admin/admin-errors';
import type { BaseModel, TemplateSummary } from '../graphql/templates.graphql';
import { useCreateTemplate } from '../hooks/useCreateTemplate';
import { parseTagList } from '../parse-tag-list';
import { useModalDialog } from '../../../lib/useModalDialog';
import { CategorySelect } from '../../metadata/components/CategorySelect';
import { useTemplateCategories } from '../../metadata/hooks/useTemplateCategories';
import '../templates.css';

interface NewTemplateDialogProps {
  onCreated: (template: TemplateSummary) => void;
  onClose: () => void;
}

type FieldName = 'title' | 'baseModel' | 'tags' | 'description' | 'category';
type FieldErrors = Partial<Record<FieldName, string>>;

const BASE_MODEL_OPTIONS: Array<{ value: BaseModel; label: string; hint: MessageKey }> = [
  { value: 'SDXL', label: 'SDXL', hint: 'newTemplate.sdxlHint' },
  { value: 'SD15', label: 'SD 1.5', hint: 'newTemplate.sd15Hint' },
];

// BAD_USER_INPUT issues name the field, e.g. ["input", "title"] or ["tags", 2].
const FIELD_NAMES: readonly FieldName[] = ['title', 'baseModel', 'tags', 'description', 'category'];

/** Modal form for `createTemplate`; mounted only while open. */
export function NewTemplateDialog({ onCreated, onClose }: NewTemplateDialogProps) {
  const { t } = useI18n();
  const dialogRef = useModalDialog();
  const { createTemplate, isCreating } = useCreateTemplate();
  const [title, setTitle] = useState('');
  const [baseModel, setBaseModel] = useState<BaseModel>('SDXL');
  const [tagsText, setTagsText] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const { categories } = useTemplateCategories();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { title: useId(), tags: useId(), tagsHint: useId(), heading: useId(), error: useId(), description: useId(), category: useId() };

  const tags = parseTagList(tagsText);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isCreating) return;
    const trimmedTitle = title.trim();
    if (!trimmedTitle) {
      setFieldErrors({ title: t('newTemplate.titleRequired') });
      return;
    }
    setFieldErrors({});
    setFormError(null);
    try {
      const template = await createTemplate({ title: trimmedTitle, baseModel, tags, ...(description.trim() ? { description: description.trim() } : {}), ...(category ? { category } : {}) });
      onCreated(template);
    } catch (error) {
      // Issues next to their fields and the rest for the form, in the designer's language.
      const split = toFormErrors(error, FIELD_NAMES, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={ids.heading}
      onCancel={(event) => {
        // Escape: let React own the open state instead of the browser.
        event.preventDefault();
        if (!isCreating) onClose();
      }}
    >
      <form className="dialog-form" onSubmit={handleSubmit} noValidate>
        <header className="dialog-header">
          <h2 id={ids.heading} className="dialog-title">
            {t('newTemplate.title')}
          </h2>
          <p className="dialog-subtitle">{t('newTemplate.subtitle')}</p>
        </header>

        <div className="dialog-body form-stack">
          <div className="field">
            <label className="field-label" htmlFor={ids.title}>
              {t('newTemplate.titleLabel')}
            </label>
            <input
              id={ids.title}
              data-testid="template-title-input"
              className="input"
              type="text"
              autoFocus
              autoComplete="off"
              maxLength={120}
              placeholder={t('newTemplate.titlePlaceholder')}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              aria-invalid={fieldErrors.title ? true : undefined}
              aria-describedby={fieldErrors.title ? `${ids.title}-error` : undefined}
            />
            {fieldErrors.title && (
              <p id={`${ids.title}-error`} className="field-error">
                {fieldErrors.title}
              </p>
            )}
          </div>

          <fieldset className="field">
            <legend className="field-label">{t('newTemplate.baseModel')}</legend>
            <div className="segmented">
              {BASE_MODEL_OPTIONS.map((option) => (
                <label key={option.value} className="segmented-option">
                  <input
                    type="radio"
                    name="baseModel"
                    value={option.value}
                    checked={baseModel === option.value}
                    onChange={() => setBaseModel(option.value)}
                    data-testid={`base-model-${option.value}`}
                  />
                  <span className="segmented-label">
                    <span>{option.label}</span>
                    <span className="segmented-hint">{t(option.hint)}</span>
                  </span>
                </label>
              ))}
            </div>
            {fieldErrors.baseModel && <p className="field-error">{fieldErrors.baseModel}</p>}
          </fieldset>

          <div className="field">
            <label className="field-label" htmlFor={ids.description}>
              {t('newTemplate.description')} <span className="field-optional">{t('common.optional')}</span>
            </label>
            <textarea id={ids.description} data-testid="template-description-input" className="input" rows={2} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={fieldErrors.description ? true : undefined} />
            {fieldErrors.description && <p className="field-error">{fieldErrors.description}</p>}
          </div>

          <div className="field">
            <label className="field-label" htmlFor={ids.category}>
              {t('newTemplate.category')} <span className="field-optional">{t('common.optional')}</span>
            </label>
            <CategorySelect id={ids.category} testId="template-category-input" value={category} onChange={setCategory} categories={categories} invalid={!!fieldErrors.category} />
            {fieldErrors.category && <p className="field-error">{fieldErrors.category}</p>}
          </div>

          <div className="field">
            <label className="field-label" htmlFor={ids.tags}>
              {t('newTemplate.tags')} <span className="field-optional">{t('common.optional')}</span>
            </label>
            <input
              id={ids.tags}
              data-testid="template-tags-input"
              className="input"
              type="text"
              autoComplete="off"
              placeholder={t('newTemplate.tagsPlaceholder')}
              value={tagsText}
              onChange={(e) => setTagsText(e.target.value)}
              aria-invalid={fieldErrors.tags ? true : undefined}
              aria-describedby={ids.tagsHint}
            />
            <p id={ids.tagsHint} className={fieldErrors.tags ? 'field-error' : 'field-hint'}>
              {fieldErrors.tags ?? t('newTemplate.tagsHint')}
            </p>
            {tags.length > 0 && (
              <ul className="tag-list" aria-label={t('newTemplate.tagsToAdd')}>
                {tags.map((tag) => (
                  <li key={tag} className="tag">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
          </div>

          {formError && (
            <p id={ids.error} className="form-error" role="alert" data-testid="create-template-error">
              {formError}
            </p>
          )}
        </div>

        <footer className="dialog-footer">
          <button type="button" className="button button-ghost" onClick={onClose} disabled={isCreating}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="create-template-submit"
            disabled={isCreating}
          >
            {isCreating ? t('newTemplate.submitting') : t('newTemplate.submit')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
