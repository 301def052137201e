import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { gqlRequest } from './graphql-client';
import { gqlQueryKey, useStudioQueryClient, type GqlDocument } from './query-client';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A GraphQL connection as the studio reads it: nodes, the page info and the total. */
export interface ConnectionPage<Node> {
  edges: ReadonlyArray<{ node: Node }>;
  pageInfo: PageInfo;
  totalCount: number;
}

export interface PagedListState<Node> {
  items: Node[];
  pageInfo: PageInfo;
  totalCount: number;
  /** True while the first page for the current filters is loading. */
  isLoading: boolean;
  isLoadingMore: boolean;
  /** What the last request threw; described in the active language when shown. */
  error: unknown;
  /** Which request failed, so "Try again" repeats the right one. */
  failedRequest: 'first-page' | 'next-page' | null;
}

const NO_PAGE: PageInfo = { hasNextPage: false, endCursor: null };

function appendUnique<Node extends { id: string }>(existing: Node[], incoming: readonly Node[]): Node[] {
  const seen = new Set(existing.map((node) => node.id));
  return [...existing, ...incoming.filter((node) => !seen.has(node.id))];
}

/**
 * A cursor-paged list with "load more" (useInfiniteQuery in the studio's cache): the first page loads
 * again whenever `filterKey` changes, pages append without repeats, `retry` repeats whichever request
 * failed, and an invalidation of the operation reloads every page shown. A generated document types
 * the data, the variables and (through `pick`) the rows; no type arguments are needed.
 */
export function usePagedList<Node extends { id: string }, TData, TVariables extends object>(
  document: GqlDocument<TData, TVariables>,
  filterKey: string,
  variablesFor: (after: string | null) => NoInfer<TVariables>,
  pick: (data: TData) => ConnectionPage<Node>,
) {
  const client = useStudioQueryClient();
  // The latest functions, so the cache key depends on the filters' key only.
  const latest = useRef({ variablesFor, pick });
  latest.current = { variablesFor, pick };
  const queryKey = gqlQueryKey(document, { filterKey });

  const query = useInfiniteQuery(
    {
      queryKey,
      queryFn: ({ pageParam, signal }) => gqlRequest(document, latest.current.variablesFor(pageParam), { signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (last: TData) => {
        const { pageInfo } = latest.current.pick(last);
        return pageInfo.hasNextPage && pageInfo.endCursor !== null ? pageInfo.endCursor : undefined;
      },
    },
    client,
  );
  // Rows made here and shown before the list loads them (a template just created), newest first.
  const [added, setAdded] = useState<{ filterKey: string; items: Node[] }>({ filterKey, items: [] });
  const addedHere = added.filterKey === filterKey ? added.items : [];

  const pages = query.data?.pages;
  const state = useMemo(() => {
    const picked = (pages ?? []).map((page) => latest.current.pick(page));
    const loaded = picked.reduce<Node[]>((items, page) => appendUnique(items, page.edges.map((edge) => edge.node)), []);
    const items = appendUnique(addedHere, loaded);
    const last = picked.at(-1);
    return { items, pageInfo: last?.pageInfo ?? NO_PAGE, totalCount: (last?.totalCount ?? 0) + (items.length - loaded.length) };
  }, [pages, addedHere]);

  const { fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = query;
  // The first page is loading: for new filters, or again after it failed ("Try again"). A refresh of
  // rows already shown (an invalidation) keeps them on screen.
  const isLoading = query.isPending || (query.isError && !query.isFetchNextPageError && query.isFetching);
  const failedRequest: PagedListState<Node>['failedRequest'] = query.isFetchNextPageError ? 'next-page' : query.isError ? 'first-page' : null;

  const loadMore = useCallback(() => {
    if (isLoading || isFetchingNextPage || !hasNextPage) return;
    void fetchNextPage({ cancelRefetch: false });
  }, [isLoading, isFetchingNextPage, hasNextPage, fetchNextPage]);
  const reload = useCallback(() => void refetch(), [refetch]);
  /** Puts an item made in this session at the top without refetching. */
  const prependItem = useCallback(
    (item: Node) => setAdded((prev) => (prev.filterKey === filterKey ? { filterKey, items: appendUnique([item], prev.items) } : { filterKey, items: [item] })),
    [filterKey],
  );
  const retry = failedRequest === 'next-page' ? loadMore : reload;

  const result: PagedListState<Node> = {
    // A failed first page shows no rows rather than the previous filters' rows under the new ones.
    ...(failedRequest === 'first-page' ? { items: [], pageInfo: NO_PAGE, totalCount: 0 } : state),
    isLoading,
    isLoadingMore: isFetchingNextPage,
    error: query.error,
    failedRequest,
  };
  return { ...result, loadMore, retry, reload, prependItem };
}
