import { act } from 'react';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SESSION_TOKEN_KEY } from '../lib/session-token';
import { allByTestId, byTestId, click, graphQLError, render, stubGraphQL, waitFor } from '../test/dom-test-utils';
import { makeRevenueOverview, makeTemplatesPage, makeUser } from '../test/factories';
import { LOCALE_STORAGE_KEY } from '../i18n/locale-storage';
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

describe('App navigation and language', () => {
  afterEach(() => {
    window.location.hash = '';
    document.documentElement.lang = '';
  });

  function signedInAs(roles: Array<'DESIGNER' | 'REVIEWER' | 'ADMIN'>) {
    localStorage.setItem(SESSION_TOKEN_KEY, 'stored-token');
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
    const container = render(<App />);
    await waitFor(() => byTestId(container, 'templates-empty'));
    expect(byTestId(container, 'nav-templates').getAttribute('aria-current')).toBe('page');
    expect(container.querySelector('[data-testid="nav-admin-revenue"]')).toBeNull();
    expect(byTestId(container, 'nav-earnings').getAttribute('href')).toBe('#/earnings');

    await act(async () => {
      window.location.hash = '#/earnings';
      await new Promise((resolve) => setTimeout(resolve, 0));
    });

    await waitFor(() => expect(container.querySelector('h1')!.textContent).toBe('Earnings'));
    expect(byTestId(container, 'nav-earnings').getAttribute('aria-current')).toBe('page');
  });

  it('gives admins the revenue link and keeps others out of the page', async () => {
    signedInAs(['ADMIN']);
    window.location.hash = '#/admin/revenue';
    const admin = render(<App />);
    await waitFor(() => expect(allByTestId(admin, 'app-revenue-row')).toHaveLength(1));
    expect(byTestId(admin, 'nav-admin-revenue').getAttribute('aria-current')).toBe('page');
  });

  it('gives admins a sub-navigation through the admin pages', async () => {
    signedInAs(['ADMIN']);
    window.location.hash = '#/admin/api-keys';
    const admin = render(<App />);
    await waitFor(() => byTestId(admin, 'create-api-key-form'));
    expect(byTestId(admin, 'admin-nav-admin-api-keys').getAttribute('aria-current')).toBe('page');
    expect(byTestId(admin, 'admin-nav-admin-subjects').getAttribute('href')).toBe('#/admin/preview-subjects');
    expect(byTestId(admin, 'nav-admin-revenue').getAttribute('aria-current')).toBe('page');
  });

  it('tells a designer who opens an admin page that it is for admins', async () => {
    const calls = signedInAs(['DESIGNER']);
    window.location.hash = '#/admin/workers';
    const container = render(<App />);
    await waitFor(() => byTestId(container, 'admin-only'));
    expect(container.querySelector('[data-testid="admin-nav-admin-workers"]')).toBeNull();
    expect(calls.some((c) => c.query.includes('AdminWorkers'))).toBe(false);
  });

  it('tells a designer who opens the revenue page that it is for admins', async () => {
    const calls = signedInAs(['DESIGNER']);
    window.location.hash = '#/admin/revenue';
    const container = render(<App />);
    await waitFor(() => byTestId(container, 'admin-only'));
    expect(calls.some((c) => c.query.includes('RevenueOverview'))).toBe(false);
  });

  it('switches the whole top bar to Chinese and remembers the choice', async () => {
    signedInAs(['DESIGNER', 'ADMIN']);
    const container = render(<App />);
    await waitFor(() => byTestId(container, 'signed-in-as'));
    expect(byTestId(container, 'locale-en').getAttribute('aria-pressed')).toBe('true');

    click(byTestId(container, 'locale-zh-CN'));

    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(byTestId(container, 'nav-templates').textContent).toBe('模板');
    expect(byTestId(container, 'nav-earnings').textContent).toBe('收益');
    expect(byTestId(container, 'nav-admin-revenue').textContent).toBe('营收');
    expect(byTestId(container, 'sign-out').textContent).toBe('退出登录');
    expect(container.querySelector('h1')!.textContent).toBe('我的模板');
  });

  it('starts in the remembered language', async () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    const container = render(<App />);
    expect(byTestId(container, 'login-submit').textContent).toBe('登录');
  });
});
