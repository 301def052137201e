import { describe, expect, it, jest } from '@jest/globals';
import { stubGlobal } from '../test/stub-global';
import { graphQLError, stubGraphQL } from '../test/stub-graphql';
import { GraphQLRequestError, gqlRequest } from './graphql-client';
import { SESSION_TOKEN_KEY, clearSessionToken, readSessionEndedReason, storeSessionToken, subscribeToSessionToken } from './session-token';

const QUERY = 'query Probe($id: ID!) { probe(id: $id) }';

async function captureError(promise: Promise<unknown>): Promise<GraphQLRequestError> {
  const error = await promise.then(
    () => {
      throw new Error('request should have failed');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphQLRequestError);
  return error as GraphQLRequestError;
}

describe('gqlRequest', () => {
  it('posts the query and variables with the stored bearer token and returns data', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'tok-123');
    const calls = stubGraphQL({ Probe: () => ({ body: { data: { probe: 'ok' } } }) });

    await expect(gqlRequest(QUERY, { id: 't1' })).resolves.toEqual({ probe: 'ok' });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toBe(QUERY);
    expect(calls[0]!.variables).toEqual({ id: 't1' });
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-123');
  });

  it('sends no Authorization header when signed out', async () => {
    const calls = stubGraphQL({ Probe: () => ({ body: { data: { probe: 'ok' } } }) });
    await gqlRequest(QUERY, { id: 't1' });
    expect(calls[0]!.headers).not.toHaveProperty('Authorization');
  });

  it('maps a BAD_USER_INPUT response to GraphQLRequestError with code, message and issues', async () => {
    stubGraphQL({
      Probe: () =>
        graphQLError('BAD_USER_INPUT', 'The template is invalid', [
          { path: ['input', 'title'], message: 'Title is required' },
          { path: 'input.tags.2', message: 'Tag is too long' },
        ]),
    });

    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('The template is invalid');
    expect(error.issues).toEqual([
      { path: ['input', 'title'], message: 'Title is required' },
      { path: ['input', 'tags', '2'], message: 'Tag is too long' },
    ]);
  });

  it('keeps the other extensions of an error as details (currentRevision of a REVISION_CONFLICT)', async () => {
    stubGraphQL({
      Probe: () => ({ status: 200, body: { data: null, errors: [{ message: 'Someone else saved this draft.', extensions: { code: 'REVISION_CONFLICT', currentRevision: 9 } }] } }),
    });
    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(error.code).toBe('REVISION_CONFLICT');
    expect(error.details).toEqual({ currentRevision: 9 });
  });

  it('reads errors from a non-200 response too (e.g. RATE_LIMITED as HTTP 429)', async () => {
    stubGraphQL({
      Probe: () => ({ status: 429, ...graphQLError('RATE_LIMITED', 'Too many attempts. Try again in a minute.') }),
    });
    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('Too many attempts. Try again in a minute.');
    expect(error.issues).toEqual([]);
  });

  it('clears the stored token and notifies the session on UNAUTHENTICATED', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'expired');
    const onTokenChange = jest.fn();
    const unsubscribe = subscribeToSessionToken(onTokenChange);
    stubGraphQL({ Probe: () => graphQLError('UNAUTHENTICATED', 'Your session has expired') });

    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));
    unsubscribe();

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBeNull();
    expect(onTokenChange).toHaveBeenCalledTimes(1);
    // The sign-in page says why.
    expect(readSessionEndedReason()).toBe('Your session has expired');
  });

  it('keeps a token stored while the refused request was on its way (signOutEverywhere answered meanwhile)', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'old-token');
    stubGraphQL({
      Probe: () => {
        storeSessionToken('fresh-token');
        return graphQLError('UNAUTHENTICATED', 'This session was ended');
      },
    });
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('UNAUTHENTICATED');
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBe('fresh-token');
    expect(readSessionEndedReason()).toBeNull();
  });

  it('gives no sign-out reason for a refusal while signed out (a wrong password at sign-in)', async () => {
    clearSessionToken();
    stubGraphQL({ Probe: () => graphQLError('UNAUTHENTICATED', 'That email and password do not match an account.') });
    await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(readSessionEndedReason()).toBeNull();
  });

  it('keeps the token for errors other than UNAUTHENTICATED', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'still-good');
    stubGraphQL({ Probe: () => graphQLError('FORBIDDEN', 'Not your template') });
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('FORBIDDEN');
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBe('still-good');
  });

  it('treats unknown error codes and non-JSON responses as INTERNAL', async () => {
    stubGraphQL({ Probe: () => graphQLError('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "probe"') });
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('INTERNAL');

    stubGlobal('fetch', jest.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('502');
  });

  it('reports a failed connection as NETWORK_ERROR', async () => {
    stubGlobal('fetch', jest.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('NETWORK_ERROR');
  });
});
