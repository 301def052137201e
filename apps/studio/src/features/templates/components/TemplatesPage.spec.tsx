import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from '@jest/globals';
import { graphQLError, stubGraphQL } from '../../../test/stub-graphql';
import { makeTemplate, makeTemplatesPage, makeVersion } from '../../../test/factories';
import { TemplatesPage } from './TemplatesPage';

const rows = () => screen.queryAllByTestId('template-row');

describe('TemplatesPage', () => {
  it('renders a row per template with tags, base model, draft state, revision and published version', async () => {
    stubGraphQL({
      MyTemplates: () =>
        makeTemplatesPage([
          makeTemplate({
            title: 'Golden hour headshot',
            tags: ['outdoor', 'headshot'],
            baseModel: 'SD15',
            draft: makeVersion({ state: 'CHANGES_REQUESTED', revision: 7 }),
            publishedVersion: makeVersion({ number: 3, state: 'PUBLISHED' }),
          }),
          makeTemplate({ title: 'Studio black and white', draft: makeVersion({ state: 'DRAFT', revision: 2 }) }),
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
    expect(first).toContain('Changes requested');
    expect(first).toContain('rev 7');
    expect(first).toContain('v3');
    expect(found[1]!.textContent).toContain('Studio black and white');
    expect(found[1]!.textContent).toContain('Not published');
    expect(container.textContent).toContain('2 templates');
    expect(screen.queryByTestId('templates-empty')).toBeNull();
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
    await user.click(dialog.getByRole('button', { name: 'Create template' }));

    await waitFor(() => expect(rows()).toHaveLength(2));
    const create = calls.find((call) => call.query.includes('mutation CreateTemplate'));
    expect(create?.variables).toEqual({
      input: { title: 'Moody window light', baseModel: 'SD15', tags: ['portrait', 'Window'] },
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
