import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { useContext } from 'react';
import type { TypedDocumentString } from '../gql/graphql';

/** A GraphQL document: a generated typed document (preferred), or plain text with hand-given types. */
export type GqlDocument<TData = unknown, TVariables = unknown> = TypedDocumentString<TData, TVariables> | string;

/** The operation's name (`query MyTemplates` -> MyTemplates): the first part of its cache key. */
export function operationNameOf(document: { toString(): string }): string {
  return /(?:query|mutation|subscription)\s+(\w+)/.exec(String(document))?.[1] ?? String(document);
}

/** Cache key of one operation with its variables: ['gql', name, variables]. */
export function gqlQueryKey(document: { toString(): string }, variables: unknown): readonly unknown[] {
  return ['gql', operationNameOf(document), variables ?? {}];
}

// The studio's one query cache. Requests are not retried (the pages show the error with "Try again"),
// and a page coming back refetches what it shows while showing what it had.
export function createStudioQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

// Used when nothing above provides one (a component rendered on its own, as component tests do); the
// app provides this same client, so both see one cache. Tests clear it after each test.
export const studioQueryClient = createStudioQueryClient();

/** The query client of the nearest QueryClientProvider, else the studio's own. */
export function useStudioQueryClient(): QueryClient {
  return useContext(QueryClientContext) ?? studioQueryClient;
}

/**
 * Marks the cached answers of these operations stale: the ones on screen load again, the others
 * when next shown. Call after a change that other lists show (publish, a review decision, retire...).
 */
export function invalidateGqlQueries(client: QueryClient, ...operationNames: string[]): Promise<void> {
  return Promise.all(operationNames.map((name) => client.invalidateQueries({ queryKey: ['gql', name] }))).then(() => undefined);
}
