import { describe, expect, it } from 'vitest';
import { SESSION_TOKEN_KEY } from '../lib/session-token';
import { byTestId, click, graphQLError, render, stubGraphQL, waitFor } from '../test/dom-test-utils';
import { makeTemplatesPage, makeUser } from '../test/factories';
import { App } from './App';

describe('App session', () => {
  it('restores the session from the stored token and signs out back to the login page', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'stored-token');
    const calls = stubGraphQL({
      Me: () => ({ body: { data: { me: makeUser({ displayName: 'Rae Reviewer' }) } } }),
      MyTemplates: () => makeTemplatesPage([]),
    });
    const container = render(<App />);

    await waitFor(() => expect(byTestId(container, 'signed-in-as').textContent).toContain('Rae Reviewer'));
    expect(calls[0]!.headers.Authorization).toBe('Bearer stored-token');

    click(byTestId(container, 'sign-out'));

    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBeNull();
    expect(byTestId(container, 'login-submit')).toBeTruthy();
  });

  it('goes back to the login page when the stored token is rejected', async () => {
    localStorage.setItem(SESSION_TOKEN_KEY, 'expired-token');
    stubGraphQL({ Me: () => graphQLError('UNAUTHENTICATED', 'Session expired') });
    const container = render(<App />);

    await waitFor(() => expect(byTestId(container, 'login-submit')).toBeTruthy());
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBeNull();
  });
});
