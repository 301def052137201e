import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlResult } from './test-app.js';

export type LiveResult<T = Record<string, any>> = Omit<GqlResult<T>, 'status'>;

// How the socket was closed (by the server, or by this client).
export interface SocketClose {
  code: number;
  reason: string;
}

export interface TestSubscription<T = Record<string, any>> {
  // Every result the server sent, in order (an `error` message counts as a result with errors only,
  // and so does the server refusing the socket: 4401 as UNAUTHENTICATED, 4403 as FORBIDDEN).
  readonly results: Array<LiveResult<T>>;
  readonly completed: boolean;
  // The first result (already received or still to come) that matches; fails after timeoutMs
  // naming what it waited for and everything that did arrive.
  waitFor(what: string, matches: (result: LiveResult<T>) => boolean, timeoutMs?: number): Promise<LiveResult<T>>;
  // Resolves once the server completed the operation.
  completion(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestConnection {
  // Resolves once the server acknowledged the connection; fails if it closed the socket instead.
  acknowledged(timeoutMs?: number): Promise<void>;
  // Resolves with the close once the socket is closed.
  closed(timeoutMs?: number): Promise<SocketClose>;
  // One more subscription on this socket; its close() stops it and leaves the socket open.
  subscribe<T = Record<string, any>>(query: string, variables: Record<string, unknown>): TestSubscription<T>;
  close(): Promise<void>;
}

// Credentials as a client sends them over the WebSocket: in connectionParams, never in headers.
export function connectionParamsFor(auth: { token?: string; apiKey?: string } | undefined): Record<string, string> {
  if (auth?.token) return { authorization: `Bearer ${auth.token}` };
  if (auth?.apiKey) return { 'x-api-key': auth.apiKey };
  return {};
}

// The close codes graphql-ws servers use to refuse a socket, as the error codes the API uses.
const REFUSALS: Record<number, string> = { 4401: 'UNAUTHENTICATED', 4403: 'FORBIDDEN' };

function isSocketClose(value: unknown): value is SocketClose {
  return typeof value === 'object' && value !== null && typeof (value as SocketClose).code === 'number';
}

// Waits until check() answers; fails with what it waited for (and what did arrive) after timeoutMs,
// or at once when failed() says the wait is hopeless.
function waitUntil<R>(what: string, watchers: Set<() => void>, check: () => R | undefined, failed: () => string | null, timeoutMs: number, state: () => string): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const watcher = () => {
      const found = check();
      if (found !== undefined) {
        done();
        resolve(found);
        return;
      }
      const failure = failed();
      if (failure) {
        done();
        reject(new Error(`${failure} while waiting for ${what}`));
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; ${state()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      watchers.delete(watcher);
    };
    watchers.add(watcher);
    watcher();
  });
}

function startSubscription<T>(client: Client, query: string, variables: Record<string, unknown>, onClosed: () => Promise<void>): TestSubscription<T> {
  const results: Array<LiveResult<T>> = [];
  let completed = false;
  let failure: unknown = null;
  const watchers = new Set<() => void>();
  const changed = () => watchers.forEach((w) => w());
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
        else if (isSocketClose(error) && REFUSALS[error.code]) results.push({ data: null, errors: [{ message: error.reason, extensions: { code: REFUSALS[error.code]!, closeCode: error.code } }] });
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
  const received = () => `received ${JSON.stringify(results)}`;
  const failed = () => (failure ? `The subscription failed (${describe(failure)}); ${received()}` : null);
  const status = () => `completed=${completed}, ${received()}`;

  return {
    results,
    get completed() {
      return completed;
    },
    waitFor: (what, matches, timeoutMs = 10_000) => waitUntil(what, watchers, () => results.find(matches), failed, timeoutMs, status),
    completion: (timeoutMs = 10_000) => waitUntil('completion', watchers, () => (completed ? true : undefined), failed, timeoutMs, status).then(() => undefined),
    async close() {
      unsubscribe();
      await onClosed();
    },
  };
}

// A WebSocket class whose upgrade requests carry `headers`.
function webSocketWith(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  } as typeof WebSocket;
}

function createTestClient(api: { url: string }, connectionParams: Record<string, unknown>, lazy: boolean, headers?: Record<string, string>) {
  const watchers = new Set<() => void>();
  const changed = () => watchers.forEach((w) => w());
  const state: { acknowledged: boolean; close: SocketClose | null } = { acknowledged: false, close: null };
  const client = createClient({
    url: `${api.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: headers ? webSocketWith(headers) : WebSocket,
    connectionParams,
    lazy,
    retryAttempts: 0,
    // A refused connection is what some tests expect; they read it from closed().
    onNonLazyError: () => undefined,
    on: {
      connected: () => {
        state.acknowledged = true;
        changed();
      },
      closed: (event) => {
        state.close = isSocketClose(event) ? { code: event.code, reason: String(event.reason) } : { code: -1, reason: describe(event) };
        changed();
      },
    },
  });
  return { client, state, watchers };
}

// A graphql-ws client (the real protocol over a real socket) connecting at once, for tests about the
// socket itself: what the server accepts, how many subscriptions it runs, when it closes.
// `connectionParams` replaces the ones `auth` stands for (to send malformed ones).
// `headers` go on the upgrade request (a browser sends its cookies there).
export function connect(api: { url: string }, auth?: { token?: string; apiKey?: string }, connectionParams?: Record<string, unknown>, headers?: Record<string, string>): TestConnection {
  const { client, state, watchers } = createTestClient(api, connectionParams ?? connectionParamsFor(auth), false, headers);
  return {
    acknowledged: (timeoutMs = 10_000) =>
      waitUntil('connection_ack', watchers, () => (state.acknowledged ? true : undefined), () => (state.close ? `The socket closed (${state.close.code} ${state.close.reason})` : null), timeoutMs, () => 'no answer').then(() => undefined),
    closed: (timeoutMs = 10_000) => waitUntil('the socket to close', watchers, () => state.close ?? undefined, () => null, timeoutMs, () => `acknowledged=${state.acknowledged}, still open`),
    subscribe: (query, variables) => startSubscription(client, query, variables, async () => undefined),
    close: () => client.dispose() as Promise<void>,
  };
}

// One graphql-ws client running one subscription against an API started by startTestApp.
export function subscribe<T = Record<string, any>>(api: { url: string }, query: string, variables: Record<string, unknown>, auth?: { token?: string; apiKey?: string }): TestSubscription<T> {
  const { client } = createTestClient(api, connectionParamsFor(auth), true);
  return startSubscription<T>(client, query, variables, () => client.dispose() as Promise<void>);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return isSocketClose(error) ? `socket closed ${error.code} ${error.reason ?? ''}` : JSON.stringify(error);
}
