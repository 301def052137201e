import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { gqlRequest } from './graphql-client';
import { gqlQueryKey, useStudioQueryClient, type GqlDocument } from './query-client';

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

export interface GqlQueryOptions {
  /** Loads again every this many ms while shown (a queue, a render in progress). */
  pollMs?: number;
}

/**
 * Runs `document` with `variables` (null skips it) through the studio's query cache: again whenever
 * the variables change, on reload, when another part of the studio invalidates it, or every `pollMs`.
 * A generated document types the data and the variables; no type arguments are needed.
 */
export function useGqlQuery<TData, TVariables extends object>(document: GqlDocument<TData, TVariables>, variables: NoInfer<TVariables> | null, options: GqlQueryOptions = {}): GqlQueryResult<TData> {
  const client = useStudioQueryClient();
  const queryKey = gqlQueryKey(document, variables);
  const query = useQuery(
    {
      queryKey,
      queryFn: ({ signal }) => gqlRequest(document, variables ?? undefined, { signal }),
      enabled: variables !== null,
      placeholderData: keepPreviousData,
      refetchInterval: options.pollMs ?? false,
    },
    client,
  );
  // A reload the person asked for shows as loading; a poll or an invalidation refreshes quietly.
  const [isReloading, setReloading] = useState(false);
  const { refetch } = query;
  const reload = useCallback(() => {
    setReloading(true);
    void refetch().finally(() => setReloading(false));
  }, [refetch]);
  const keyText = JSON.stringify(queryKey);
  const setData = useCallback((data: TData) => client.setQueryData(JSON.parse(keyText) as unknown[], data), [client, keyText]);

  return {
    data: query.data ?? null,
    isLoading: variables !== null && (query.isPending || query.isPlaceholderData || isReloading),
    error: query.isPlaceholderData ? null : query.error,
    reload,
    setData,
  };
}
