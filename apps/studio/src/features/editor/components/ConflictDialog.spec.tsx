import { describe, expect, it } from '@jest/globals';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { allByTestId, byTestId, click, render } from '../../../test/dom-test-utils';
import type { AutosaveStatus } from '../draft-autosave';
import { ConflictDialog, type ConflictChoice } from './ConflictDialog';
import { SaveStatus } from './SaveStatus';

describe('ConflictDialog', () => {
  it('offers the three choices, names the new template, and reports the one picked', () => {
    const picked: ConflictChoice[] = [];
    const view = render(
      <I18nProvider initialLocale="en">
        <ConflictDialog templateTitle="Golden Hour" message="Someone else saved this draft (revision 9)." busy={false} onChoose={(c) => picked.push(c)} />
      </I18nProvider>,
    );
    expect(allByTestId(view, 'conflict-dialog')).toHaveLength(1);
    expect(view.textContent).toContain('Someone else saved this draft (revision 9). Your changes are kept');
    expect(byTestId(view, 'conflict-save-as-new').textContent).toContain('“Golden Hour (my version)”');
    click(byTestId(view, 'conflict-overwrite'));
    click(byTestId(view, 'conflict-load-theirs'));
    expect(picked).toEqual(['overwrite', 'load-theirs']);
  });

  it('disables the choices while one is being carried out, and speaks Chinese', () => {
    const view = render(
      <I18nProvider initialLocale="zh-CN">
        <ConflictDialog templateTitle="汉服" message="冲突。" busy onChoose={() => undefined} />
      </I18nProvider>,
    );
    expect(byTestId<HTMLButtonElement>(view, 'conflict-overwrite').disabled).toBe(true);
    expect(byTestId(view, 'conflict-save-as-new').textContent).toContain('将我的版本另存为新模板');
  });
});

describe('SaveStatus', () => {
  it('shows saved, saving, a failure with retry, and a conflict', () => {
    let retried = 0;
    const states: AutosaveStatus[] = [
      { kind: 'saved', revision: 4 },
      { kind: 'saving' },
      { kind: 'failed', message: 'Could not reach the Atelier server.', issues: [] },
      { kind: 'conflict', theirRevision: 9, message: 'x' },
    ];
    const texts = states.map((status) => {
      const view = render(
        <I18nProvider initialLocale="en">
          <SaveStatus status={status} onRetry={() => retried++} />
        </I18nProvider>,
      );
      if (status.kind === 'failed') click(byTestId(view, 'save-retry'));
      return [byTestId(view, 'save-status').dataset['state'], byTestId(view, 'save-status').textContent];
    });
    expect(texts).toEqual([
      ['saved', 'All changes saved'],
      ['saving', 'Saving…'],
      ['failed', 'Not saved: Could not reach the Atelier server.Retry'],
      ['conflict', 'Someone else saved this draft'],
    ]);
    expect(retried).toBe(1);
  });
});
