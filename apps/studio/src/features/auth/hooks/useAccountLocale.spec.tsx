import { describe, expect, it } from '@jest/globals';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { stubGlobal } from '../../../test/stub-global';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { useI18n } from '../../../i18n/useI18n';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { makeUser } from '../../../test/factories';
import type { SessionUser } from '../graphql/session.graphql';
import { useAccountLocale } from './useAccountLocale';

function Probe({ user }: { user: SessionUser }) {
  useAccountLocale(user);
  const { locale, setLocale } = useI18n();
  return (
    <div>
      <span data-testid="locale">{locale}</span>
      <button type="button" onClick={() => setLocale('zh-CN')}>
        to zh-CN
      </button>
      <button type="button" onClick={() => setLocale('en')}>
        to en
      </button>
    </div>
  );
}

describe('useAccountLocale', () => {
  it('switches to the language the account remembers on sign-in, without saving it back', async () => {
    const calls = stubGraphQL({});
    render(
      <I18nProvider initialLocale="en">
        <Probe user={makeUser({ locale: 'zh-CN' })} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('locale').textContent).toBe('zh-CN'));
    expect(calls).toHaveLength(0);
  });

  it('remembers a switch on the account, once', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({ SetMyLocale: ({ variables }) => ({ body: { data: { setMyLocale: { id: 'user-1', locale: variables['locale'] } } } }) });
    render(
      <I18nProvider initialLocale="en">
        <Probe user={makeUser({ locale: null })} />
      </I18nProvider>,
    );
    expect(calls).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'to zh-CN' }));
    await waitFor(() => expect(calls.map((c) => c.variables)).toEqual([{ locale: 'zh-CN' }]));
    await user.click(screen.getByRole('button', { name: 'to zh-CN' }));
    expect(calls).toHaveLength(1);
    expect(screen.getByTestId('locale').textContent).toBe('zh-CN');
  });

  it('keeps the switch in this browser when the account cannot be updated', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({ SetMyLocale: () => graphQLError('INTERNAL', 'down') });
    render(
      <I18nProvider initialLocale="en">
        <Probe user={makeUser()} />
      </I18nProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'to zh-CN' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(screen.getByTestId('locale').textContent).toBe('zh-CN');
    expect(localStorage.getItem('atelier.locale')).toBe('zh-CN');
  });

  it('saves quick switches one at a time, so the account ends on the language shown', async () => {
    const user = userEvent.setup();
    const answered: Array<() => void> = [];
    const sent: unknown[] = [];
    stubGlobal('fetch', (_url: string, init?: RequestInit) => {
      const { variables } = JSON.parse(String(init?.body)) as { variables: { locale: string } };
      sent.push(variables.locale);
      return new Promise<Response>((resolve) =>
        answered.push(() => resolve(new Response(JSON.stringify({ data: { setMyLocale: { id: 'user-1', locale: variables.locale } } }), { headers: { 'Content-Type': 'application/json' } }))),
      );
    });
    render(
      <I18nProvider initialLocale="en">
        <Probe user={makeUser({ locale: null })} />
      </I18nProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'to zh-CN' }));
    await waitFor(() => expect(sent).toEqual(['zh-CN']));
    await user.click(screen.getByRole('button', { name: 'to en' }));
    // The second save waits for the first to be answered, then sends the newest choice.
    await act(async () => {
      await Promise.resolve();
    });
    expect(sent).toEqual(['zh-CN']);
    await act(async () => answered.shift()!());
    await waitFor(() => expect(sent).toEqual(['zh-CN', 'en']));
    expect(screen.getByTestId('locale').textContent).toBe('en');
  });
});
