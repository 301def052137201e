import { afterEach, describe, expect, it } from '@jest/globals';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sessionCsrfCookie, startTestSession } from '../test/session-cookie';
import { graphQLError, stubGraphQL } from '../test/stub-graphql';
import { makeRevenueOverview, makeTemplatesPage, makeUser } from '../test/factories';
import { LOCALE_STORAGE_KEY } from '../i18n/locale-storage';
import { studioQueryClient } from '../lib/query-client';
import { App } from './App';

/** The top bar's navigation, and the admin area's own (both have a "Revenue" link). */
const mainNav = () => within(screen.getByRole('navigation', { name: 'Main' }));
const adminNav = () => within(screen.getByRole('navigation', { name: 'Admin' }));

describe('App session', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('restores the session from its cookie and signs out back to the login page, asking the API to drop the cookie', async () => {
    const user = userEvent.setup();
    startTestSession('stored-session');
    const calls = stubGraphQL({
      Me: () => ({ body: { data: { me: makeUser({ displayName: 'Rae Reviewer' }) } } }),
      MyTemplates: () => makeTemplatesPage([]),
      SignOut: () => ({ body: { data: { signOut: true } } }),
    });
    render(<App />);

    await waitFor(() => expect(screen.getByTestId('signed-in-as').textContent).toContain('Rae Reviewer'));
    expect(calls[0]!.headers['x-csrf-token']).toBe('stored-session');

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(sessionCsrfCookie()).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    // Nothing Rae loaded stays cached for whoever signs in next on this tab.
    await waitFor(() => expect(studioQueryClient.getQueryCache().getAll()).toEqual([]));
    // The httpOnly session cookie is the API's to clear.
    await waitFor(() => expect(calls.map((c) => /(?:query|mutation)\s+(\w+)/.exec(c.query)?.[1])).toContain('SignOut'));
  });

  it('goes back to the login page when the session is rejected', async () => {
    startTestSession('expired-session');
    stubGraphQL({ Me: () => graphQLError('UNAUTHENTICATED', 'Session expired') });
    render(<App />);

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(sessionCsrfCookie()).toBeNull();
  });

  it('sends the designer to sign-in with the reason when the session was ended elsewhere, and not after their own sign-out', async () => {
    const user = userEvent.setup();
    startTestSession('ended-elsewhere');
    let ended = false;
    const unlessEnded = (answer: () => { status?: number; body: unknown }) => () =>
      ended ? graphQLError('UNAUTHENTICATED', 'This session was ended (signed out everywhere, or the password was changed). Please sign in again.') : answer();
    stubGraphQL({
      Me: () => ({ body: { data: { me: makeUser({ displayName: 'Dana Designer' }) } } }),
      MyTemplates: () => makeTemplatesPage([]),
      Earnings: unlessEnded(() => ({ body: { data: { earnings: [] } } })),
      RecentUsage: unlessEnded(() => ({ body: { data: { recentUsage: [] } } })),
      Statement: unlessEnded(() => ({ body: { data: { statement: null } } })),
      Login: () => ({ body: { data: { login: { csrfToken: 'new-sign-in', expiresAt: '2099-01-01T00:00:00Z', user: makeUser({ displayName: 'Dana Designer' }) } } } }),
      SignOut: () => ({ body: { data: { signOut: true } } }),
    });
    render(<App />);
    await screen.findByTestId('templates-empty');

    // Signed out everywhere from another browser: the next request here is refused.
    ended = true;
    await user.click(mainNav().getByRole('link', { name: 'Earnings' }));
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toBe('You were signed out. This session was ended (signed out everywhere, or the password was changed). Please sign in again.');
    expect(sessionCsrfCookie()).toBeNull();

    // Signing in again clears the notice; signing out by choice shows none.
    ended = false;
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'designer@atelier.local');
    await user.type(screen.getByLabelText('Password'), 'atelier-dev');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // Back where they were.
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Earnings'));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByTestId('session-ended')).toBeNull();
  });
});

describe('App navigation and language', () => {
  afterEach(() => {
    window.location.hash = '';
    document.documentElement.lang = '';
  });

  function signedInAs(roles: Array<'DESIGNER' | 'REVIEWER' | 'ADMIN'>) {
    startTestSession('stored-session');
    return stubGraphQL({
      Me: () => ({ body: { data: { me: makeUser({ roles }) } } }),
      MyTemplates: () => makeTemplatesPage([]),
      Earnings: () => ({ body: { data: { earnings: [] } } }),
      RecentUsage: () => ({ body: { data: { recentUsage: [] } } }),
      Statement: () => ({ body: { data: { statement: null } } }),
      RevenueOverview: () => ({ body: { data: { revenueOverview: makeRevenueOverview() } } }),
      AdminApiKeys: () => ({ body: { data: { apiKeys: [] } } }),
    });
  }

  it('shows the templates page by default and moves between pages by hash links', async () => {
    signedInAs(['DESIGNER']);
    render(<App />);
    await screen.findByTestId('templates-empty');
    expect(mainNav().getByRole('link', { name: 'Templates' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('nav-admin-revenue')).toBeNull();
    expect(mainNav().getByRole('link', { name: 'Earnings' }).getAttribute('href')).toBe('#/earnings');

    await act(async () => {
      window.location.hash = '#/earnings';
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Earnings'));
    expect(mainNav().getByRole('link', { name: 'Earnings' }).getAttribute('aria-current')).toBe('page');
  });

  it('gives admins the revenue link and keeps others out of the page', async () => {
    signedInAs(['ADMIN']);
    window.location.hash = '#/admin/revenue';
    render(<App />);
    await waitFor(() => expect(screen.getAllByTestId('app-revenue-row')).toHaveLength(1));
    expect(mainNav().getByRole('link', { name: 'Revenue' }).getAttribute('aria-current')).toBe('page');
  });

  it('gives admins a sub-navigation through the admin pages', async () => {
    signedInAs(['ADMIN']);
    window.location.hash = '#/admin/api-keys';
    render(<App />);
    await screen.findByTestId('create-api-key-form');
    expect(adminNav().getByRole('link', { name: 'API keys' }).getAttribute('aria-current')).toBe('page');
    expect(adminNav().getByRole('link', { name: 'Preview faces' }).getAttribute('href')).toBe('#/admin/preview-subjects');
    expect(mainNav().getByRole('link', { name: 'Revenue' }).getAttribute('aria-current')).toBe('page');
  });

  it('tells a designer who opens an admin page that it is for admins', async () => {
    const calls = signedInAs(['DESIGNER']);
    window.location.hash = '#/admin/workers';
    render(<App />);
    await screen.findByTestId('admin-only');
    expect(screen.queryByTestId('admin-nav-admin-workers')).toBeNull();
    expect(calls.some((c) => c.query.includes('AdminWorkers') || c.query.includes('AdminQueue'))).toBe(false);
  });

  it('tells a designer who opens the revenue page that it is for admins', async () => {
    const calls = signedInAs(['DESIGNER']);
    window.location.hash = '#/admin/revenue';
    render(<App />);
    await screen.findByTestId('admin-only');
    expect(calls.some((c) => c.query.includes('RevenueOverview'))).toBe(false);
  });

  it('switches the whole top bar to Chinese and remembers the choice', async () => {
    const user = userEvent.setup();
    signedInAs(['DESIGNER', 'ADMIN']);
    render(<App />);
    await screen.findByTestId('signed-in-as');
    // Each language is named in itself.
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await user.click(screen.getByRole('button', { name: '中文' }));

    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    // By test id: these read what each particular link and button now says.
    expect(screen.getByTestId('nav-templates').textContent).toBe('模板');
    expect(screen.getByTestId('nav-earnings').textContent).toBe('收益');
    expect(screen.getByTestId('nav-admin-revenue').textContent).toBe('营收');
    expect(screen.getByTestId('sign-out').textContent).toBe('退出登录');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('我的模板');
  });

  it('starts in the remembered language', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    render(<App />);
    expect(screen.getByTestId('login-submit').textContent).toBe('登录');
  });
});
