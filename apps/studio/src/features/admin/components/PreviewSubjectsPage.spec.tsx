import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import type { PreviewSubject } from '../graphql/admin.graphql';
import { PreviewSubjectsPage } from './PreviewSubjectsPage';

function makeSubject(overrides: Partial<PreviewSubject> = {}): PreviewSubject {
  return { id: 'ps-1', name: 'Mei', active: true, usable: true, consentExpiresAt: '2027-06-30T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', retiredAt: null, purgedAt: null, ...overrides };
}

const firstRow = () => screen.getAllByTestId('subject-row')[0]!;

describe('PreviewSubjectsPage', () => {
  it('lists subjects with their state and retires one after a confirmation that explains the purge', async () => {
    const user = userEvent.setup();
    // The API's subjects: retiring one changes what the list answers afterwards.
    let subjects = [makeSubject(), makeSubject({ id: 'ps-2', name: 'Jun', usable: false, consentExpiresAt: '2026-10-01T00:00:00Z' })];
    const calls = stubGraphQL({
      AdminPreviewSubjects: () => ({ body: { data: { previewSubjects: subjects } } }),
      RetirePreviewSubject: ({ variables }) => {
        subjects = subjects.map((s) => (s.id === variables.id ? { ...s, active: false, usable: false, retiredAt: '2026-11-25T04:00:00Z' } : s));
        return { body: { data: { retirePreviewSubject: subjects.find((s) => s.id === variables.id) } } };
      },
    });
    render(<PreviewSubjectsPage />);
    await waitFor(() => expect(screen.getAllByTestId('subject-row')).toHaveLength(2));
    expect(screen.getAllByTestId('subject-status').map((c) => c.textContent)).toEqual(['Usable', 'Consent expired']);

    await user.click(within(firstRow()).getByRole('button', { name: 'Retire' }));
    // The dialog is named by its title.
    const dialog = screen.getByRole('dialog', { name: 'Retire Mei?' });
    expect(dialog.textContent).toContain('identity LoRA and every preview made with their face are deleted');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(calls.some((c) => c.query.includes('mutation RetirePreviewSubject'))).toBe(false);

    await user.click(within(firstRow()).getByRole('button', { name: 'Retire' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Retire Mei?' })).getByRole('button', { name: 'Retire and delete' }));
    await waitFor(() => expect(within(firstRow()).getByTestId('subject-status').textContent).toBe('Retired'));
    expect(calls.find((c) => c.query.includes('mutation RetirePreviewSubject'))!.variables).toEqual({ id: 'ps-1' });
    expect(within(firstRow()).getByTestId('subject-purged').textContent).toBe('Pending');
    expect(screen.getByTestId('subject-retired').textContent).toContain('Mei is retired');
    expect(screen.getAllByRole('button', { name: 'Retire' })).toHaveLength(1);
  });

  it('speaks Chinese to a Chinese admin', async () => {
    const user = userEvent.setup();
    stubGraphQL({ AdminPreviewSubjects: () => ({ body: { data: { previewSubjects: [makeSubject()] } } }) });
    render(
      <I18nProvider initialLocale="zh-CN">
        <PreviewSubjectsPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('subject-status').textContent).toBe('可用'));
    await user.click(screen.getByRole('button', { name: '停用' }));
    expect(screen.getByRole('dialog', { name: '停用 Mei？' }).textContent).toContain('其身份 LoRA 以及所有用其面部生成的预览都将从存储中删除');
  });
});
