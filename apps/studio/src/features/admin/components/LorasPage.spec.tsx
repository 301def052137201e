import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { LanguageSwitch } from '../../../i18n/LanguageSwitch';
import { stubGraphQL } from '../../../test/stub-graphql';
import { LorasPage } from './LorasPage';

describe('LorasPage', () => {
  it('lists LoRAs with base model, weight range, trigger words and status', async () => {
    stubGraphQL({
      AdminLoras: () => ({
        body: { data: { loras: [{ id: 'l-1', name: 'Golden Film', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1, triggerWords: ['goldfilm', 'warm'], status: 'READY', createdAt: '2026-11-01T00:00:00Z' }] } },
      }),
    });
    const { container } = render(<LorasPage />);
    await waitFor(() => expect(screen.getAllByTestId('lora-row')).toHaveLength(1));
    expect(screen.getByTestId('lora-weights').textContent).toBe('0.2 – 1.0 (default 0.7)');
    expect([...container.querySelectorAll('.tag')].map((t) => t.textContent)).toEqual(['goldfilm', 'warm']);
    const row = screen.getByTestId('lora-row');
    expect(within(row).getByRole('cell', { name: 'SDXL' })).toBeTruthy();
    expect(within(row).getByRole('cell', { name: 'Ready' })).toBeTruthy();
  });

  it('edits a LoRA and deprecates it after showing which templates use it', async () => {
    const user = userEvent.setup();
    let lora = { id: 'l-1', name: 'Golden Film', description: '', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1, triggerWords: ['goldfilm'], status: 'READY', createdAt: '2026-11-01T00:00:00Z', thumbnailUrl: null, usedBy: [{ templateId: 't-1', title: 'Golden Hour', inDraft: true, inPublished: true }] };
    const calls = stubGraphQL({
      AdminLoras: () => ({ body: { data: { loras: [lora] } } }),
      UpdateLora: ({ variables }) => {
        lora = { ...lora, ...(variables['input'] as object) };
        return { body: { data: { updateLora: lora } } };
      },
      SetLoraStatus: ({ variables }) => {
        lora = { ...lora, status: variables['status'] as string };
        return { body: { data: { setLoraStatus: { id: lora.id, status: lora.status } } } };
      },
    });
    render(<LorasPage />);
    await user.click(await screen.findByRole('button', { name: 'Edit Golden Film' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Golden Film' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Warm film grain.');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Golden Film is saved.'));
    expect(calls.find((c) => c.query.includes('mutation UpdateLora'))!.variables).toEqual({ id: 'l-1', input: { name: 'Golden Film', description: 'Warm film grain.', triggerWords: ['goldfilm'], minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1 } });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status of Golden Film' }), 'DEPRECATED');
    const confirm = screen.getByRole('dialog', { name: 'Deprecate Golden Film?' });
    expect(within(confirm).getByTestId('lora-used-by').textContent).toBe('Golden Hour — draft, published version');
    await user.click(within(confirm).getByRole('button', { name: 'Deprecate' }));
    await waitFor(() => expect(screen.getByTestId('lora-status').textContent).toBe('Deprecated'));
    expect(calls.find((c) => c.query.includes('mutation SetLoraStatus'))!.variables).toEqual({ id: 'l-1', status: 'DEPRECATED' });
  });

  it('words its banner in the language chosen after the change', async () => {
    const user = userEvent.setup();
    const lora = { id: 'l-1', name: 'Golden Film', description: '', baseModel: 'SDXL', minWeight: 0.2, defaultWeight: 0.7, maxWeight: 1, triggerWords: ['goldfilm'], status: 'READY', createdAt: '2026-11-01T00:00:00Z', thumbnailUrl: null, usedBy: [] };
    stubGraphQL({
      AdminLoras: () => ({ body: { data: { loras: [lora] } } }),
      UpdateLora: () => ({ body: { data: { updateLora: lora } } }),
    });
    render(
      <I18nProvider initialLocale="en">
        <LanguageSwitch />
        <LorasPage />
      </I18nProvider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Edit Golden Film' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Edit Golden Film' })).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByTestId('lora-registered').textContent).toBe('Golden Film is saved.'));

    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(screen.getByTestId('lora-registered').textContent).toBe('已保存 Golden Film。');
  });
});
