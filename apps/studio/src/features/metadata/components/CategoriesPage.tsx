import { useId, useState, type FormEvent } from 'react';
import { CreateTemplateCategoryDocument, UpdateTemplateCategoryDocument } from '../../../gql/graphql';
import { useI18n } from '../../../i18n/useI18n';
import { toFormErrors, type FieldErrors } from '../../admin/admin-errors';
import { AdminPageHeader } from '../../admin/components/AdminPageHeader';
import { AdminTableCard } from '../../admin/components/AdminTableCard';
import { ConfirmDialog } from '../../admin/components/ConfirmDialog';
import { useAdminMutation } from '../../admin/hooks/useAdminMutation';
import type { TemplateCategory } from '../graphql/metadata.graphql';
import { useTemplateCategories } from '../hooks/useTemplateCategories';
import '../metadata.css';

const FIELDS = ['name', 'nameZh', 'key', 'position'] as const;
type Field = (typeof FIELDS)[number];
const CATEGORY_QUERIES = ['TemplateCategories'] as const;

/** Admin: the category list templates pick from — add, rename (both languages), reorder, archive and restore. */
export function CategoriesPage() {
  const { t, formatDate } = useI18n();
  const { categories, query } = useTemplateCategories();
  const create = useAdminMutation(CreateTemplateCategoryDocument, CATEGORY_QUERIES);
  const [name, setName] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [key, setKey] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TemplateCategory | null>(null);
  const ids = { name: useId(), nameZh: useId(), key: useId(), keyHint: useId() };

  async function handleCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (!name.trim()) {
      setFieldErrors({ name: t('admin.categories.nameRequired') });
      return;
    }
    setFieldErrors({});
    try {
      await create.run({ input: { name: name.trim(), nameZh: nameZh.trim(), ...(key.trim() ? { key: key.trim() } : {}) } });
      setName('');
      setNameZh('');
      setKey('');
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <main className="page" data-testid="categories-page">
      <AdminPageHeader title={t('admin.categories.title')} subtitle={t('admin.categories.subtitle')} onRefresh={query.reload} isLoading={query.isLoading} error={query.error} />

      <section className="card" aria-labelledby="create-category-heading">
        <header className="card-header">
          <div>
            <h2 className="card-title" id="create-category-heading">
              {t('admin.categories.createTitle')}
            </h2>
          </div>
        </header>
        <div className="card-body">
          <form className="admin-form" onSubmit={handleCreate} noValidate data-testid="create-category-form">
            <div className="field">
              <label className="field-label" htmlFor={ids.name}>
                {t('admin.categories.name')}
              </label>
              <input id={ids.name} className="input" data-testid="category-name" value={name} maxLength={60} autoComplete="off" placeholder={t('admin.categories.namePlaceholder')} onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
              {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.nameZh}>
                {t('admin.categories.nameZh')} <span className="field-optional">{t('common.optional')}</span>
              </label>
              <input id={ids.nameZh} className="input" data-testid="category-name-zh" value={nameZh} maxLength={60} autoComplete="off" placeholder={t('admin.categories.nameZhPlaceholder')} onChange={(e) => setNameZh(e.target.value)} aria-invalid={fieldErrors.nameZh ? true : undefined} />
              {fieldErrors.nameZh && <p className="field-error">{fieldErrors.nameZh}</p>}
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.key}>
                {t('admin.categories.key')} <span className="field-optional">{t('common.optional')}</span>
              </label>
              <input id={ids.key} className="input" data-testid="category-key" value={key} maxLength={40} autoComplete="off" placeholder="business-portrait" onChange={(e) => setKey(e.target.value)} aria-describedby={ids.keyHint} aria-invalid={fieldErrors.key ? true : undefined} />
              <p id={ids.keyHint} className={fieldErrors.key ? 'field-error' : 'field-hint'}>
                {fieldErrors.key ?? t('admin.categories.keyHint')}
              </p>
            </div>
            {formError && (
              <p className="form-error" role="alert" data-testid="create-category-error">
                {formError}
              </p>
            )}
            <div>
              <button type="submit" className="button button-primary" data-testid="create-category-submit" disabled={create.isRunning}>
                {create.isRunning ? t('admin.categories.creating') : t('admin.categories.create')}
              </button>
            </div>
          </form>
        </div>
      </section>

      <AdminTableCard
        id="categories-heading"
        title={t('admin.categories.listTitle')}
        subtitle={t('admin.categories.listSubtitle')}
        rows={categories}
        isFailed={!!query.error}
        emptyText={t('admin.categories.empty')}
        columns={[{ label: t('admin.categories.name') }, { label: t('admin.categories.nameZh') }, { label: t('admin.categories.key') }, { label: t('admin.categories.position'), isNumeric: true }, { label: t('admin.col.status') }]}
        hasActions
        renderRow={(category) => (
          <tr key={category.key} data-testid="category-row" data-key={category.key} className={category.archived ? 'category-row-archived' : undefined}>
            <th scope="row" className="cell-title">
              {category.name}
            </th>
            <td>{category.nameZh || <span className="muted">—</span>}</td>
            <td>
              <code>{category.key}</code>
            </td>
            <td className="num">{category.position}</td>
            <td data-testid="category-status">
              {category.archived ? <span className="badge badge-danger" title={formatDate(category.archivedAt)}>{t('admin.categories.archived')}</span> : <span className="badge badge-success">{t('admin.status.active')}</span>}
            </td>
            <td className="cell-action">
              <button type="button" className="button button-small" data-testid="edit-category" onClick={() => setEditing(category)}>
                {t('admin.categories.edit')}
              </button>
            </td>
          </tr>
        )}
      />

      {editing && <CategoryEditDialog category={editing} onDone={() => setEditing(null)} />}
    </main>
  );
}

/** Renames, reorders, archives or restores one category; its key never changes. */
function CategoryEditDialog({ category, onDone }: { category: TemplateCategory; onDone: () => void }) {
  const { t } = useI18n();
  const update = useAdminMutation(UpdateTemplateCategoryDocument, [...CATEGORY_QUERIES, 'MyTemplates', 'EditorTemplate']);
  const [name, setName] = useState(category.name);
  const [nameZh, setNameZh] = useState(category.nameZh);
  const [position, setPosition] = useState(String(category.position));
  const [archived, setArchived] = useState(category.archived);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { name: useId(), nameZh: useId(), position: useId(), archived: useId() };

  async function save() {
    setFormError(null);
    const order = Number(position);
    const next: FieldErrors<Field> = {};
    if (!name.trim()) next.name = t('admin.categories.nameRequired');
    if (!Number.isInteger(order)) next.position = t('admin.categories.positionWhole');
    setFieldErrors(next);
    if (Object.keys(next).length) return;
    try {
      await update.run({ input: { key: category.key, name: name.trim(), nameZh: nameZh.trim(), position: order, archived } });
      onDone();
    } catch (error) {
      const split = toFormErrors(error, FIELDS, t);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    }
  }

  return (
    <ConfirmDialog testId="category-edit-dialog" title={t('admin.categories.editTitle', { key: category.key })} confirmLabel={t('admin.categories.save')} confirmTone="primary" busy={update.isRunning} error={formError} onConfirm={() => void save()} onCancel={onDone}>
      <div className="admin-form">
        <div className="field">
          <label className="field-label" htmlFor={ids.name}>
            {t('admin.categories.name')}
          </label>
          <input id={ids.name} className="input" data-testid="edit-category-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-invalid={fieldErrors.name ? true : undefined} />
          {fieldErrors.name && <p className="field-error">{fieldErrors.name}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.nameZh}>
            {t('admin.categories.nameZh')}
          </label>
          <input id={ids.nameZh} className="input" data-testid="edit-category-name-zh" value={nameZh} maxLength={60} onChange={(e) => setNameZh(e.target.value)} aria-invalid={fieldErrors.nameZh ? true : undefined} />
          {fieldErrors.nameZh && <p className="field-error">{fieldErrors.nameZh}</p>}
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.position}>
            {t('admin.categories.position')}
          </label>
          <input id={ids.position} className="input" type="number" min={0} max={10000} step={1} data-testid="edit-category-position" value={position} onChange={(e) => setPosition(e.target.value)} aria-invalid={fieldErrors.position ? true : undefined} />
          {fieldErrors.position && <p className="field-error">{fieldErrors.position}</p>}
        </div>
        <label className="admin-check">
          <input type="checkbox" id={ids.archived} data-testid="edit-category-archived" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          <span>
            <span className="admin-check-label">{t('admin.categories.archive')}</span>
            <span className="field-hint">{t('admin.categories.archiveHint')}</span>
          </span>
        </label>
      </div>
    </ConfirmDialog>
  );
}
