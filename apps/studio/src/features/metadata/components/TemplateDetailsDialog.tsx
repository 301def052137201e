import { useId, useState } from 'react';
import { UpdateTemplateDetailsDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors, type FieldErrors } from '../../admin/admin-errors';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { useAdminMutation } from '../../admin/hooks/useAdminMutation';
import { parseTagList } from '../../templates/parse-tag-list';
import { useTemplateCategories } from '../hooks/useTemplateCategories';
import { CategorySelect } from './CategorySelect';

const FIELDS = ['title', 'description', 'category', 'tags'] as const;
type Field = (typeof FIELDS)[number];

export interface TemplateDetails {
  id: string;
  title: string;
  description: string;
  category: string | null;
  tags: readonly string[];
}

/**
 * Edits a template's title, description, category and tags. They are the template's working copy:
 * the next version submitted for review takes them, and apps see them once that version is published.
 */
export function TemplateDetailsDialog({ template, onSaved, onCancel }: { template: TemplateDetails; onSaved: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { categories } = useTemplateCategories();
  const update = useAdminMutation(UpdateTemplateDetailsDocument, ['EditorTemplate', 'MyTemplates', 'VersionHistory']);
  const [title, setTitle] = useState(template.title);
  const [description, setDescription] = useState(template.description);
  const [category, setCategory] = useState<string | null>(template.category);
  const [tagsText, setTagsText] = useState(template.tags.join(', '));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { title: useId(), description: useId(), category: useId(), tags: useId(), tagsHint: useId() };

  async function save() {
    setFormError(null);
    if (!title.trim()) {
      setFieldErrors({ title: t('newTemplate.titleRequired') });
      return;
    }
    setFieldErrors({});
    try {
      await update.run({ input: { templateId: template.id, title: title.trim(), description: description.trim(), category, tags: parseTagList(tagsText) } });
      onSaved();
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <ConfirmDialog testId="template-details-dialog" title={t('metadata.dialog.title')} confirmLabel={t('metadata.dialog.save')} confirmTone="primary" busy={update.isRunning} error={formError} onConfirm={() => void save()} onCancel={onCancel}>
      <div className="admin-form">
        <p className="field-hint">{t('metadata.dialog.note')}</p>
        <div className="field">
          <label className="field-label" htmlFor={ids.title}>
            {t('metadata.field.title')}
          </label>
          <input id={ids.title} className="input" data-testid="details-title" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} aria-invalid={fieldErrors.title ? true : undefined} />
          {fieldErrors.title && <p className="field-error">{fieldErrors.title}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.description}>
            {t('metadata.field.description')} <span className="field-optional">{t('common.optional')}</span>
          </label>
          <textarea id={ids.description} className="input" data-testid="details-description" rows={4} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} aria-invalid={fieldErrors.description ? true : undefined} />
          {fieldErrors.description && <p className="field-error">{fieldErrors.description}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.category}>
            {t('metadata.field.category')}
          </label>
          <CategorySelect id={ids.category} testId="details-category" value={category} onChange={setCategory} categories={categories} kept={template.category} invalid={!!fieldErrors.category} />
          {fieldErrors.category && <p className="field-error">{fieldErrors.category}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.tags}>
            {t('metadata.field.tags')}
          </label>
          <input id={ids.tags} className="input" data-testid="details-tags" value={tagsText} onChange={(e) => setTagsText(e.target.value)} aria-describedby={ids.tagsHint} aria-invalid={fieldErrors.tags ? true : undefined} />
          <p id={ids.tagsHint} className={fieldErrors.tags ? 'field-error' : 'field-hint'}>
            {fieldErrors.tags ?? t('newTemplate.tagsHint')}
          </p>
        </div>
      </div>
    </ConfirmDialog>
  );
}
