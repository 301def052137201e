// Minimal stand-ins for @testing-library: render into happy-dom with react-dom/client + act.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, jest } from '@jest/globals';
import { stubGlobal } from './stub-global';

const mounted: Array<{ root: Root; container: HTMLElement }> = [];

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
});

export function render(ui: ReactNode): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(ui));
  mounted.push({ root, container });
  return container;
}

export function byTestId<T extends HTMLElement = HTMLElement>(scope: ParentNode, testId: string): T {
  const element = scope.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`No element with data-testid="${testId}"`);
  return element;
}

export function allByTestId<T extends HTMLElement = HTMLElement>(scope: ParentNode, testId: string): T[] {
  return [...scope.querySelectorAll<T>(`[data-testid="${testId}"]`)];
}

/** Sets an input's value the way a user would, so React's onChange fires. */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
  if (!setValue) throw new Error('input has no value setter');
  act(() => {
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function click(element: HTMLElement): void {
  act(() => element.click());
}

/** Retries `assertion` (flushing React work between tries) until it passes or `timeoutMs` elapses. */
export async function waitFor<T>(assertion: () => T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    }
  }
}

export interface GraphQLCall {
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

type GraphQLHandler = (call: GraphQLCall) => { status?: number; body: unknown };

/**
 * Replaces `fetch` with a fake /graphql endpoint. `handlers` are keyed by operation name
 * (e.g. "Login", "MyTemplates"); every call is recorded in the returned array.
 */
export function stubGraphQL(handlers: Record<string, GraphQLHandler>): GraphQLCall[] {
  const calls: GraphQLCall[] = [];
  const fetchStub = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url) !== '/graphql') throw new Error(`Unexpected fetch to ${String(url)}`);
    const { query, variables } = JSON.parse(String(init?.body)) as GraphQLCall;
    const call: GraphQLCall = { query, variables, headers: { ...(init?.headers as Record<string, string>) } };
    calls.push(call);
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
    const handler = handlers[operation];
    if (!handler) throw new Error(`No stub for GraphQL operation "${operation}"`);
    const { status = 200, body } = handler(call);
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  stubGlobal('fetch', fetchStub);
  return calls;
}

export function graphQLError(code: string, message: string, issues?: Array<{ path: unknown; message: string }>) {
  return { body: { errors: [{ message, extensions: { code, ...(issues ? { issues } : {}) } }], data: null } };
}
