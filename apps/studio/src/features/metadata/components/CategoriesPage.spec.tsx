import { describe, expect, it } from '@jest/globals';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL, TEST_CATEGORIES } from '../../../test/stub-graphql';
import type { TemplateCategory } from '../graphql/metadata.graphql';
import { CategoriesPage } from './CategoriesPage';

function stubCategoryApi() {
  let categories: TemplateCategory[] = TEST_CATEGORIES.map((c) => ({ ...c }));
  const calls = stubGraphQL({
    TemplateCategories: () => ({ body: { data: { templateCategories: categories } } }),
    CreateTemplateCategory: ({ variables }) => {
      const input = variables['input'] as { name: string; nameZh: string; key?: string };
      if (input.key === 'Big Day') {
        const message = 'A category key is 1 to 40 lower-case letters, digits or -, starting with a letter or digit (got "Big Day").';
        const params = { key: 'Big Day' };
        return { status: 400, body: { data: null, errors: [{ message, extensions: { code: 'BAD_USER_INPUT', reason: 'category.keyInvalid', params, issues: [{ path: 'key', message, reason: 'category.keyInvalid', params }] } }] } };
      }
      const key = input.key ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      categories = [...categories, { key, name: input.name, nameZh: input.nameZh, position: 4, archived: false, archivedAt: null }];
      return { body: { data: { createTemplateCategory: { key } } } };
    },
    UpdateTemplateCategory: ({ variables }) => {
      const input = variables['input'] as { key: string; name: string; nameZh: string; position: number; archived: boolean };
      categories = categories.map((c) => (c.key === input.key ? { ...c, ...input, archivedAt: input.archived ? '2026-12-01T08:00:00.000Z' : null } : c));
      const saved = categories.find((c) => c.key === input.key)!;
      return { body: { data: { updateTemplateCategory: { key: saved.key, name: saved.name, nameZh: saved.nameZh, position: saved.position, archived: saved.archived } } } };
    },
  });
  return calls;
}

describe('CategoriesPage', () => {
  it('adds a category in both languages, then archives it after editing, and the list follows', async () => {
    const user = userEvent.setup();
    const calls = stubCategoryApi();
    render(<CategoriesPage />);
    await waitFor(() => expect(screen.getAllByTestId('category-row')).toHaveLength(3));
    expect(within(screen.getAllByTestId('category-row')[2]!).getByTestId('category-status').textContent).toBe('Archived');

    await user.click(screen.getByRole('button', { name: 'Add category' }));
    expect(screen.getByTestId('create-category-form').querySelector('.field-error')!.textContent).toBe('Give the category a name.');
    await user.type(screen.getByRole('textbox', { name: 'English name' }), 'Business portrait');
    await user.type(screen.getByRole('textbox', { name: /^Chinese name/ }), '商务肖像');
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    await waitFor(() => expect(screen.getAllByTestId('category-row')).toHaveLength(4));
    expect(calls.find((c) => c.query.includes('mutation CreateTemplateCategory'))!.variables).toEqual({ input: { name: 'Business portrait', nameZh: '商务肖像' } });
    expect((screen.getByRole('textbox', { name: 'English name' }) as HTMLInputElement).value).toBe('');

    const row = screen.getAllByTestId('category-row').find((r) => r.dataset['key'] === 'business-portrait')!;
    await user.click(within(row).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByTestId('category-edit-dialog');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Archived/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByTestId('category-edit-dialog')).toBeNull());
    const update = calls.find((c) => c.query.includes('mutation UpdateTemplateCategory'))!;
    expect(update.variables).toEqual({ input: { key: 'business-portrait', name: 'Business portrait', nameZh: '商务肖像', position: 4, archived: true } });
    await waitFor(() => expect(within(screen.getAllByTestId('category-row').find((r) => r.dataset['key'] === 'business-portrait')!).getByTestId('category-status').textContent).toBe('Archived'));
  });

  it("puts the API's refusal of a key next to the key field, in Chinese for a Chinese admin", async () => {
    const user = userEvent.setup();
    stubCategoryApi();
    render(
      <I18nProvider initialLocale="zh-CN">
        <CategoriesPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('category-row')).toHaveLength(3));
    await user.type(screen.getByRole('textbox', { name: '英文名称' }), 'Wedding day');
    await user.type(screen.getByTestId('category-key'), 'Big Day');
    await user.click(screen.getByRole('button', { name: '添加分类' }));
    const key = screen.getByTestId('category-key');
    await waitFor(() => expect(key.getAttribute('aria-invalid')).toBe('true'));
    expect(key.parentElement!.querySelector('.field-error')!.textContent).toBe('分类标识须为 1 到 40 个小写字母、数字或 -，并以字母或数字开头（收到“Big Day”）。');
    expect(screen.getAllByTestId('category-row')).toHaveLength(3);
  });
});
