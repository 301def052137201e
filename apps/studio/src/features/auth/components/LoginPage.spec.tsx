import { describe, expect, it } from '@jest/globals';
import { App } from '../../../app/App';
import { SESSION_TOKEN_KEY } from '../../../lib/session-token';
import { byTestId, click, graphQLError, render, stubGraphQL, typeInto, waitFor } from '../../../test/dom-test-utils';
import { makeTemplatesPage, makeUser } from '../../../test/factories';

function fillAndSubmit(container: HTMLElement, email: string, password: string) {
  typeInto(byTestId(container, 'login-email'), email);
  typeInto(byTestId(container, 'login-password'), password);
  click(byTestId(container, 'login-submit'));
}

describe('LoginPage', () => {
  it('submits the entered credentials, stores the token and opens the studio', async () => {
    const calls = stubGraphQL({
      Login: () => ({ body: { data: { login: { token: 'jwt-abc', user: makeUser({ displayName: 'Dana Designer' }) } } } }),
      MyTemplates: () => makeTemplatesPage([]),
    });
    const container = render(<App />);

    fillAndSubmit(container, '  designer@atelier.local ', 'atelier-dev');

    await waitFor(() => expect(byTestId(container, 'signed-in-as').textContent).toContain('Dana Designer'));
    const login = calls.find((call) => call.query.includes('mutation Login'));
    expect(login?.variables).toEqual({ email: 'designer@atelier.local', password: 'atelier-dev' });
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBe('jwt-abc');
    expect(container.querySelector('[data-testid="login-submit"]')).toBeNull();
  });

  it("shows the server's message when the password is wrong and lets the designer retry", async () => {
    stubGraphQL({ Login: () => graphQLError('UNAUTHENTICATED', 'Email or password is incorrect.') });
    const container = render(<App />);

    fillAndSubmit(container, 'designer@atelier.local', 'wrong');

    await waitFor(() => expect(byTestId(container, 'login-error').textContent).toBe('Email or password is incorrect.'));
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBeNull();
    expect(byTestId<HTMLButtonElement>(container, 'login-submit').disabled).toBe(false);
    expect(byTestId<HTMLInputElement>(container, 'login-email').value).toBe('designer@atelier.local');
  });

  it("shows the server's RATE_LIMITED message", async () => {
    stubGraphQL({
      Login: () => ({ status: 429, ...graphQLError('RATE_LIMITED', 'Too many sign-in attempts. Wait a minute.') }),
    });
    const container = render(<App />);

    fillAndSubmit(container, 'designer@atelier.local', 'atelier-dev');

    await waitFor(() =>
      expect(byTestId(container, 'login-error').textContent).toBe('Too many sign-in attempts. Wait a minute.'),
    );
  });

  it('shows the demo account hint', () => {
    stubGraphQL({});
    const container = render(<App />);
    expect(container.querySelector('.login-hint')?.textContent).toContain('designer@atelier.local / atelier-dev');
  });
});
