import { useState } from 'react';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import { useMyTemplates } from '../hooks/useMyTemplates';
import { NewTemplateDialog } from './NewTemplateDialog';
import { TemplateList } from './TemplateList';

const SEARCH_DEBOUNCE_MS = 250;

/** "My templates": the signed-in designer's templates with search, paging and creation. */
export function TemplatesPage() {
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [isDialogOpen, setIsDialogOpen] = useState(false);
  const { templates, pageInfo, totalCount, isLoading, isLoadingMore, error, loadMore, addCreatedTemplate, retry } =
    useMyTemplates(debouncedSearch);
  const isFirstLoad = isLoading && templates.length === 0;

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">My templates</h1>
          <p className="page-subtitle" aria-live="polite">
            {isFirstLoad ? 'Loading…' : `${totalCount} ${totalCount === 1 ? 'template' : 'templates'}`}
          </p>
        </div>
        <div className="page-actions">
          <div className="search">
            <label htmlFor="template-search" className="visually-hidden">
              Search templates
            </label>
            <svg className="search-icon" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <input
              id="template-search"
              data-testid="template-search"
              className="input search-input"
              type="search"
              placeholder="Search templates"
              autoComplete="off"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="button button-primary"
            data-testid="new-template"
            onClick={() => setIsDialogOpen(true)}
          >
            New template
          </button>
        </div>
      </header>

      {error && (
        <div className="banner banner-error" role="alert">
          <span>{error}</span>
          <button type="button" className="button button-small" onClick={retry}>
            Try again
          </button>
        </div>
      )}

      {isFirstLoad ? (
        <div className="loading-state" aria-busy="true">
          Loading templates…
        </div>
      ) : (
        !(error && templates.length === 0) && (
          <div className={isLoading ? 'is-refreshing' : undefined} aria-busy={isLoading || undefined}>
            <TemplateList templates={templates} search={debouncedSearch} onCreateTemplate={() => setIsDialogOpen(true)} />
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
            {isLoadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}

      {isDialogOpen && (
        <NewTemplateDialog
          onClose={() => setIsDialogOpen(false)}
          onCreated={(template) => {
            addCreatedTemplate(template);
            setIsDialogOpen(false);
          }}
        />
      )}
    </main>
  );
}
