import { useI18n } from '../../../i18n/useI18n';
import type { TemplateSummary } from '../graphql/templates.graphql';
import { TemplateRow } from './TemplateRow';
import '../templates.css';

interface TemplateListProps {
  templates: TemplateSummary[];
  /** The active search, used to word the empty state. */
  search: string;
  onCreateTemplate: () => void;
  /** Adds a Duplicate action to every row. */
  onDuplicate?: (template: TemplateSummary) => void;
  /** The template being duplicated, if any. */
  duplicatingId?: string | null;
}

export function TemplateList({ templates, search, onCreateTemplate, onDuplicate, duplicatingId = null }: TemplateListProps) {
  const { t } = useI18n();
  if (templates.length === 0) {
    const trimmed = search.trim();
    return trimmed ? (
      <div className="empty-state" data-testid="templates-empty">
        <h2 className="empty-state-title">{t('templates.noMatchTitle', { search: trimmed })}</h2>
        <p className="empty-state-text">{t('templates.noMatchText')}</p>
      </div>
    ) : (
      <div className="empty-state" data-testid="templates-empty">
        <h2 className="empty-state-title">{t('templates.emptyTitle')}</h2>
        <p className="empty-state-text">{t('templates.emptyText')}</p>
        <button type="button" className="button button-primary" onClick={onCreateTemplate}>
          {t('templates.emptyAction')}
        </button>
      </div>
    );
  }

  return (
    <div className="table-wrap">
      <table className="template-table">
        <thead>
          <tr>
            <th scope="col">{t('templates.col.template')}</th>
            <th scope="col">{t('templates.col.baseModel')}</th>
            <th scope="col">{t('templates.col.standing')}</th>
            <th scope="col">{t('templates.col.draft')}</th>
            <th scope="col" className="template-cell-updated">
              {t('templates.col.updated')}
            </th>
            {onDuplicate && (
              <th scope="col" className="template-cell-actions">
                <span className="visually-hidden">{t('templates.col.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <TemplateRow key={template.id} template={template} onDuplicate={onDuplicate} isDuplicating={duplicatingId === template.id} isBusy={duplicatingId !== null && duplicatingId !== template.id} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
