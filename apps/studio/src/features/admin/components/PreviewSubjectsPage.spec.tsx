import { describe, expect, it } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, render, stubGraphQL, waitFor } from '../../../test/dom-test-utils';
import type { PreviewSubject } from '../graphql/admin.graphql';
import { PreviewSubjectsPage } from './PreviewSubjectsPage';

function makeSubject(overrides: Partial<PreviewSubject> = {}): PreviewSubject {
  return { id: 'ps-1', name: 'Mei', active: true, usable: true, consentExpiresAt: '2027-06-30T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', retiredAt: null, purgedAt: null, ...overrides };
}

describe('PreviewSubjectsPage', () => {
  it('lists subjects with their state and retires one after a confirmation that explains the purge', async () => {
    const calls = stubGraphQL({
      AdminPreviewSubjects: () => ({ body: { data: { previewSubjects: [makeSubject(), makeSubject({ id: 'ps-2', name: 'Jun', usable: false, consentExpiresAt: '2026-10-01T00:00:00Z' })] } } }),
      RetirePreviewSubject: ({ variables }) => ({ body: { data: { retirePreviewSubject: makeSubject({ id: variables.id as string, active: false, usable: false, retiredAt: '2026-11-25T04:00:00Z' }) } } }),
    });
    const container = render(<PreviewSubjectsPage />);
    await waitFor(() => expect(allByTestId(container, 'subject-row')).toHaveLength(2));
    expect(allByTestId(container, 'subject-status').map((c) => c.textContent)).toEqual(['Usable', 'Consent expired']);

    click(byTestId(allByTestId(container, 'subject-row')[0]!, 'retire-subject'));
    const dialog = byTestId(container, 'confirm-dialog');
    expect(dialog.textContent).toContain('Retire Mei?');
    expect(dialog.textContent).toContain('identity LoRA and every preview made with their face are deleted');
    click(byTestId(dialog, 'confirm-cancel'));
    expect(container.querySelector('[data-testid="confirm-dialog"]')).toBeNull();
    expect(calls.some((c) => c.query.includes('mutation RetirePreviewSubject'))).toBe(false);

    click(byTestId(allByTestId(container, 'subject-row')[0]!, 'retire-subject'));
    click(byTestId(byTestId(container, 'confirm-dialog'), 'confirm-submit'));
    await waitFor(() => expect(byTestId(allByTestId(container, 'subject-row')[0]!, 'subject-status').textContent).toBe('Retired'));
    expect(calls.find((c) => c.query.includes('mutation RetirePreviewSubject'))!.variables).toEqual({ id: 'ps-1' });
    expect(byTestId(allByTestId(container, 'subject-row')[0]!, 'subject-purged').textContent).toBe('Pending');
    expect(byTestId(container, 'subject-retired').textContent).toContain('Mei is retired');
    expect(allByTestId(container, 'retire-subject')).toHaveLength(1);
  });

  it('speaks Chinese to a Chinese admin', async () => {
    stubGraphQL({ AdminPreviewSubjects: () => ({ body: { data: { previewSubjects: [makeSubject()] } } }) });
    const container = render(
      <I18nProvider initialLocale="zh-CN">
        <PreviewSubjectsPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(byTestId(container, 'subject-status').textContent).toBe('可用'));
    click(byTestId(container, 'retire-subject'));
    expect(byTestId(container, 'confirm-dialog').textContent).toContain('其身份 LoRA 以及所有用其面部生成的预览都将从存储中删除');
  });
});
