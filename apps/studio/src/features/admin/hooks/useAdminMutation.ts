import { useCallback, useState } from 'react';
import { gqlRequest } from '../../../lib/graphql-client';

/** Runs one admin mutation at a time; `run` rejects with GraphQLRequestError like gqlRequest. */
export function useAdminMutation<TData, TVariables extends object>(mutation: string) {
  const [isRunning, setIsRunning] = useState(false);
  const run = useCallback(
    async (variables: TVariables): Promise<TData> => {
      setIsRunning(true);
      try {
        return await gqlRequest<TData, TVariables>(mutation, variables);
      } finally {
        setIsRunning(false);
      }
    },
    [mutation],
  );
  return { run, isRunning };
}
