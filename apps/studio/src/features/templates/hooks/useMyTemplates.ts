import { useCallback, useEffect, useRef, useState } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';
import {
  MY_TEMPLATES_QUERY,
  type MyTemplatesData,
  type MyTemplatesVariables,
  type PageInfo,
  type TemplateSummary,
  type VersionState,
} from '../graphql/templates.graphql';

export const TEMPLATES_PAGE_SIZE = 20;

export interface MyTemplatesState {
  templates: TemplateSummary[];
  pageInfo: PageInfo;
  totalCount: number;
  /** True while the first page for the current search is loading. */
  isLoading: boolean;
  isLoadingMore: boolean;
  /** What the last request threw; described in the active language when shown. */
  error: unknown;
  /** Which request failed, so "Try again" repeats the right one. */
  failedRequest: 'first-page' | 'next-page' | null;
}

const initialState: MyTemplatesState = {
  templates: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  totalCount: 0,
  isLoading: true,
  isLoadingMore: false,
  error: null,
  failedRequest: null,
};

function toVariables(search: string, after: string | null, state: VersionState | null): MyTemplatesVariables {
  const trimmed = search.trim();
  const filter = { ...(trimmed ? { search: trimmed } : {}), ...(state ? { state } : {}) };
  return {
    first: TEMPLATES_PAGE_SIZE,
    after,
    filter: Object.keys(filter).length ? filter : undefined,
  };
}

function appendUnique(existing: TemplateSummary[], incoming: TemplateSummary[]): TemplateSummary[] {
  const seen = new Set(existing.map((t) => t.id));
  return [...existing, ...incoming.filter((t) => !seen.has(t.id))];
}

/** The signed-in designer's templates for `search` (and the newest version's `state`), paged with "load more". */
export function useMyTemplates(search: string, versionState: VersionState | null = null) {
  const [state, setState] = useState<MyTemplatesState>(initialState);
  const [reloadCount, setReloadCount] = useState(0);
  // Bumped whenever the list is reset, so a "load more" started for an older search is dropped.
  const generationRef = useRef(0);

  useEffect(() => {
    const generation = ++generationRef.current;
    const controller = new AbortController();
    setState((prev) => ({ ...prev, isLoading: true, isLoadingMore: false, error: null, failedRequest: null }));

    gqlRequest<MyTemplatesData, MyTemplatesVariables>(MY_TEMPLATES_QUERY, toVariables(search, null, versionState), {
      signal: controller.signal,
    }).then(
      ({ templates }) => {
        if (generation !== generationRef.current) return;
        setState({
          templates: templates.edges.map((edge) => edge.node),
          pageInfo: templates.pageInfo,
          totalCount: templates.totalCount,
          isLoading: false,
          isLoadingMore: false,
          error: null,
          failedRequest: null,
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted || generation !== generationRef.current) return;
        // Drop the previous search's rows rather than show them under the wrong search.
        setState({ ...initialState, isLoading: false, error, failedRequest: 'first-page' });
      },
    );
    return () => controller.abort();
  }, [search, versionState, reloadCount]);

  const { isLoading, isLoadingMore, pageInfo } = state;
  const loadMore = useCallback(() => {
    const after = pageInfo.endCursor;
    if (isLoading || isLoadingMore || !pageInfo.hasNextPage || after === null) return;
    const generation = generationRef.current;
    setState((prev) => ({ ...prev, isLoadingMore: true, error: null, failedRequest: null }));

    gqlRequest<MyTemplatesData, MyTemplatesVariables>(MY_TEMPLATES_QUERY, toVariables(search, after, versionState)).then(
      ({ templates }) => {
        if (generation !== generationRef.current) return;
        setState((prev) => ({
          ...prev,
          templates: appendUnique(prev.templates, templates.edges.map((edge) => edge.node)),
          pageInfo: templates.pageInfo,
          totalCount: templates.totalCount,
          isLoadingMore: false,
        }));
      },
      (error: unknown) => {
        if (generation !== generationRef.current) return;
        setState((prev) => ({
          ...prev,
          isLoadingMore: false,
          error,
          failedRequest: 'next-page',
        }));
      },
    );
  }, [search, versionState, isLoading, isLoadingMore, pageInfo]);

  /** Shows a template created in this session at the top without refetching. */
  const addCreatedTemplate = useCallback((template: TemplateSummary) => {
    setState((prev) =>
      prev.templates.some((t) => t.id === template.id)
        ? prev
        : { ...prev, templates: [template, ...prev.templates], totalCount: prev.totalCount + 1 },
    );
  }, []);

  const reload = useCallback(() => setReloadCount((n) => n + 1), []);
  const retry = state.failedRequest === 'next-page' ? loadMore : reload;

  return { ...state, loadMore, addCreatedTemplate, retry };
}
