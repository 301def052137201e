import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlResult } from './test-app.js';

export type LiveResult<T = Record<string, any>> = Omit<GqlResult<T>, 'status'>;

export interface TestSubscription<T = Record<string, any>> {
  // Every result the server sent, in order (an `error` message counts as a result with errors only).
  readonly results: Array<LiveResult<T>>;
  readonly completed: boolean;
  // The first result (already received or still to come) that matches; fails after timeoutMs
  // naming what it waited for and everything that did arrive.
  waitFor(what: string, matches: (result: LiveResult<T>) => boolean, timeoutMs?: number): Promise<LiveResult<T>>;
  // Resolves once the server completed the operation.
  completion(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// Credentials as a client sends them over the WebSocket: in connectionParams, never in headers.
export function connectionParamsFor(auth: { token?: string; apiKey?: string } | undefined): Record<string, string> {
  if (auth?.token) return { authorization: `Bearer ${auth.token}` };
  if (auth?.apiKey) return { 'x-api-key': auth.apiKey };
  return {};
}

// One graphql-ws client (the real protocol over a real socket) running one subscription against an
// API started by startTestApp.
export function subscribe<T = Record<string, any>>(api: { url: string }, query: string, variables: Record<string, unknown>, auth?: { token?: string; apiKey?: string }): TestSubscription<T> {
  const results: Array<LiveResult<T>> = [];
  let completed = false;
  let failure: unknown = null;
  const watchers = new Set<() => void>();
  const changed = () => watchers.forEach((w) => w());
  const client = createClient({ url: `${api.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: connectionParamsFor(auth), lazy: true, retryAttempts: 0 });
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as LiveResult<T>);
        changed();
      },
      error: (error) => {
        // graphql-ws hands over the `error` message's payload (GraphQL errors) or a socket close.
        if (Array.isArray(error)) results.push({ data: null, errors: error as LiveResult<T>['errors'] });
        else failure = error;
        completed = true;
        changed();
      },
      complete: () => {
        completed = true;
        changed();
      },
    },
  );

  function until<R>(what: string, check: () => R | undefined, timeoutMs: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const watcher = () => {
        const found = check();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (failure) {
          done();
          reject(new Error(`The subscription failed while waiting for ${what}: ${describe(failure)}; received ${JSON.stringify(results)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; completed=${completed}, received ${JSON.stringify(results)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        watchers.delete(watcher);
      };
      watchers.add(watcher);
      watcher();
    });
  }

  return {
    results,
    get completed() {
      return completed;
    },
    waitFor: (what, matches, timeoutMs = 10_000) => until(what, () => results.find(matches), timeoutMs),
    completion: (timeoutMs = 10_000) => until('completion', () => (completed ? true : undefined), timeoutMs).then(() => undefined),
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const close = error as { code?: number; reason?: string };
  return close && typeof close.code === 'number' ? `socket closed ${close.code} ${close.reason ?? ''}` : JSON.stringify(error);
}
