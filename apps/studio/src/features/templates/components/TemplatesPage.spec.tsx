import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from '@jest/globals';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { makeStanding, makeTemplate, makeTemplatesPage, makeVersion } from '../../../test/factories';
import { TemplatesPage } from './TemplatesPage';

const rows = () => screen.queryAllByTestId('template-row');

describe('TemplatesPage', () => {
  it('renders a row per template with tags, base model, where it stands, and the draft with its revision', async () => {
    stubGraphQL({
      MyTemplates: () =>
        makeTemplatesPage([
          makeTemplate({
            title: 'Golden hour headshot',
            tags: ['outdoor', 'headshot'],
            baseModel: 'SD15',
            draft: makeVersion({ number: 4, state: 'DRAFT', revision: 7 }),
            publishedVersion: makeVersion({ number: 3, state: 'PUBLISHED' }),
            standing: makeStanding({ state: 'PUBLISHED', versionNumber: 3, publishedVersionNumber: 3 }),
          }),
          makeTemplate({ title: 'Studio black and white', draft: null, standing: makeStanding({ state: 'IN_REVIEW', versionNumber: 1 }) }),
        ]),
    });
    const { container } = render(<TemplatesPage />);

    const found = await waitFor(() => {
      const current = rows();
      expect(current).toHaveLength(2);
      return current;
    });
    const first = found[0]!.textContent ?? '';
    const templateId = found[0]!.getAttribute('data-template-id')!;
    expect(within(found[0]!).getByRole('link', { name: 'Golden hour headshot' }).getAttribute('href')).toBe(`#/templates/${templateId}`);
    expect(first).toContain('Golden hour headshot');
    expect(first).toContain('outdoor');
    expect(first).toContain('headshot');
    expect(first).toContain('SD 1.5');
    expect(first).toContain('PublishedVersion 3 is live');
    expect(first).toContain('rev 7');
    // Just submitted: no draft, and the row says the template is with a reviewer.
    expect(found[1]!.textContent).toContain('Studio black and white');
    expect(within(found[1]!).getByTestId('template-standing').textContent).toBe('In reviewVersion 1 is waiting for a reviewer');
    expect(found[1]!.textContent).toContain('No draft');
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Template', 'Base model', 'Status', 'Draft', 'Updated', 'Actions']);
    expect(container.textContent).toContain('2 templates');
    expect(screen.queryByTestId('templates-empty')).toBeNull();
  });

  it('shows where each template stands, with the reviewer’s note and the version still live, in English and Chinese', async () => {
    const templates = [
      makeTemplate({ title: 'Never sent', standing: makeStanding({ state: 'DRAFT_ONLY', versionNumber: 1 }) }),
      makeTemplate({ title: 'Waiting', draft: null, standing: makeStanding({ state: 'IN_REVIEW', versionNumber: 2, publishedVersionNumber: 1 }) }),
      makeTemplate({ title: 'Sent back', standing: makeStanding({ state: 'CHANGES_REQUESTED', versionNumber: 2, reviewNote: 'Warm the key light and soften the shadows.', decidedAt: '2025-01-01T09:00:00.000Z' }) }),
      makeTemplate({ title: 'Turned down', draft: null, standing: makeStanding({ state: 'REJECTED', versionNumber: 1, reviewNote: 'Too close to Golden Hour.', decidedAt: '2025-01-01T09:00:00.000Z' }) }),
      makeTemplate({ title: 'Ready', draft: null, standing: makeStanding({ state: 'APPROVED', versionNumber: 3, decidedAt: '2025-01-01T09:00:00.000Z', publishedVersionNumber: 2 }) }),
      makeTemplate({ title: 'Live', draft: null, standing: makeStanding({ state: 'PUBLISHED', versionNumber: 4, publishedVersionNumber: 4 }) }),
      makeTemplate({ title: 'Taken out', draft: null, standing: makeStanding({ state: 'UNPUBLISHED', versionNumber: 2 }) }),
    ];
    stubGraphQL({ MyTemplates: () => makeTemplatesPage(templates) });
    const { unmount } = render(
      <I18nProvider initialLocale="en">
        <TemplatesPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(rows()).toHaveLength(7));
    const standings = () => screen.getAllByTestId('template-standing');
    expect(standings().map((el) => [el.dataset['state'], el.dataset['versionNumber']])).toEqual([
      ['DRAFT_ONLY', '1'],
      ['IN_REVIEW', '2'],
      ['CHANGES_REQUESTED', '2'],
      ['REJECTED', '1'],
      ['APPROVED', '3'],
      ['PUBLISHED', '4'],
      ['UNPUBLISHED', '2'],
    ]);
    const detail = (i: number) => within(standings()[i]!).getByTestId('template-standing-detail').textContent;
    expect(standings()[0]!.textContent).toBe('Draft onlyNot submitted for review yet');
    expect(detail(1)).toBe('Version 2 is waiting for a reviewer');
    expect(within(standings()[1]!).getByTestId('template-standing-live').textContent).toBe('Version 1 stays live meanwhile');
    expect(detail(2)).toMatch(/^Version 2 was sent back for changes · /);
    const note = within(standings()[2]!).getByTestId('template-standing-note');
    expect(note.textContent).toBe('Reviewer: “Warm the key light and soften the shadows.”');
    expect(note.getAttribute('title')).toBe('Warm the key light and soften the shadows.');
    expect(within(standings()[3]!).getByTestId('template-standing-note').textContent).toBe('Reviewer: “Too close to Golden Hour.”');
    expect(detail(4)).toMatch(/^Version 3 is approved and waiting to be published · /);
    expect(within(standings()[4]!).getByTestId('template-standing-live').textContent).toBe('Version 2 stays live meanwhile');
    expect(detail(5)).toBe('Version 4 is live');
    expect(within(standings()[5]!).queryByTestId('template-standing-live')).toBeNull();
    expect(standings()[6]!.textContent).toBe('UnpublishedVersion 2 was taken out of the catalog');
    unmount();

    render(
      <I18nProvider initialLocale="zh-CN">
        <TemplatesPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(rows()).toHaveLength(7));
    expect(screen.getAllByRole('columnheader')[2]!.textContent).toBe('状态');
    expect(standings()[1]!.textContent).toBe('审核中第 2 版正在等待审核在此期间第 1 版仍在线上');
    expect(within(standings()[2]!).getByTestId('template-standing-note').textContent).toBe('审核意见：“Warm the key light and soften the shadows.”');
    expect(standings()[2]!.querySelector('.badge')!.textContent).toBe('需修改');
    expect(standings()[4]!.querySelector('.badge')!.textContent).toBe('已通过');
    expect(detail(5)).toBe('第 4 版已上线');
    expect(standings()[6]!.textContent).toBe('已下架第 2 版已从目录下架');
  });

  it('shows the empty state when the designer has no templates', async () => {
    stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    render(<TemplatesPage />);

    await waitFor(() => expect(screen.getByTestId('templates-empty').textContent).toContain('No templates yet'));
    expect(rows()).toHaveLength(0);
    expect(screen.queryByTestId('load-more')).toBeNull();
  });

  it('sends the search as filter.search and words the empty state for it', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    render(<TemplatesPage />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.variables.filter).toBeUndefined();

    // One input event, as a paste: typing key by key could outlast the 250 ms search pause on a busy machine.
    await user.click(screen.getByRole('searchbox', { name: 'Search templates' }));
    await user.paste(' wedding ');

    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.variables).toMatchObject({ after: null, filter: { search: 'wedding' } });
    await waitFor(() => expect(screen.getByTestId('templates-empty').textContent).toContain('No templates match “wedding”'));
  });

  it('sends the chosen state as filter.state, together with the search', async () => {
    const user = userEvent.setup();
    const calls = stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    render(<TemplatesPage />);
    await waitFor(() => expect(calls).toHaveLength(1));
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Filter by state' });
    expect([...select.options].map((o) => o.value)).toEqual(['', 'DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'PUBLISHED', 'REJECTED', 'SUPERSEDED']);
    await user.selectOptions(select, 'SUBMITTED');
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.variables).toMatchObject({ after: null, filter: { state: 'SUBMITTED' } });
    await user.click(screen.getByRole('searchbox', { name: 'Search templates' }));
    await user.paste('hanfu');
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]!.variables).toMatchObject({ filter: { search: 'hanfu', state: 'SUBMITTED' } });
  });

  it('loads the next page after the end cursor and appends it', async () => {
    const firstPage = [makeTemplate({ title: 'One' }), makeTemplate({ title: 'Two' })];
    const secondPage = [makeTemplate({ title: 'Three' })];
    const calls = stubGraphQL({
      MyTemplates: ({ variables }) =>
        variables.after
          ? makeTemplatesPage(secondPage, { totalCount: 3 })
          : makeTemplatesPage(firstPage, { hasNextPage: true, totalCount: 3 }),
    });
    const user = userEvent.setup();
    render(<TemplatesPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(calls[1]!.variables.after).toBe(`cursor-${firstPage[1]!.id}`);
    expect(rows().map((row) => row.querySelector('.template-title')?.textContent)).toEqual([
      'One',
      'Two',
      'Three',
    ]);
    expect(screen.queryByTestId('load-more')).toBeNull();
  });

  it('creates a template from the dialog and shows it at the top of the list', async () => {
    const existing = makeTemplate({ title: 'Existing' });
    const calls = stubGraphQL({
      MyTemplates: () => makeTemplatesPage([existing]),
      CreateTemplate: ({ variables }) => {
        const input = variables.input as { title: string; baseModel: 'SD15' | 'SDXL'; tags: string[] };
        return { body: { data: { createTemplate: makeTemplate({ ...input, id: 'created-1' }) } } };
      },
    });
    const user = userEvent.setup();
    const { container } = render(<TemplatesPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await user.click(screen.getByRole('button', { name: 'New template' }));
    const dialog = within(screen.getByRole('dialog', { name: 'New template' }));
    await user.type(dialog.getByRole('textbox', { name: 'Title' }), '  Moody window light ');
    await user.click(dialog.getByRole('radio', { name: /^SD 1\.5/ }));
    await user.type(dialog.getByRole('textbox', { name: /^Tags/ }), 'portrait, , Window,portrait');
    await user.type(dialog.getByRole('textbox', { name: /^Description/ }), ' Rain on the glass. ');
    // The admins' list, archived categories left out.
    const category = dialog.getByRole<HTMLSelectElement>('combobox', { name: /^Category/ });
    await waitFor(() => expect([...category.options].map((o) => o.textContent)).toEqual(['No category', 'Portrait', 'Wedding']));
    await user.selectOptions(category, 'portrait');
    await user.click(dialog.getByRole('button', { name: 'Create template' }));

    await waitFor(() => expect(rows()).toHaveLength(2));
    const create = calls.find((call) => call.query.includes('mutation CreateTemplate'));
    expect(create?.variables).toEqual({
      input: { title: 'Moody window light', baseModel: 'SD15', tags: ['portrait', 'Window'], description: 'Rain on the glass.', category: 'portrait' },
    });
    expect(rows()[0]!.textContent).toContain('Moody window light');
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
    expect(container.textContent).toContain('2 templates');
    expect(window.location.hash).toBe('#/templates/created-1');
  });

  it("keeps the dialog open and shows the server's field message on BAD_USER_INPUT", async () => {
    stubGraphQL({
      MyTemplates: () => makeTemplatesPage([]),
      CreateTemplate: () =>
        graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'title'], message: 'Title is already used' }]),
    });
    const user = userEvent.setup();
    render(<TemplatesPage />);
    await screen.findByTestId('templates-empty');

    await user.click(screen.getByRole('button', { name: 'New template' }));
    const dialog = within(screen.getByRole('dialog', { name: 'New template' }));
    await user.type(dialog.getByRole('textbox', { name: 'Title' }), 'Duplicate');
    await user.click(dialog.getByRole('button', { name: 'Create template' }));

    // The server's message under the title field, tied to it as the field's description.
    const title = await dialog.findByRole('textbox', { name: 'Title', description: 'Title is already used' });
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(rows()).toHaveLength(0);
  });

  it('says a refused tag in Chinese under the tags field, by its reason', async () => {
    const tagIssue = { path: ['tags', 1], message: 'Tag "x!" must be up to 40 letters, digits, spaces, - or _.', reason: 'template.tagInvalid', params: { tag: 'x!', max: 40 } };
    stubGraphQL({
      MyTemplates: () => makeTemplatesPage([]),
      CreateTemplate: () => graphQLError('BAD_USER_INPUT', tagIssue.message, [tagIssue]),
    });
    const user = userEvent.setup();
    render(
      <I18nProvider initialLocale="zh-CN">
        <TemplatesPage />
      </I18nProvider>,
    );
    await screen.findByTestId('templates-empty');
    await user.click(screen.getByRole('button', { name: '新建模板' }));
    const dialog = within(screen.getByRole('dialog', { name: '新建模板' }));
    await user.type(dialog.getByRole('textbox', { name: '标题' }), 'Tagged');
    await user.type(dialog.getByTestId('template-tags-input'), 'ok, x!');
    await user.click(dialog.getByRole('button', { name: '创建模板' }));
    await waitFor(() => expect(dialog.getByTestId('template-tags-input').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/^标签“x!”最多 40 个字符/).classList.contains('field-error')).toBe(true);
  });

  it('shows an error with a retry when the list fails to load', async () => {
    let attempts = 0;
    stubGraphQL({
      MyTemplates: () => (++attempts === 1 ? graphQLError('QUERY_TOO_COMPLEX', 'Query is too complex') : makeTemplatesPage([makeTemplate()])),
    });
    const user = userEvent.setup();
    render(<TemplatesPage />);

    const alert = await waitFor(() => {
      const found = screen.getByRole('alert');
      expect(found.textContent).toContain('Query is too complex');
      return found;
    });
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });
  it('duplicates a row under a translated "(copy)" title and opens the copy in the editor', async () => {
    window.location.hash = '#/templates';
    const source = makeTemplate({ title: 'Golden hour headshot' });
    const calls = stubGraphQL({
      MyTemplates: () => makeTemplatesPage([source, makeTemplate({ title: 'Other' })]),
      DuplicateTemplate: () => ({ body: { data: { duplicateTemplate: { id: 'copy-1', title: 'Golden hour headshot (copy)' } } } }),
    });
    const user = userEvent.setup();
    render(<TemplatesPage />);
    const found = await waitFor(() => {
      const current = rows();
      expect(current).toHaveLength(2);
      return current;
    });
    const button = within(found[0]!).getByRole('button', { name: 'Duplicate “Golden hour headshot”' });
    expect(button.textContent).toBe('Duplicate');
    expect(button.getAttribute('aria-label')).toBe('Duplicate “Golden hour headshot”');
    await user.click(button);

    await waitFor(() => expect(window.location.hash).toBe('#/templates/copy-1'));
    expect(calls.find((c) => c.query.includes('DuplicateTemplate'))!.variables).toEqual({ templateId: source.id, title: 'Golden hour headshot (copy)' });
  });

  it('shortens a long title so the copy fits, and shows why a duplicate failed', async () => {
    window.location.hash = '#/templates';
    const source = makeTemplate({ title: 'x'.repeat(120) });
    const calls = stubGraphQL({
      MyTemplates: () => makeTemplatesPage([source]),
      DuplicateTemplate: () => ({ status: 404, ...graphQLError('NOT_FOUND', 'No template with this id.') }),
    });
    const user = userEvent.setup();
    render(<TemplatesPage />);
    const duplicateButtons = () => screen.queryAllByRole<HTMLButtonElement>('button', { name: /^Duplicate “/ });
    await waitFor(() => expect(duplicateButtons()).toHaveLength(1));
    await user.click(duplicateButtons()[0]!);

    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The template could not be duplicated'));
    const title = calls.find((c) => c.query.includes('DuplicateTemplate'))!.variables.title as string;
    expect(title).toHaveLength(120);
    expect(title.endsWith('x (copy)')).toBe(true);
    expect(window.location.hash).toBe('#/templates');
    expect(duplicateButtons()[0]!.disabled).toBe(false);
  });
});
