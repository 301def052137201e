import { describe, expect, it, jest } from '@jest/globals';
import { stubGlobal } from '../test/stub-global';
import { apiMessage } from '@atelier/messages';
import { reasonedGraphQLError } from '../test/api-error';
import { graphQLError, stubGraphQL } from '../test/stub-graphql';
import { GraphQLRequestError, gqlRequest } from './graphql-client';
import { sessionCsrfCookie, startTestSession } from '../test/session-cookie';
import { endSession, readSessionEndedReason, storeSession, subscribeToSession } from './studio-session';

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
  it('posts the query and variables with the session CSRF token and returns data', async () => {
    startTestSession('csrf-123');
    const calls = stubGraphQL({ Probe: () => ({ body: { data: { probe: 'ok' } } }) });

    await expect(gqlRequest(QUERY, { id: 't1' })).resolves.toEqual({ probe: 'ok' });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toBe(QUERY);
    expect(calls[0]!.variables).toEqual({ id: 't1' });
    expect(calls[0]!.headers['x-csrf-token']).toBe('csrf-123');
    // The session itself is the httpOnly cookie the browser sends; no token is in page reach.
    expect(calls[0]!.headers).not.toHaveProperty('Authorization');
    expect(calls[0]!.headers['x-atelier-session']).toBe('cookie');
    expect(calls[0]!.credentials).toBe('same-origin');
  });

  it('sends no CSRF token when signed out', async () => {
    const calls = stubGraphQL({ Probe: () => ({ body: { data: { probe: 'ok' } } }) });
    await gqlRequest(QUERY, { id: 't1' });
    expect(calls[0]!.headers).not.toHaveProperty('x-csrf-token');
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

  it('ends the session and notifies on UNAUTHENTICATED', async () => {
    startTestSession('expired');
    const onTokenChange = jest.fn();
    const unsubscribe = subscribeToSession(onTokenChange);
    stubGraphQL({ Probe: () => graphQLError('UNAUTHENTICATED', 'Your session has expired') });

    const error = await captureError(gqlRequest(QUERY, { id: 't1' }));
    unsubscribe();

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(sessionCsrfCookie()).toBeNull();
    expect(onTokenChange).toHaveBeenCalledTimes(1);
    // Other tabs hear of it through storage (cookies raise no events).
    expect(localStorage.getItem('atelier.session-changed')).not.toBeNull();
    // The sign-in page says why.
    expect(readSessionEndedReason()).toEqual({ message: 'Your session has expired' });
  });

  it('keeps the reason the API ended the session by, so the sign-in page can say it in any language', async () => {
    startTestSession('ended-session');
    stubGraphQL({ Probe: () => reasonedGraphQLError('UNAUTHENTICATED', 'auth.sessionEnded') });
    await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(readSessionEndedReason()).toEqual({ message: apiMessage('auth.sessionEnded'), reason: 'auth.sessionEnded', params: {} });
  });

  it('keeps a session started while the refused request was on its way (signOutEverywhere answered meanwhile)', async () => {
    startTestSession('old-session');
    stubGraphQL({
      Probe: () => {
        storeSession('fresh-session', '2099-01-01T00:00:00Z');
        return graphQLError('UNAUTHENTICATED', 'This session was ended');
      },
    });
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('UNAUTHENTICATED');
    expect(sessionCsrfCookie()).toBe('fresh-session');
    expect(readSessionEndedReason()).toBeNull();
  });

  it('gives no sign-out reason for a refusal while signed out (a wrong password at sign-in)', async () => {
    endSession();
    stubGraphQL({ Probe: () => graphQLError('UNAUTHENTICATED', 'That email and password do not match an account.') });
    await captureError(gqlRequest(QUERY, { id: 't1' }));
    expect(readSessionEndedReason()).toBeNull();
  });

  it('keeps the session for errors other than UNAUTHENTICATED', async () => {
    startTestSession('still-good');
    stubGraphQL({ Probe: () => graphQLError('FORBIDDEN', 'Not your template') });
    expect((await captureError(gqlRequest(QUERY, { id: 't1' }))).code).toBe('FORBIDDEN');
    expect(sessionCsrfCookie()).toBe('still-good');
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
