import { useCallback, useRef, useState } from 'react';
import type { TypedDocumentString } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';
import { invalidateGqlQueries, useStudioQueryClient, type GqlOperationName } from '../../../lib/query-client';

/**
 * Runs one admin mutation at a time; `run` rejects with GraphQLRequestError like gqlRequest. After a
 * success it reloads the queries named in `invalidates` (operation names) before it resolves, so the
 * page's list already shows the change when the form or dialog says it is done.
 */
export function useAdminMutation<TData, TVariables extends object>(mutation: TypedDocumentString<TData, TVariables>, invalidates: readonly GqlOperationName[] = []) {
  const queryClient = useStudioQueryClient();
  const [isRunning, setIsRunning] = useState(false);
  // The names are read when the mutation succeeds: a new array each render does not make a new `run`.
  const invalidatesRef = useRef(invalidates);
  invalidatesRef.current = invalidates;
  const run = useCallback(
    async (variables: TVariables): Promise<TData> => {
      setIsRunning(true);
      try {
        const data = await gqlRequest(mutation, variables);
        await invalidateGqlQueries(queryClient, ...invalidatesRef.current);
        return data;
      } finally {
        setIsRunning(false);
      }
    },
    [queryClient, mutation],
  );
  return { run, isRunning };
}
