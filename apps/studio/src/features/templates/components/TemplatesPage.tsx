import { useState } from 'react';
import { describeError } from '../../../i18n/describe-error';
import { useI18n } from '../../../i18n/useI18n';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import { editorHref } from '../../../app/routes';
import { useDuplicateTemplate } from '../hooks/useDuplicateTemplate';
import { useMyTemplates } from '../hooks/useMyTemplates';
import type { TemplateSummary, VersionState } from '../graphql/templates.graphql';
import { NewTemplateDialog } from './NewTemplateDialog';
import { TemplateList } from './TemplateList';
import { SearchField } from '../../../lib/SearchField';
import { RetryBanner } from '../../../lib/RetryBanner';

const SEARCH_DEBOUNCE_MS = 250;
// The API's title limit; a copy's title is shortened to fit it.
const MAX_TITLE = 120;

// The states a template's newest version can be in, in the order a designer meets them.
const FILTER_STATES: readonly VersionState[] = ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'PUBLISHED', 'REJECTED', 'SUPERSEDED'];

/** "My templates": the signed-in designer's templates with search, a state filter, paging and creation. */
export function TemplatesPage() {
  const { t, tn } = useI18n();
  const [search, setSearch] = useState('');
  const [stateFilter, setStateFilter] = useState<VersionState | null>(null);
  const debouncedSearch = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [isDialogOpen, setIsDialogOpen] = useState(false);
  const { templates, pageInfo, totalCount, isLoading, isLoadingMore, error, loadMore, addCreatedTemplate, retry } =
    useMyTemplates(debouncedSearch, stateFilter);
  const isFirstLoad = isLoading && templates.length === 0;
  const { duplicateTemplate, duplicatingId } = useDuplicateTemplate();
  const [duplicateError, setDuplicateError] = useState<unknown>(null);

  // Copies the template under a translated "(copy)" title, then opens the copy in the editor.
  async function handleDuplicate(template: TemplateSummary) {
    setDuplicateError(null);
    const room = MAX_TITLE - t('templates.duplicate.copyTitle', { title: '' }).length;
    try {
      const copy = await duplicateTemplate(template.id, t('templates.duplicate.copyTitle', { title: template.title.slice(0, room) }));
      window.location.hash = editorHref(copy.id);
    } catch (error) {
      setDuplicateError(error);
    }
  }

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('templates.title')}</h1>
          <p className="page-subtitle" aria-live="polite">
            {isFirstLoad ? t('common.loading') : tn('templates.count', totalCount)}
          </p>
        </div>
        <div className="page-actions">
          <SearchField id="template-search" testId="template-search" label={t('templates.search')} value={search} onChange={setSearch} />
          <label htmlFor="template-state-filter" className="visually-hidden">
            {t('templates.filterState')}
          </label>
          <select
            id="template-state-filter"
            data-testid="template-state-filter"
            className="input select-input"
            value={stateFilter ?? ''}
            onChange={(e) => setStateFilter((e.target.value || null) as VersionState | null)}
          >
            <option value="">{t('templates.filterState.all')}</option>
            {FILTER_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`templates.state.${state}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-primary"
            data-testid="new-template"
            onClick={() => setIsDialogOpen(true)}
          >
            {t('templates.new')}
          </button>
        </div>
      </header>

      {Boolean(error) && (
        <RetryBanner error={error} onRetry={retry} />
      )}

      {Boolean(duplicateError) && (
        <div className="banner banner-error" role="alert" data-testid="duplicate-error">
          <span>{t('templates.duplicate.failed', { reason: describeError(duplicateError, t) })}</span>
          <button type="button" className="button button-small" onClick={() => setDuplicateError(null)}>
            {t('common.close')}
          </button>
        </div>
      )}

      {isFirstLoad ? (
        <div className="loading-state" aria-busy="true">
          {t('templates.loading')}
        </div>
      ) : (
        !(Boolean(error) && templates.length === 0) && (
          <div className={isLoading ? 'is-refreshing' : undefined} aria-busy={isLoading || undefined}>
            <TemplateList templates={templates} search={debouncedSearch} onCreateTemplate={() => setIsDialogOpen(true)} onDuplicate={handleDuplicate} duplicatingId={duplicatingId} />
          </div>
        )
      )}

      {pageInfo.hasNextPage && templates.length > 0 && (
        <div className="load-more">
          <button
            type="button"
            className="button"
            data-testid="load-more"
            onClick={loadMore}
            disabled={isLoading || isLoadingMore}
          >
            {isLoadingMore ? t('common.loading') : t('templates.loadMore')}
          </button>
        </div>
      )}

      {isDialogOpen && (
        <NewTemplateDialog
          onClose={() => setIsDialogOpen(false)}
          onCreated={(template) => {
            addCreatedTemplate(template);
            setIsDialogOpen(false);
            // A new template is made to be designed: open it, as a design tool opens a new file.
            window.location.hash = editorHref(template.id);
          }}
        />
      )}
    </main>
  );
}
