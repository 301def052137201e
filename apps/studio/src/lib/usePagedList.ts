import { useCallback, useEffect, useRef, useState } from 'react';
import { gqlRequest } from './graphql-client';

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

const INITIAL_STATE: PagedListState<never> = {
  items: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  totalCount: 0,
  isLoading: true,
  isLoadingMore: false,
  error: null,
  failedRequest: null,
};

function appendUnique<Node extends { id: string }>(existing: Node[], incoming: Node[]): Node[] {
  const seen = new Set(existing.map((node) => node.id));
  return [...existing, ...incoming.filter((node) => !seen.has(node.id))];
}

/**
 * A cursor-paged list with "load more": the first page loads again whenever `filterKey` changes (a
 * "load more" started for older filters is dropped), pages append without repeats, and `retry`
 * repeats whichever request failed.
 */
export function usePagedList<Node extends { id: string }, TData, TVariables extends object>(
  query: string,
  filterKey: string,
  variablesFor: (after: string | null) => TVariables,
  pick: (data: TData) => ConnectionPage<Node>,
) {
  const [state, setState] = useState<PagedListState<Node>>(INITIAL_STATE);
  const [reloadCount, setReloadCount] = useState(0);
  const generationRef = useRef(0);
  // The latest functions, so the effect depends on the filters' key only.
  const latest = useRef({ variablesFor, pick });
  latest.current = { variablesFor, pick };

  useEffect(() => {
    const generation = ++generationRef.current;
    const controller = new AbortController();
    setState((prev) => ({ ...prev, isLoading: true, isLoadingMore: false, error: null, failedRequest: null }));
    gqlRequest<TData, TVariables>(query, latest.current.variablesFor(null), { signal: controller.signal }).then(
      (data) => {
        if (generation !== generationRef.current) return;
        const page = latest.current.pick(data);
        setState({ items: page.edges.map((edge) => edge.node), pageInfo: page.pageInfo, totalCount: page.totalCount, isLoading: false, isLoadingMore: false, error: null, failedRequest: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted || generation !== generationRef.current) return;
        // Drop the previous filters' rows rather than show them under the wrong filters.
        setState({ ...INITIAL_STATE, isLoading: false, error, failedRequest: 'first-page' });
      },
    );
    return () => controller.abort();
  }, [query, filterKey, reloadCount]);

  const { isLoading, isLoadingMore, pageInfo } = state;
  const loadMore = useCallback(() => {
    const after = pageInfo.endCursor;
    if (isLoading || isLoadingMore || !pageInfo.hasNextPage || after === null) return;
    const generation = generationRef.current;
    setState((prev) => ({ ...prev, isLoadingMore: true, error: null, failedRequest: null }));
    gqlRequest<TData, TVariables>(query, latest.current.variablesFor(after)).then(
      (data) => {
        if (generation !== generationRef.current) return;
        const page = latest.current.pick(data);
        setState((prev) => ({ ...prev, items: appendUnique(prev.items, page.edges.map((edge) => edge.node)), pageInfo: page.pageInfo, totalCount: page.totalCount, isLoadingMore: false }));
      },
      (error: unknown) => {
        if (generation !== generationRef.current) return;
        setState((prev) => ({ ...prev, isLoadingMore: false, error, failedRequest: 'next-page' }));
      },
    );
  }, [query, isLoading, isLoadingMore, pageInfo]);

  const reload = useCallback(() => setReloadCount((n) => n + 1), []);
  /** Puts an item made in this session at the top without refetching. */
  const prependItem = useCallback((item: Node) => {
    setState((prev) => (prev.items.some((existing) => existing.id === item.id) ? prev : { ...prev, items: [item, ...prev.items], totalCount: prev.totalCount + 1 }));
  }, []);
  const retry = state.failedRequest === 'next-page' ? loadMore : reload;

  return { ...state, loadMore, retry, reload, prependItem };
}
