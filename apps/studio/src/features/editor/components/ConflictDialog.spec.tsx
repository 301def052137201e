import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { GraphQLRequestError, toGraphQLRequestError } from '../../../lib/graphql-client';
import type { AutosaveStatus } from '../draft-autosave';
import { ConflictDialog, type ConflictChoice } from './ConflictDialog';
import { SaveStatus } from './SaveStatus';

describe('ConflictDialog', () => {
  it('offers the three choices, names the new template, and reports the one picked', async () => {
    const user = userEvent.setup();
    const picked: ConflictChoice[] = [];
    render(
      <I18nProvider initialLocale="en">
        <ConflictDialog templateTitle="Golden Hour" message="Someone else saved this draft (revision 9)." busy={false} onChoose={(c) => picked.push(c)} />
      </I18nProvider>,
    );
    expect(screen.getAllByRole('dialog', { name: 'This draft changed while you were editing' })).toHaveLength(1);
    expect(screen.getByRole('dialog').textContent).toContain('Someone else saved this draft (revision 9). Your changes are kept');
    expect(screen.getByRole('button', { name: /^Save mine as a new template/ }).textContent).toContain('“Golden Hour (my version)”');
    await user.click(screen.getByRole('button', { name: /^Overwrite with mine/ }));
    await user.click(screen.getByRole('button', { name: /^Load their version/ }));
    expect(picked).toEqual(['overwrite', 'load-theirs']);
  });

  it('disables the choices while one is being carried out, and speaks Chinese', () => {
    render(
      <I18nProvider initialLocale="zh-CN">
        <ConflictDialog templateTitle="汉服" message="冲突。" busy onChoose={() => undefined} />
      </I18nProvider>,
    );
    expect((screen.getByRole('button', { name: /^用我的版本覆盖/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('conflict-save-as-new').textContent).toContain('将我的版本另存为新模板');
  });
});

describe('SaveStatus', () => {
  it('shows saved, saving, a failure with retry, and a conflict', async () => {
    const user = userEvent.setup();
    let retried = 0;
    const states: AutosaveStatus[] = [
      { kind: 'saved', revision: 4 },
      { kind: 'saving' },
      { kind: 'failed', error: new GraphQLRequestError('NETWORK_ERROR', 'Failed to fetch'), issues: [] },
      { kind: 'conflict', theirRevision: 9, error: new GraphQLRequestError('REVISION_CONFLICT', 'x') },
    ];
    const texts: Array<[string | undefined, string | null]> = [];
    for (const status of states) {
      const { container } = render(
        <I18nProvider initialLocale="en">
          <SaveStatus status={status} onRetry={() => retried++} />
        </I18nProvider>,
      );
      const view = within(container);
      if (status.kind === 'failed') await user.click(view.getByRole('button', { name: 'Retry' }));
      texts.push([view.getByTestId('save-status').dataset['state'], view.getByTestId('save-status').textContent]);
    }
    expect(texts).toEqual([
      ['saved', 'All changes saved'],
      ['saving', 'Saving…'],
      ['failed', 'Not saved: Could not reach the Atelier server. Check your connection and try again.Retry'],
      ['conflict', 'Someone else saved this draft'],
    ]);
    expect(retried).toBe(1);
  });

  it('says why the API refused the spec in the designer\'s language, naming the field', () => {
    const refused = toGraphQLRequestError({
      message: 'Canvas width must be a multiple of 8 (got 833). (and 1 more)',
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: 'spec.notMultipleOf',
        params: { field: 'canvas.width', divisor: 8, got: '833' },
        issues: [{ path: 'canvas.width', message: 'Canvas width must be a multiple of 8 (got 833).', reason: 'spec.notMultipleOf', params: { field: 'canvas.width', divisor: 8, got: '833' } }],
      },
    });
    render(
      <I18nProvider initialLocale="zh-CN">
        <SaveStatus status={{ kind: 'failed', error: refused, issues: refused.issues }} onRetry={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('save-status').textContent).toContain('画布宽度必须是 8 的倍数（当前为 833）。');
  });
});
