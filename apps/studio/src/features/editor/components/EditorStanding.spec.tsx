import { makeDefaultTemplateSpec } from '@atelier/template-spec';
import { render, within } from '@testing-library/react';
import { describe, expect, it, jest } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { makeStanding } from '../../../test/factories';
import { stubGraphQL } from '../../../test/stub-graphql';
import { FakeEditorCanvas } from '../../review/testing/review-fixtures';
import type { TemplateStanding } from '../../templates/graphql/templates.graphql';

jest.unstable_mockModule('../../../editor/EditorCanvas', () => ({ EditorCanvas: FakeEditorCanvas, describeView: () => '100%' }));
// ESM modules are mocked before the modules that import them are loaded.
const { EditorPage } = await import('./EditorPage');

function stubEditor(standing: TemplateStanding) {
  const spec = makeDefaultTemplateSpec('sdxl');
  return stubGraphQL({
    EditorTemplate: () => ({
      body: {
        data: {
          template: {
            id: 'tpl-1',
            title: 'Golden Hour',
            baseModel: 'SDXL',
            headRevision: 6,
            draft: { id: 'v3', number: 3, revision: 6, specHash: 'sha256:3', spec },
            versions: [
              { id: 'v3', number: 3, state: 'DRAFT' },
              { id: 'v2', number: 2, state: 'CHANGES_REQUESTED' },
              { id: 'v1', number: 1, state: 'PUBLISHED' },
            ],
            standing,
          },
        },
      },
    }),
    TemplateReviews: () => ({ body: { data: { template: { id: 'tpl-1', headRevision: 6, versions: [] } } } }),
    EditorLoras: () => ({ body: { data: { loras: [] } } }),
  });
}

describe('the editor header says where the template stands', () => {
  it("shows changes requested on the version sent back, with the reviewer's note, while the next draft is edited", async () => {
    stubEditor(makeStanding({ state: 'CHANGES_REQUESTED', versionNumber: 2, reviewNote: 'Warm the key light.', decidedAt: '2026-05-01T10:00:00.000Z', publishedVersionNumber: 1 }));
    const { container } = render(
      <I18nProvider initialLocale="en">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    const standing = await within(container).findByTestId('editor-standing');
    expect(standing.dataset['state']).toBe('CHANGES_REQUESTED');
    expect(standing.querySelector('.badge')!.textContent).toBe('Changes requested');
    expect(within(standing).getByTestId('editor-standing-detail').textContent).toBe('v2');
    expect(within(standing).getByTestId('editor-standing-note').textContent).toBe('Reviewer: “Warm the key light.”');
    // Everything, the live version included, in the tooltip (the header hides details on narrow screens).
    expect(standing.getAttribute('title')).toBe('Version 2 was sent back for changes · Version 1 stays live meanwhile · Reviewer: “Warm the key light.”');
    // It sits in the header, beside the title.
    expect(standing.closest('header')?.querySelector('[data-testid="editor-title"]')?.textContent).toBe('Golden Hour');
  });

  it('says so in Chinese too, e.g. for a template in review', async () => {
    stubEditor(makeStanding({ state: 'IN_REVIEW', versionNumber: 2, publishedVersionNumber: 1 }));
    const { container } = render(
      <I18nProvider initialLocale="zh-CN">
        <EditorPage templateId="tpl-1" />
      </I18nProvider>,
    );
    const standing = await within(container).findByTestId('editor-standing');
    expect(standing.textContent).toBe('审核中第 2 版');
    expect(standing.getAttribute('title')).toBe('第 2 版正在等待审核 · 在此期间第 1 版仍在线上');
    expect(within(standing).queryByTestId('editor-standing-note')).toBeNull();
  });
});
