import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { byTestId, render, stubGraphQL, waitFor } from '../../../test/dom-test-utils';
import { EditorPage } from './EditorPage';

function templateWithoutDraft(versions: Array<{ id: string; number: number; state: string }>) {
  return { body: { data: { template: { id: 'tpl-1', title: 'Golden Hour', baseModel: 'SDXL', headRevision: 4, draft: null, versions } } } };
}

describe('EditorPage', () => {
  it('shows the submitted version once the draft was submitted for review, in both languages', async () => {
    stubGraphQL({ EditorTemplate: () => templateWithoutDraft([{ id: 'v2', number: 2, state: 'SUBMITTED' }, { id: 'v1', number: 1, state: 'PUBLISHED' }]) });
    const en = render(
      <I18nProvider initialLocale="en">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    const page = await waitFor(() => byTestId(en, 'version-submitted-page'));
    expect(page.dataset.versionNumber).toBe('2');
    expect(page.textContent).toContain('Version 2 is waiting for review');

    const zh = render(
      <I18nProvider initialLocale="zh-CN">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    expect((await waitFor(() => byTestId(zh, 'version-submitted-page'))).textContent).toContain('版本 2 正在等待审核');
  });

  it('still says there is no draft when the newest version is not waiting for review', async () => {
    stubGraphQL({ EditorTemplate: () => templateWithoutDraft([{ id: 'v1', number: 1, state: 'PUBLISHED' }]) });
    const view = render(<EditorPage templateId="tpl-1" />);
    await waitFor(() => expect(view.querySelector('.empty-state')?.textContent).toBeTruthy());
    expect(view.querySelector('[data-testid="version-submitted-page"]')).toBeNull();
  });
});
