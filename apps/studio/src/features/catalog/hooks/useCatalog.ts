import { useCallback, useEffect, useRef, useState } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';
import {
  CATALOG_QUERY,
  type CatalogBaseModel,
  type CatalogData,
  type CatalogPageInfo,
  type CatalogTemplate,
  type CatalogVariables,
} from '../graphql/catalog.graphql';

export const CATALOG_PAGE_SIZE = 24;

export interface CatalogFilters {
  search: string;
  baseModel: CatalogBaseModel | null;
  tag: string | null;
}

export interface CatalogState {
  templates: CatalogTemplate[];
  pageInfo: CatalogPageInfo;
  totalCount: number;
  /** True while the first page for the current filters is loading. */
  isLoading: boolean;
  isLoadingMore: boolean;
  /** What the last request threw; described in the active language when shown. */
  error: unknown;
  /** Which request failed, so "Try again" repeats the right one. */
  failedRequest: 'first-page' | 'next-page' | null;
}

const initialState: CatalogState = {
  templates: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  totalCount: 0,
  isLoading: true,
  isLoadingMore: false,
  error: null,
  failedRequest: null,
};

/** Filters + cursor -> the `catalog` variables; empty filters are left out, as an app would. */
export function toCatalogVariables({ search, baseModel, tag }: CatalogFilters, after: string | null): CatalogVariables {
  const trimmed = search.trim();
  const filter = { ...(trimmed ? { search: trimmed } : {}), ...(baseModel ? { baseModel } : {}), ...(tag ? { tags: [tag] } : {}) };
  return { first: CATALOG_PAGE_SIZE, after, filter: Object.keys(filter).length ? filter : undefined };
}

function appendUnique(existing: CatalogTemplate[], incoming: CatalogTemplate[]): CatalogTemplate[] {
  const seen = new Set(existing.map((t) => t.id));
  return [...existing, ...incoming.filter((t) => !seen.has(t.id))];
}

/** The published catalog for `filters`, paged with "load more" (cursor paging, newest first). */
export function useCatalog(filters: CatalogFilters) {
  const { search, baseModel, tag } = filters;
  const [state, setState] = useState<CatalogState>(initialState);
  const [reloadCount, setReloadCount] = useState(0);
  // Bumped whenever the list is reset, so a "load more" started for older filters is dropped.
  const generationRef = useRef(0);

  useEffect(() => {
    const generation = ++generationRef.current;
    const controller = new AbortController();
    setState((prev) => ({ ...prev, isLoading: true, isLoadingMore: false, error: null, failedRequest: null }));
    gqlRequest<CatalogData, CatalogVariables>(CATALOG_QUERY, toCatalogVariables({ search, baseModel, tag }, null), { signal: controller.signal }).then(
      ({ catalog }) => {
        if (generation !== generationRef.current) return;
        setState({
          templates: catalog.edges.map((edge) => edge.node),
          pageInfo: catalog.pageInfo,
          totalCount: catalog.totalCount,
          isLoading: false,
          isLoadingMore: false,
          error: null,
          failedRequest: null,
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted || generation !== generationRef.current) return;
        setState({ ...initialState, isLoading: false, error, failedRequest: 'first-page' });
      },
    );
    return () => controller.abort();
  }, [search, baseModel, tag, reloadCount]);

  const { isLoading, isLoadingMore, pageInfo } = state;
  const loadMore = useCallback(() => {
    const after = pageInfo.endCursor;
    if (isLoading || isLoadingMore || !pageInfo.hasNextPage || after === null) return;
    const generation = generationRef.current;
    setState((prev) => ({ ...prev, isLoadingMore: true, error: null, failedRequest: null }));
    gqlRequest<CatalogData, CatalogVariables>(CATALOG_QUERY, toCatalogVariables({ search, baseModel, tag }, after)).then(
      ({ catalog }) => {
        if (generation !== generationRef.current) return;
        setState((prev) => ({
          ...prev,
          templates: appendUnique(prev.templates, catalog.edges.map((edge) => edge.node)),
          pageInfo: catalog.pageInfo,
          totalCount: catalog.totalCount,
          isLoadingMore: false,
        }));
      },
      (error: unknown) => {
        if (generation !== generationRef.current) return;
        setState((prev) => ({ ...prev, isLoadingMore: false, error, failedRequest: 'next-page' }));
      },
    );
  }, [search, baseModel, tag, isLoading, isLoadingMore, pageInfo]);

  const reload = useCallback(() => setReloadCount((n) => n + 1), []);
  const retry = state.failedRequest === 'next-page' ? loadMore : reload;

  return { ...state, loadMore, retry };
}
