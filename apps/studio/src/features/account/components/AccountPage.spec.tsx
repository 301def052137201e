import { afterEach, describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../app/App';
import { sessionCsrfCookie, startTestSession } from '../../../test/session-cookie';
import { makeTemplatesPage, makeUser } from '../../../test/factories';
import { graphQLError, stubGraphQL, type GraphQLCall } from '../../../test/stub-graphql';

const DANA = makeUser({ id: 'u-dana', displayName: 'Dana Designer', email: 'dana@example.com' });

// The studio signed in as Dana (her session's cookie), opened on #/account, with the account mutations stubbed.
function openAccountPage(handlers: Parameters<typeof stubGraphQL>[0] = {}): GraphQLCall[] {
  startTestSession('old-session');
  window.location.hash = '#/account';
  const calls = stubGraphQL({
    Me: () => ({ body: { data: { me: DANA } } }),
    MyTemplates: () => makeTemplatesPage([]),
    ...handlers,
  });
  render(<App />);
  return calls;
}

// Password inputs have no ARIA role: they are found by their labels.
const currentField = () => screen.getByLabelText<HTMLInputElement>('Current password');
const newField = () => screen.getByLabelText<HTMLInputElement>('New password');
const confirmField = () => screen.getByLabelText<HTMLInputElement>('Confirm new password');
/** The note (hint or error) a field points to with aria-describedby. */
const noteOf = (field: HTMLElement) => document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent ?? null;
const mutations = (calls: GraphQLCall[], name: string) => calls.filter((c) => c.query.includes(`mutation ${name}`));

describe('AccountPage', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('is reached from the name in the top bar and says who is signed in', async () => {
    const user = userEvent.setup();
    startTestSession('old-session');
    stubGraphQL({ Me: () => ({ body: { data: { me: DANA } } }), MyTemplates: () => makeTemplatesPage([]) });
    render(<App />);
    const link = await screen.findByRole('link', { name: 'Signed in as Dana Designer — your account' });
    expect(link.getAttribute('href')).toBe('#/account');

    await user.click(link);

    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your account'));
    expect(screen.getByTestId('account-identity').textContent).toBe('Dana Designer · dana@example.com · Designer');
    expect(screen.getByRole('link', { name: /your account/ }).getAttribute('aria-current')).toBe('page');
  });

  it('changes the password and carries on with the new session the API starts for this browser', async () => {
    const user = userEvent.setup();
    const calls = openAccountPage({
      ChangeMyPassword: () => ({ body: { data: { changeMyPassword: { csrfToken: 'fresh-session', expiresAt: '2099-01-01T00:00:00Z', user: DANA } } } }),
    });
    await screen.findByRole('heading', { name: 'Change password' });
    expect(noteOf(newField())).toBe('10 to 200 characters.');

    await user.type(currentField(), 'old secret 123');
    await user.type(newField(), 'a brand new secret');
    await user.type(confirmField(), 'a brand new secret');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect((await screen.findByRole('status')).textContent).toBe('Your password is changed. Other browsers and devices are signed out; you stay signed in here.');
    const [change] = mutations(calls, 'ChangeMyPassword');
    expect(change!.variables).toEqual({ currentPassword: 'old secret 123', newPassword: 'a brand new secret' });
    expect(change!.headers['x-csrf-token']).toBe('old-session');
    expect(sessionCsrfCookie()).toBe('fresh-session');
    // The page stays (no sign-in again, no reload of the session) and the form is empty for next time.
    expect(calls.filter((c) => c.query.includes('query Me'))).toHaveLength(1);
    expect([currentField().value, newField().value, confirmField().value]).toEqual(['', '', '']);
    expect(screen.getByTestId('signed-in-as').textContent).toContain('Dana Designer');
  });

  it('checks the form as the API would before sending it', async () => {
    const user = userEvent.setup();
    const calls = openAccountPage();
    await screen.findByRole('heading', { name: 'Change password' });

    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(noteOf(currentField())).toBe('Enter your current password.');
    expect(noteOf(newField())).toBe('The new password needs at least 10 characters.');
    expect(currentField().getAttribute('aria-invalid')).toBe('true');

    await user.type(currentField(), 'old secret 123');
    await user.click(newField());
    await user.paste('x'.repeat(201));
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(noteOf(currentField())).toBeNull();
    expect(noteOf(newField())).toBe('The new password can have at most 200 characters.');

    await user.clear(newField());
    await user.type(newField(), 'a brand new secret');
    await user.type(confirmField(), 'a brand new secreT');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(noteOf(confirmField())).toBe('The two new passwords do not match.');
    expect(mutations(calls, 'ChangeMyPassword')).toHaveLength(0);
  });

  it('shows a wrong current password next to that field and keeps the session', async () => {
    const user = userEvent.setup();
    openAccountPage({
      ChangeMyPassword: () => ({ status: 400, ...graphQLError('BAD_USER_INPUT', 'That is not your current password.', [{ path: 'currentPassword', message: 'does not match' }]) }),
    });
    await screen.findByRole('heading', { name: 'Change password' });
    await user.type(currentField(), 'not it at all');
    await user.type(newField(), 'a brand new secret');
    await user.type(confirmField(), 'a brand new secret');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(currentField().getAttribute('aria-invalid')).toBe('true'));
    expect(noteOf(currentField())).toBe('That is not your current password.');
    expect(newField().getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
    expect(sessionCsrfCookie()).toBe('old-session');
    // What was typed stays, so only the wrong field needs retyping.
    expect(newField().value).toBe('a brand new secret');
  });

  it('says how long to wait after too many wrong attempts', async () => {
    const user = userEvent.setup();
    openAccountPage({
      ChangeMyPassword: () => ({ status: 429, body: { data: null, errors: [{ message: 'Too many attempts. Try again in 42 seconds.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 42 } }] } }),
    });
    await screen.findByRole('heading', { name: 'Change password' });
    await user.type(currentField(), 'guess number 9');
    await user.type(newField(), 'a brand new secret');
    await user.type(confirmField(), 'a brand new secret');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 42 seconds.');
  });

  it('signs out everywhere after a confirmation and keeps working with the new session', async () => {
    const user = userEvent.setup();
    const calls = openAccountPage({
      SignOutEverywhere: () => ({ body: { data: { signOutEverywhere: { csrfToken: 'fresh-session', expiresAt: '2099-01-01T00:00:00Z', user: DANA } } } }),
    });
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere?' });
    expect(dialog.textContent).toContain('Every other browser and device where you are signed in to Atelier is signed out at once.');
    expect(dialog.textContent).toContain('This browser stays signed in.');
    // Cancelling sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(mutations(calls, 'SignOutEverywhere')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }));

    expect((await screen.findByRole('status')).textContent).toBe('Every other browser and device is signed out. You stay signed in here.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(sessionCsrfCookie()).toBe('fresh-session');
    expect(calls.filter((c) => c.query.includes('query Me'))).toHaveLength(1);

    // The next request carries the new session's CSRF token.
    await user.click(screen.getByRole('link', { name: 'Templates' }));
    await screen.findByTestId('templates-empty');
    expect(calls.at(-1)!.headers['x-csrf-token']).toBe('fresh-session');
  });

  it('keeps the confirmation open with the reason when signing out everywhere fails', async () => {
    const user = userEvent.setup();
    openAccountPage({ SignOutEverywhere: () => ({ status: 500, body: { data: null, errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] } }) });
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere?' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Something went wrong on our side. Please try again.');
    expect(sessionCsrfCookie()).toBe('old-session');
  });
});
