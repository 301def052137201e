// A fake /graphql endpoint for component tests: `fetch` answers each operation from a handler and
// records every call (Testing Library renders and queries; this stands in for the API).
import { jest } from '@jest/globals';
import { stubGlobal } from './stub-global';

export interface GraphQLCall {
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  credentials?: RequestCredentials;
}

type GraphQLHandler = (call: GraphQLCall) => { status?: number; body: unknown };

/** The admins' category list every page that names a category reads (answered unless a test stubs its own). */
export const TEST_CATEGORIES = [
  { key: 'portrait', name: 'Portrait', nameZh: '人像', position: 1, archived: false, archivedAt: null },
  { key: 'wedding', name: 'Wedding', nameZh: '婚纱', position: 2, archived: false, archivedAt: null },
  { key: 'street', name: 'Street', nameZh: '', position: 3, archived: true, archivedAt: '2026-11-01T08:00:00.000Z' },
];

const DEFAULT_HANDLERS: Record<string, GraphQLHandler> = {
  TemplateCategories: () => ({ body: { data: { templateCategories: TEST_CATEGORIES } } }),
};

/**
 * Replaces `fetch` with a fake /graphql endpoint. `handlers` are keyed by operation name
 * (e.g. "Login", "MyTemplates"); every call is recorded in the returned array.
 */
export function stubGraphQL(handlers: Record<string, GraphQLHandler>): GraphQLCall[] {
  const calls: GraphQLCall[] = [];
  const fetchStub = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url) !== '/graphql') throw new Error(`Unexpected fetch to ${String(url)}`);
    const { query, variables } = JSON.parse(String(init?.body)) as GraphQLCall;
    const call: GraphQLCall = { query, variables, headers: { ...(init?.headers as Record<string, string>) }, ...(init?.credentials ? { credentials: init.credentials } : {}) };
    calls.push(call);
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
    const handler = handlers[operation] ?? DEFAULT_HANDLERS[operation];
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
