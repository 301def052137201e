import { useEffect, useState } from 'react';
import { useI18n } from '../../../i18n/useI18n';
import { useDebouncedValue } from '../../../lib/useDebouncedValue';
import type { CatalogBaseModel, CatalogTemplate } from '../graphql/catalog.graphql';
import { useCatalog } from '../hooks/useCatalog';
import { CatalogCard } from './CatalogCard';
import { CatalogVersionDrawer } from './CatalogVersionDrawer';
import { SearchField } from '../../../lib/SearchField';
import { useTemplateCategories } from '../../metadata/hooks/useTemplateCategories';
import { RetryBanner } from '../../../lib/RetryBanner';
import '../catalog.css';

const SEARCH_DEBOUNCE_MS = 250;
const BASE_MODELS: readonly CatalogBaseModel[] = ['SDXL', 'SD15'];

// Every tag seen on this visit, so the tag picker keeps its options while a filter narrows the list.
function mergeTags(known: readonly string[], templates: readonly CatalogTemplate[], locale: string): string[] {
  const merged = new Set(known);
  for (const template of templates) for (const tag of template.tags) merged.add(tag);
  if (merged.size === known.length) return known as string[];
  return [...merged].sort((a, b) => a.localeCompare(b, locale));
}

/** `#/catalog`: the published templates exactly as consumer apps receive them (the same `catalog` query). */
export function CatalogPage() {
  const { t, tn, locale } = useI18n();
  const [search, setSearch] = useState('');
  const [baseModel, setBaseModel] = useState<CatalogBaseModel | null>(null);
  const [tag, setTag] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const { categories, labelOf } = useTemplateCategories();
  const [openVersionId, setOpenVersionId] = useState<string | null>(null);
  const [knownTags, setKnownTags] = useState<string[]>([]);
  const debouncedSearch = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const { templates, pageInfo, totalCount, isLoading, isLoadingMore, error, loadMore, retry } = useCatalog({ search: debouncedSearch, baseModel, tag, category });
  const isFirstLoad = isLoading && templates.length === 0;
  const isFiltered = Boolean(debouncedSearch.trim() || baseModel || tag || category);

  useEffect(() => setKnownTags((known) => mergeTags(known, templates, locale)), [templates, locale]);

  function clearFilters() {
    setSearch('');
    setBaseModel(null);
    setTag(null);
    setCategory(null);
  }

  return (
    <main className="page catalog-page" data-testid="catalog-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('catalog.title')}</h1>
          <p className="page-subtitle" aria-live="polite" data-testid="catalog-count">
            {isFirstLoad ? t('common.loading') : tn('catalog.count', totalCount)}
          </p>
        </div>
        <div className="page-actions catalog-filters">
          <SearchField id="catalog-search" testId="catalog-search" label={t('catalog.search')} value={search} onChange={setSearch} />
          <label htmlFor="catalog-base-model" className="visually-hidden">
            {t('catalog.filterBaseModel')}
          </label>
          <select
            id="catalog-base-model"
            data-testid="catalog-base-model"
            className="input input-select"
            value={baseModel ?? ''}
            onChange={(e) => setBaseModel((e.target.value || null) as CatalogBaseModel | null)}
          >
            <option value="">{t('catalog.filterBaseModel.all')}</option>
            {BASE_MODELS.map((model) => (
              <option key={model} value={model}>
                {t(`catalog.baseModel.${model}`)}
              </option>
            ))}
          </select>
          <label htmlFor="catalog-category" className="visually-hidden">
            {t('catalog.filterCategory')}
          </label>
          <select id="catalog-category" data-testid="catalog-category" className="input input-select" value={category ?? ''} onChange={(e) => setCategory(e.target.value || null)}>
            <option value="">{t('catalog.filterCategory.all')}</option>
            {(categories ?? []).map((c) => (
              <option key={c.key} value={c.key}>
                {labelOf(c.key)}
              </option>
            ))}
          </select>
          <label htmlFor="catalog-tag" className="visually-hidden">
            {t('catalog.filterTag')}
          </label>
          <select id="catalog-tag" data-testid="catalog-tag" className="input input-select" value={tag ?? ''} onChange={(e) => setTag(e.target.value || null)}>
            <option value="">{t('catalog.filterTag.all')}</option>
            {knownTags.map((known) => (
              <option key={known} value={known}>
                {known}
              </option>
            ))}
          </select>
        </div>
      </header>

      <p className="catalog-lede">{t('catalog.lede')}</p>

      {Boolean(error) && (
        <RetryBanner error={error} onRetry={retry} />
      )}

      {isFirstLoad ? (
        <div className="loading-state" aria-busy="true">
          {t('catalog.loading')}
        </div>
      ) : templates.length === 0 ? (
        !error && (
          <div className="empty-state" data-testid="catalog-empty">
            <div className="empty-state-title">{t(isFiltered ? 'catalog.emptyFiltered.title' : 'catalog.empty.title')}</div>
            <p className="empty-state-text">{t(isFiltered ? 'catalog.emptyFiltered.text' : 'catalog.empty.text')}</p>
            {isFiltered && (
              <button type="button" className="button" onClick={clearFilters}>
                {t('catalog.clearFilters')}
              </button>
            )}
          </div>
        )
      ) : (
        <div className={`catalog-grid${isLoading ? ' is-refreshing' : ''}`} aria-busy={isLoading || undefined} data-testid="catalog-grid">
          {templates.map((template) => (
            <CatalogCard
              key={template.id}
              template={template}
              activeTag={tag}
              categoryLabel={labelOf(template.category)}
              onOpen={() => setOpenVersionId(template.publishedVersion.id)}
              onFilterByTag={(next) => setTag((current) => (current === next ? null : next))}
            />
          ))}
        </div>
      )}

      {pageInfo.hasNextPage && templates.length > 0 && (
        <div className="load-more">
          <button type="button" className="button" data-testid="catalog-load-more" onClick={loadMore} disabled={isLoading || isLoadingMore}>
            {isLoadingMore ? t('common.loading') : t('catalog.loadMore')}
          </button>
        </div>
      )}

      {openVersionId && <CatalogVersionDrawer key={openVersionId} versionId={openVersionId} onClose={() => setOpenVersionId(null)} />}
    </main>
  );
}
