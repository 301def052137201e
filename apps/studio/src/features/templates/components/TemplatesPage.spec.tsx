import { act } from 'react';
import { describe, expect, it } from '@jest/globals';
import {
  allByTestId,
  byTestId,
  click,
  graphQLError,
  render,
  stubGraphQL,
  typeInto,
  waitFor,
} from '../../../test/dom-test-utils';
import { makeTemplate, makeTemplatesPage, makeVersion } from '../../../test/factories';
import { TemplatesPage } from './TemplatesPage';

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
    const container = render(<TemplatesPage />);

    const rows = await waitFor(() => {
      const found = allByTestId(container, 'template-row');
      expect(found).toHaveLength(2);
      return found;
    });
    const first = rows[0]!.textContent ?? '';
    const templateId = rows[0]!.getAttribute('data-template-id')!;
    expect(rows[0]!.querySelector('[data-testid="open-template"]')!.getAttribute('href')).toBe(`#/templates/${templateId}`);
    expect(first).toContain('Golden hour headshot');
    expect(first).toContain('outdoor');
    expect(first).toContain('headshot');
    expect(first).toContain('SD 1.5');
    expect(first).toContain('Changes requested');
    expect(first).toContain('rev 7');
    expect(first).toContain('v3');
    expect(rows[1]!.textContent).toContain('Studio black and white');
    expect(rows[1]!.textContent).toContain('Not published');
    expect(container.textContent).toContain('2 templates');
    expect(container.querySelector('[data-testid="templates-empty"]')).toBeNull();
  });

  it('shows the empty state when the designer has no templates', async () => {
    stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    const container = render(<TemplatesPage />);

    await waitFor(() => expect(byTestId(container, 'templates-empty').textContent).toContain('No templates yet'));
    expect(allByTestId(container, 'template-row')).toHaveLength(0);
    expect(container.querySelector('[data-testid="load-more"]')).toBeNull();
  });

  it('sends the search as filter.search and words the empty state for it', async () => {
    const calls = stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    const container = render(<TemplatesPage />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.variables.filter).toBeUndefined();

    typeInto(byTestId(container, 'template-search'), ' wedding ');

    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.variables).toMatchObject({ after: null, filter: { search: 'wedding' } });
    await waitFor(() => expect(byTestId(container, 'templates-empty').textContent).toContain('No templates match “wedding”'));
  });

  it('sends the chosen state as filter.state, together with the search', async () => {
    const calls = stubGraphQL({ MyTemplates: () => makeTemplatesPage([]) });
    const container = render(<TemplatesPage />);
    await waitFor(() => expect(calls).toHaveLength(1));
    const select = byTestId<HTMLSelectElement>(container, 'template-state-filter');
    expect([...select.options].map((o) => o.value)).toEqual(['', 'DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'PUBLISHED', 'REJECTED', 'SUPERSEDED']);
    act(() => {
      select.value = 'SUBMITTED';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.variables).toMatchObject({ after: null, filter: { state: 'SUBMITTED' } });
    typeInto(byTestId(container, 'template-search'), 'hanfu');
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
    const container = render(<TemplatesPage />);
    await waitFor(() => expect(allByTestId(container, 'template-row')).toHaveLength(2));

    click(byTestId(container, 'load-more'));

    await waitFor(() => expect(allByTestId(container, 'template-row')).toHaveLength(3));
    expect(calls[1]!.variables.after).toBe(`cursor-${firstPage[1]!.id}`);
    expect(allByTestId(container, 'template-row').map((row) => row.querySelector('.template-title')?.textContent)).toEqual([
      'One',
      'Two',
      'Three',
    ]);
    expect(container.querySelector('[data-testid="load-more"]')).toBeNull();
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
    const container = render(<TemplatesPage />);
    await waitFor(() => expect(allByTestId(container, 'template-row')).toHaveLength(1));

    click(byTestId(container, 'new-template'));
    typeInto(byTestId(container, 'template-title-input'), '  Moody window light ');
    click(byTestId(container, 'base-model-SD15'));
    typeInto(byTestId(container, 'template-tags-input'), 'portrait, , Window,portrait');
    click(byTestId(container, 'create-template-submit'));

    await waitFor(() => expect(allByTestId(container, 'template-row')).toHaveLength(2));
    const create = calls.find((call) => call.query.includes('mutation CreateTemplate'));
    expect(create?.variables).toEqual({
      input: { title: 'Moody window light', baseModel: 'SD15', tags: ['portrait', 'Window'] },
    });
    expect(allByTestId(container, 'template-row')[0]!.textContent).toContain('Moody window light');
    expect(container.querySelector('dialog')).toBeNull();
    expect(container.textContent).toContain('2 templates');
    expect(window.location.hash).toBe('#/templates/created-1');
  });

  it("keeps the dialog open and shows the server's field message on BAD_USER_INPUT", async () => {
    stubGraphQL({
      MyTemplates: () => makeTemplatesPage([]),
      CreateTemplate: () =>
        graphQLError('BAD_USER_INPUT', 'Invalid input', [{ path: ['input', 'title'], message: 'Title is already used' }]),
    });
    const container = render(<TemplatesPage />);
    await waitFor(() => byTestId(container, 'templates-empty'));

    click(byTestId(container, 'new-template'));
    typeInto(byTestId(container, 'template-title-input'), 'Duplicate');
    click(byTestId(container, 'create-template-submit'));

    await waitFor(() => expect(container.querySelector('.field-error')?.textContent).toBe('Title is already used'));
    expect(byTestId(container, 'template-title-input').getAttribute('aria-invalid')).toBe('true');
    expect(allByTestId(container, 'template-row')).toHaveLength(0);
  });

  it('shows an error with a retry when the list fails to load', async () => {
    let attempts = 0;
    stubGraphQL({
      MyTemplates: () => (++attempts === 1 ? graphQLError('QUERY_TOO_COMPLEX', 'Query is too complex') : makeTemplatesPage([makeTemplate()])),
    });
    const container = render(<TemplatesPage />);

    const alert = await waitFor(() => {
      const found = container.querySelector<HTMLElement>('[role="alert"]');
      expect(found?.textContent).toContain('Query is too complex');
      return found!;
    });
    click(alert.querySelector('button')!);

    await waitFor(() => expect(allByTestId(container, 'template-row')).toHaveLength(1));
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });
  it('duplicates a row under a translated "(copy)" title and opens the copy in the editor', async () => {
    window.location.hash = '#/templates';
    const source = makeTemplate({ title: 'Golden hour headshot' });
    const calls = stubGraphQL({
      MyTemplates: () => makeTemplatesPage([source, makeTemplate({ title: 'Other' })]),
      DuplicateTemplate: () => ({ body: { data: { duplicateTemplate: { id: 'copy-1', title: 'Golden hour headshot (copy)' } } } }),
    });
    const container = render(<TemplatesPage />);
    const rows = await waitFor(() => {
      const found = allByTestId(container, 'template-row');
      expect(found).toHaveLength(2);
      return found;
    });
    const button = rows[0]!.querySelector<HTMLButtonElement>('[data-testid="duplicate-template"]')!;
    expect(button.textContent).toBe('Duplicate');
    expect(button.getAttribute('aria-label')).toBe('Duplicate “Golden hour headshot”');
    click(button);

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
    const container = render(<TemplatesPage />);
    await waitFor(() => expect(allByTestId(container, 'duplicate-template')).toHaveLength(1));
    click(byTestId(container, 'duplicate-template'));

    await waitFor(() => expect(byTestId(container, 'duplicate-error').textContent).toContain('The template could not be duplicated'));
    const title = calls.find((c) => c.query.includes('DuplicateTemplate'))!.variables.title as string;
    expect(title).toHaveLength(120);
    expect(title.endsWith('x (copy)')).toBe(true);
    expect(window.location.hash).toBe('#/templates');
    expect(byTestId<HTMLButtonElement>(container, 'duplicate-template').disabled).toBe(false);
  });
});
