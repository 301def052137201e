import { useCallback, useEffect, useState } from 'react';
import { gqlRequest } from './graphql-client';

interface QueryState<TData> {
  key: string | null;
  data: TData | null;
  error: unknown;
  isLoading: boolean;
}

export interface GqlQueryResult<TData> {
  /** The latest data; kept while a new key loads, so the page can fade instead of flash. */
  data: TData | null;
  /** True when `data` belongs to other variables than the current ones (or is being reloaded). */
  isLoading: boolean;
  /** What the last request threw (a GraphQLRequestError, usually); null once a request succeeds. */
  error: unknown;
  reload: () => void;
  /** Replaces the data with what a mutation returned, without a refetch. */
  setData: (data: TData) => void;
}

/** Runs `query` with `variables` (null skips it), again whenever the variables change or on reload. */
export function useGqlQuery<TData, TVariables extends object>(query: string, variables: TVariables | null): GqlQueryResult<TData> {
  const key = variables === null ? null : JSON.stringify(variables);
  const [state, setState] = useState<QueryState<TData>>({ key: null, data: null, error: null, isLoading: key !== null });
  const [reloadCount, setReloadCount] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((prev) => ({ ...prev, isLoading: true, error: null }));
    gqlRequest<TData, TVariables>(query, JSON.parse(key) as TVariables, { signal: controller.signal }).then(
      (data) => {
        // A response that lost the race to newer variables must not overwrite their data.
        if (controller.signal.aborted) return;
        setState({ key, data, error: null, isLoading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((prev) => ({ ...prev, key, error, isLoading: false }));
      },
    );
    return () => controller.abort();
  }, [query, key, reloadCount]);

  const reload = useCallback(() => setReloadCount((n) => n + 1), []);
  const setData = useCallback((data: TData) => setState((prev) => ({ ...prev, data, error: null })), []);

  return {
    data: state.data,
    isLoading: key !== null && (state.isLoading || state.key !== key),
    error: state.key === key ? state.error : null,
    reload,
    setData,
  };
}
