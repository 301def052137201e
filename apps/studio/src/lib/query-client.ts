import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { useContext } from 'react';
import type * as generated from '../gql/graphql';

/** A GraphQL document: a generated typed document (preferred), or plain text with hand-given types. */
export type GqlDocument<TData = unknown, TVariables = unknown> = generated.TypedDocumentString<TData, TVariables> | string;

/** The name of an operation the studio declares (`query MyTemplates` -> 'MyTemplates'), from codegen's `<Name>Document`s. */
export type GqlOperationName = { [Export in keyof typeof generated]: Export extends `${infer Name}Document` ? Name : never }[keyof typeof generated];

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
 * Loads the cached answers of these operations again, whatever their variables: the ones on screen
 * (which keep showing what they had meanwhile) and the ones kept for screens not shown now. Call after
 * a change that other lists show (publish, a review decision, retire...). Settles once all have
 * answered; a failed reload is not thrown (the screen showing it says so).
 */
export function invalidateGqlQueries(client: QueryClient, ...operationNames: GqlOperationName[]): Promise<void> {
  // 'all', not just the active ones: a screen shown again draws its cached answer first, and without
  // this that answer would still be the one from before the change until its own refetch came back.
  return Promise.all(operationNames.map((name) => client.invalidateQueries({ queryKey: ['gql', name], refetchType: 'all' }))).then(() => undefined);
}
