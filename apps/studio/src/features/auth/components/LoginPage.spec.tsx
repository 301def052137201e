import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { App } from '../../../app/App';
import { sessionCsrfCookie } from '../../../test/session-cookie';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { makeTemplatesPage, makeUser } from '../../../test/factories';

const emailField = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Email' });

async function fillAndSubmit(user: UserEvent, email: string, password: string) {
  await user.type(emailField(), email);
  // A password input has no ARIA role: it is found by its label.
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('submits the entered credentials, keeps the session (as a cookie) and opens the studio', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      Login: () => ({ body: { data: { login: { csrfToken: 'csrf-abc', expiresAt: '2099-01-01T00:00:00Z', user: makeUser({ displayName: 'Dana Designer' }) } } } }),
      MyTemplates: () => makeTemplatesPage([]),
    });
    render(<App />);

    await fillAndSubmit(user, '  designer@atelier.local ', 'atelier-dev');

    await waitFor(() => expect(screen.getByTestId('signed-in-as').textContent).toContain('Dana Designer'));
    const login = calls.find((call) => call.query.includes('mutation Login'));
    expect(login?.variables).toEqual({ email: 'designer@atelier.local', password: 'atelier-dev' });
    // The sign-in asked for a cookie session; the page keeps only the CSRF token, nothing in localStorage.
    expect(login?.headers['x-atelier-session']).toBe('cookie');
    expect(sessionCsrfCookie()).toBe('csrf-abc');
    expect(Object.keys(localStorage).filter((key) => key !== 'atelier.session-changed')).toEqual([]);
    expect(screen.queryByTestId('login-submit')).toBeNull();
  });

  it("shows the server's message when the password is wrong and lets the designer retry", async () => {
    const user = userEvent.setup();
    stubGraphQL({ Login: () => graphQLError('UNAUTHENTICATED', 'Email or password is incorrect.') });
    render(<App />);

    await fillAndSubmit(user, 'designer@atelier.local', 'wrong');

    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('Email or password is incorrect.'));
    expect(sessionCsrfCookie()).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sign in' }).disabled).toBe(false);
    expect(emailField().value).toBe('designer@atelier.local');
  });

  it("shows the server's RATE_LIMITED message", async () => {
    const user = userEvent.setup();
    stubGraphQL({
      Login: () => ({ status: 429, ...graphQLError('RATE_LIMITED', 'Too many sign-in attempts. Wait a minute.') }),
    });
    render(<App />);

    await fillAndSubmit(user, 'designer@atelier.local', 'atelier-dev');

    await waitFor(() =>
      expect(screen.getByTestId('login-error').textContent).toBe('Too many sign-in attempts. Wait a minute.'),
    );
  });

  it('shows the demo account hint', () => {
    stubGraphQL({});
    const { container } = render(<App />);
    expect(container.querySelector('.login-hint')?.textContent).toContain('designer@atelier.local / atelier-dev');
  });
});
