import { useCallback, useState } from 'react';
import type { TypedDocumentString } from '../../../gql/graphql';
import { gqlRequest } from '../../../lib/graphql-client';

/** Runs one admin mutation at a time; `run` rejects with GraphQLRequestError like gqlRequest. */
export function useAdminMutation<TData, TVariables extends object>(mutation: TypedDocumentString<TData, TVariables>) {
  const [isRunning, setIsRunning] = useState(false);
  const run = useCallback(
    async (variables: TVariables): Promise<TData> => {
      setIsRunning(true);
      try {
        return await gqlRequest(mutation, variables);
      } finally {
        setIsRunning(false);
      }
    },
    [mutation],
  );
  return { run, isRunning };
}
