import { describe, expect, it, jest } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import { TemplateDetailsDialog, type TemplateDetails } from './TemplateDetailsDialog';

const TEMPLATE: TemplateDetails = { id: 'tpl-1', title: 'Night market', description: '', category: 'street', tags: ['neon'] };

describe('TemplateDetailsDialog', () => {
  it('saves title, description, category and tags; an archived category the template has stays pickable, others are not offered', async () => {
    const user = userEvent.setup();
    const onSaved = jest.fn();
    const calls = stubGraphQL({
      UpdateTemplateDetails: ({ variables }) => ({ body: { data: { updateTemplate: { id: 'tpl-1', ...(variables['input'] as object) } } } }),
    });
    render(<TemplateDetailsDialog template={TEMPLATE} onSaved={onSaved} onCancel={() => undefined} />);
    const dialog = screen.getByTestId('template-details-dialog');
    const category = within(dialog).getByRole<HTMLSelectElement>('combobox', { name: 'Category' });
    await waitFor(() => expect(category.disabled).toBe(false));
    expect([...category.options].map((o) => o.textContent)).toEqual(['No category', 'Portrait', 'Wedding', 'Street (archived)']);
    expect(category.value).toBe('street');

    await user.clear(within(dialog).getByRole('textbox', { name: 'Title' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Title' }), 'Night market bride');
    await user.type(within(dialog).getByRole('textbox', { name: /^Description/ }), 'Neon and lanterns.');
    await user.selectOptions(category, 'wedding');
    await user.type(within(dialog).getByRole('textbox', { name: 'Tags' }), ', Bride, neon');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls.find((c) => c.query.includes('mutation UpdateTemplateDetails'))!.variables).toEqual({
      input: { templateId: 'tpl-1', title: 'Night market bride', description: 'Neon and lanterns.', category: 'wedding', tags: ['neon', 'Bride'] },
    });
  });

  it("shows the API's refusal on its field in Chinese and keeps the dialog open", async () => {
    const user = userEvent.setup();
    const onSaved = jest.fn();
    const message = 'The category "Street" is archived: templates already in it keep it, but it cannot be picked any more.';
    const params = { name: 'Street' };
    stubGraphQL({
      UpdateTemplateDetails: () => ({ status: 400, body: { data: null, errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason: 'template.categoryArchived', params, issues: [{ path: 'category', message, reason: 'template.categoryArchived', params }] } }] } }),
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <TemplateDetailsDialog template={{ ...TEMPLATE, category: null }} onSaved={onSaved} onCancel={() => undefined} />
      </I18nProvider>,
    );
    const dialog = screen.getByTestId('template-details-dialog');
    const category = within(dialog).getByRole<HTMLSelectElement>('combobox', { name: '分类' });
    await waitFor(() => expect(category.disabled).toBe(false));
    // Not the template's: the archived category is not offered at all.
    expect([...category.options].map((o) => o.textContent)).toEqual(['无分类', '人像', '婚纱']);
    await user.click(within(dialog).getByRole('button', { name: '保存详情' }));
    await waitFor(() => expect(category.getAttribute('aria-invalid')).toBe('true'));
    expect(category.parentElement!.querySelector('.field-error')!.textContent).toBe('分类“Street”已归档：已在其中的模板保留它，但不能再选择它。');
    expect(onSaved).not.toHaveBeenCalled();
  });
});
