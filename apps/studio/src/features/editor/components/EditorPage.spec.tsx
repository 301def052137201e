import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { stubGraphQL } from '../../../test/stub-graphql';
import { EditorPage } from './EditorPage';

function templateWithoutDraft(versions: Array<{ id: string; number: number; state: string }>) {
  return { body: { data: { template: { id: 'tpl-1', title: 'Golden Hour', baseModel: 'SDXL', headRevision: 4, draft: null, versions } } } };
}

describe('EditorPage', () => {
  it('shows the submitted version once the draft was submitted for review, in both languages', async () => {
    stubGraphQL({ EditorTemplate: () => templateWithoutDraft([{ id: 'v2', number: 2, state: 'SUBMITTED' }, { id: 'v1', number: 1, state: 'PUBLISHED' }]) });
    // Both pages stay mounted: each is looked up in its own container.
    const en = render(
      <I18nProvider initialLocale="en">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    const page = await within(en.container).findByTestId('version-submitted-page');
    expect(page.dataset.versionNumber).toBe('2');
    expect(page.textContent).toContain('Version 2 is waiting for review');

    const zh = render(
      <I18nProvider initialLocale="zh-CN">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    expect((await within(zh.container).findByTestId('version-submitted-page')).textContent).toContain('版本 2 正在等待审核');
  });

  it('after a decision, explains the way on and starts the next version from the newest one', async () => {
    const user = userEvent.setup();
    const spec = makeDefaultTemplateSpec();
    const calls = stubGraphQL({
      EditorTemplate: () => templateWithoutDraft([{ id: 'v1', number: 1, state: 'PUBLISHED' }]),
      TemplateReviews: () => ({ body: { data: { template: { id: 'tpl-1', headRevision: 4, versions: [{ id: 'v1', number: 1, state: 'PUBLISHED', decidedAt: null, reviews: [] }] } } } }),
      ReviewVersionDetail: () => ({ body: { data: { templateVersion: { id: 'v1', number: 1, state: 'PUBLISHED', templateId: 'tpl-1', spec, submittedAt: null, decidedAt: null, author: { id: 'u1', displayName: 'Dana' }, previews: [], reviews: [] } } } }),
      SaveDraft: () => ({ body: { data: { saveDraft: { id: 'v2', revision: 5, specHash: 'sha256:1' } } } }),
    });
    render(<EditorPage templateId="tpl-1" />);
    const page = await screen.findByTestId('version-decision-page');
    expect(page.dataset['state']).toBe('PUBLISHED');
    expect(screen.queryByTestId('version-submitted-page')).toBeNull();
    const start = screen.getByRole<HTMLButtonElement>('button', { name: 'Start version 2' });
    expect(start.textContent).toBe('Start version 2');
    await waitFor(() => expect(start.disabled).toBe(false));
    await user.click(start);
    await waitFor(() => expect(calls.filter((call) => call.query.includes('query EditorTemplate'))).toHaveLength(2));
    expect(calls.find((call) => call.query.includes('mutation SaveDraft'))!.variables).toEqual({ input: { templateId: 'tpl-1', spec, baseRevision: 4 } });
  });
});
