import { StudioCatalogDocument, type StudioCatalogQueryVariables } from '../../../gql/graphql';
import { usePagedList } from '../../../lib/usePagedList';
import type { CatalogBaseModel } from '../graphql/catalog.graphql';

export const CATALOG_PAGE_SIZE = 24;

export interface CatalogFilters {
  search: string;
  baseModel: CatalogBaseModel | null;
  tag: string | null;
  /** A category key. */
  category?: string | null;
}

/** Filters + cursor -> the `catalog` variables; empty filters are left out, as an app would. */
export function toCatalogVariables({ search, baseModel, tag, category = null }: CatalogFilters, after: string | null): StudioCatalogQueryVariables {
  const trimmed = search.trim();
  const filter = { ...(trimmed ? { search: trimmed } : {}), ...(baseModel ? { baseModel } : {}), ...(tag ? { tags: [tag] } : {}), ...(category ? { category } : {}) };
  return { first: CATALOG_PAGE_SIZE, after, filter: Object.keys(filter).length ? filter : undefined };
}

/** The published catalog for `filters`, paged with "load more" (cursor paging, newest first). */
export function useCatalog(filters: CatalogFilters) {
  const { search, baseModel, tag, category = null } = filters;
  const list = usePagedList(
    StudioCatalogDocument,
    JSON.stringify([search, baseModel, tag, category]),
    (after) => toCatalogVariables({ search, baseModel, tag, category }, after),
    (data) => data.catalog,
  );
  const { items, ...rest } = list;
  return { ...rest, templates: items };
}
