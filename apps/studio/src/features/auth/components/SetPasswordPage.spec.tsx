import { afterEach, describe, expect, it } from '@jest/globals';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../app/App';
import { sessionCsrfCookie } from '../../../test/session-cookie';
import { makeTemplatesPage, makeUser } from '../../../test/factories';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';

const LINK = { purpose: 'INVITE', displayName: 'Nina Designer', email: 'nina@studio.test', expiresAt: '2026-12-10T12:00:00Z' };

describe('SetPasswordPage', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('lets an invited person choose a password and signs them in', async () => {
    const user = userEvent.setup();
    window.location.hash = '#/set-password?token=pwd_abc';
    const calls = stubGraphQL({
      PasswordLink: () => ({ body: { data: { passwordLink: LINK } } }),
      SetPasswordWithLink: () => ({ body: { data: { setPasswordWithLink: { csrfToken: 'csrf-nina', expiresAt: '2099-01-01T00:00:00Z', user: makeUser({ displayName: 'Nina Designer' }) } } } }),
      MyTemplates: () => makeTemplatesPage([]),
    });
    render(<App />);
    expect((await screen.findByTestId('set-password-who')).textContent).toContain('For Nina Designer (nina@studio.test).');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Atelier');

    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Type it again'), 'short');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('The password needs at least 10 characters.');

    await user.clear(screen.getByLabelText('New password'));
    await user.clear(screen.getByLabelText('Type it again'));
    await user.type(screen.getByLabelText('New password'), 'nina chose this one');
    await user.type(screen.getByLabelText('Type it again'), 'nina chose this one');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));

    await waitFor(() => expect(screen.getByTestId('signed-in-as').textContent).toContain('Nina Designer'));
    expect(calls.find((c) => c.query.includes('mutation SetPasswordWithLink'))!.variables).toEqual({ token: 'pwd_abc', newPassword: 'nina chose this one' });
    expect(sessionCsrfCookie()).toBe('csrf-nina');
    expect(window.location.hash).toBe('#/templates');
  });

  it('says when a link no longer works, and when it stopped working meanwhile', async () => {
    window.location.hash = '#/set-password?token=pwd_used';
    stubGraphQL({ PasswordLink: () => ({ body: { data: { passwordLink: null } } }) });
    const { unmount } = render(<App />);
    expect((await screen.findByTestId('set-password-gone')).textContent).toBe('This link has expired or was already used. Ask an admin of your studio for a new one.');
    unmount();

    const user = userEvent.setup();
    window.location.hash = '#/set-password?token=pwd_race';
    stubGraphQL({
      PasswordLink: () => ({ body: { data: { passwordLink: { ...LINK, purpose: 'RESET' } } } }),
      SetPasswordWithLink: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'This link has expired or was already used. Ask an admin for a new one.', [{ path: 'token', message: 'expired' }]) }),
    });
    render(<App />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Choose a new password');
    await user.type(screen.getByLabelText('New password'), 'a long new password');
    await user.type(screen.getByLabelText('Type it again'), 'a long new password');
    await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This link has expired or was already used. Ask an admin of your studio for a new one.');
  });
});
