import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { App } from '../../../app/App';
import { SESSION_TOKEN_KEY } from '../../../lib/session-token';
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
  it('submits the entered credentials, stores the token and opens the studio', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({
      Login: () => ({ body: { data: { login: { token: 'jwt-abc', user: makeUser({ displayName: 'Dana Designer' }) } } } }),
      MyTemplates: () => makeTemplatesPage([]),
    });
    render(<App />);

    await fillAndSubmit(user, '  designer@atelier.local ', 'atelier-dev');

    await waitFor(() => expect(screen.getByTestId('signed-in-as').textContent).toContain('Dana Designer'));
    const login = calls.find((call) => call.query.includes('mutation Login'));
    expect(login?.variables).toEqual({ email: 'designer@atelier.local', password: 'atelier-dev' });
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBe('jwt-abc');
    expect(screen.queryByTestId('login-submit')).toBeNull();
  });

  it("shows the server's message when the password is wrong and lets the designer retry", async () => {
    const user = userEvent.setup();
    stubGraphQL({ Login: () => graphQLError('UNAUTHENTICATED', 'Email or password is incorrect.') });
    render(<App />);

    await fillAndSubmit(user, 'designer@atelier.local', 'wrong');

    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toBe('Email or password is incorrect.'));
    expect(localStorage.getItem(SESSION_TOKEN_KEY)).toBeNull();
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
