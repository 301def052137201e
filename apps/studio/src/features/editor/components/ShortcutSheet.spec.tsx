import { EDITOR_SHORTCUTS, formatShortcut } from '@atelier/editor-core';
import { render, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, jest } from '@jest/globals';
import { expectLabelled } from '../../../../../../testing/expect-labelled.js';
import { I18nProvider } from '../../../i18n/I18nProvider';
import { detectShortcutPlatform } from '../shortcut-sheet';
import { ShortcutSheet } from './ShortcutSheet';

// The sheet's dialog (several sheets may be open in one test: each is looked up in its own container).
function renderSheet(locale: 'en' | 'zh-CN', platform: 'mac' | 'other', onClose = () => undefined) {
  const { container } = render(
    <I18nProvider initialLocale={locale}>
      <ShortcutSheet platform={platform} onClose={onClose} />
    </I18nProvider>,
  );
  return within(container).getByRole('dialog');
}

// Each row: its label (the term) and the key combos shown for it.
function readRows(sheet: HTMLElement) {
  return within(sheet).getAllByTestId('shortcut-row').map((row) => ({
    label: within(row).getByRole('term').textContent,
    keys: [...row.querySelectorAll('kbd')].map((kbd) => kbd.textContent),
  }));
}

describe('ShortcutSheet', () => {
  it.each(['other', 'mac'] as const)('lists every shortcut of the editor-core map with its keys (%s)', (platform) => {
    const rows = readRows(renderSheet('en', platform));
    for (const shortcut of EDITOR_SHORTCUTS) {
      const keys = formatShortcut(shortcut.keys, platform);
      expectLabelled(rows.some((row) => row.keys.includes(keys)), `${shortcut.keys} (${shortcut.label})`).toBe(true);
    }
    // Each combo once, plus the sheet's own "?" and the three pointer gestures (space-drag, wheel, shift-click).
    expect(rows.flatMap((row) => row.keys)).toHaveLength(EDITOR_SHORTCUTS.length + 4);
    expect(rows.find((row) => row.label === 'Pan the view (over shapes too)')?.keys).toEqual(['Space + drag']);
  });

  it('groups the rows, merges combos of one action and uses ⌘ on macOS, Ctrl elsewhere', () => {
    const sheet = renderSheet('en', 'other');
    expect(within(sheet).queryAllByTestId('shortcut-group-History').length + within(sheet).queryAllByTestId('shortcut-group-View').length).toBe(2);
    const rows = readRows(sheet);
    expect(rows.find((row) => row.label === 'Redo')!.keys).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y']);
    expect(rows.find((row) => row.label === 'Nudge selection left 10 px')!.keys).toEqual(['Shift+←']);
    expect(readRows(renderSheet('en', 'mac')).find((row) => row.label === 'Redo')!.keys).toEqual(['⌘⇧Z', '⌘Y']);
  });

  it('translates every label into Chinese', () => {
    const rows = readRows(renderSheet('zh-CN', 'other'));
    const englishLabels = new Set(EDITOR_SHORTCUTS.map((shortcut) => shortcut.label));
    expect(rows.filter((row) => englishLabels.has(row.label ?? ''))).toEqual([]);
    expect(rows.map((row) => row.label)).toContain('所选内容向左微移 10 像素');
    expect(rows.every((row) => /[\u4e00-\u9fff]/.test(row.label ?? ''))).toBe(true);
  });

  it('closes from its button', async () => {
    const user = userEvent.setup();
    const onClose = jest.fn<() => undefined>();
    const sheet = renderSheet('en', 'other', onClose);
    await user.click(within(sheet).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('detects macOS from the navigator', () => {
    expect(detectShortcutPlatform({ platform: 'MacIntel' })).toBe('mac');
    expect(detectShortcutPlatform({ platform: 'Win32', userAgent: 'Mozilla/5.0 (Windows NT 10.0)' })).toBe('other');
  });
});
