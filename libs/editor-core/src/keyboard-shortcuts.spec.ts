import { describe, expect, it } from '@jest/globals';
import { expectLabelled } from '../../../testing/expect-labelled.js';
import { EDITOR_SHORTCUTS, formatShortcut, resolveShortcut, toShortcutKeys, type ShortcutKeyEvent } from './keyboard-shortcuts.js';

const press = (key: string, modifiers: Partial<Omit<ShortcutKeyEvent, 'key'>> = {}): ShortcutKeyEvent => ({
  key,
  mod: false,
  shift: false,
  alt: false,
  ...modifiers,
});

describe('resolveShortcut', () => {
  it.each([
    [press('z', { mod: true }), { type: 'undo' }],
    [press('Z', { mod: true, shift: true }), { type: 'redo' }],
    [press('z', { mod: true, shift: true }), { type: 'redo' }],
    [press('y', { mod: true }), { type: 'redo' }],
    [press('Delete'), { type: 'deleteSelection' }],
    [press('Backspace'), { type: 'deleteSelection' }],
    [press('Del'), { type: 'deleteSelection' }],
    [press('d', { mod: true }), { type: 'duplicateSelection' }],
    [press('a', { mod: true }), { type: 'selectAll' }],
    [press('Escape'), { type: 'clearSelection' }],
    [press('H', { shift: true }), { type: 'mirrorPose' }],
    [press('ArrowLeft'), { type: 'nudgeSelection', deltaPx: { x: -1, y: 0 } }],
    [press('ArrowDown', { shift: true }), { type: 'nudgeSelection', deltaPx: { x: 0, y: 10 } }],
    [press('+', { shift: true }), { type: 'zoomIn' }],
    [press('='), { type: 'zoomIn' }],
    [press('-'), { type: 'zoomOut' }],
    [press('0'), { type: 'zoomToFit' }],
    [press('1'), { type: 'zoomToActualSize' }],
  ] as const)('resolves %j', (event, action) => {
    expect(resolveShortcut(event)?.action).toEqual(action);
  });

  it('ignores lone modifiers, unbound keys and extra modifiers', () => {
    expect(resolveShortcut(press('Shift', { shift: true }))).toBeNull();
    expect(resolveShortcut(press('Meta', { mod: true }))).toBeNull();
    expect(resolveShortcut(press('q'))).toBeNull();
    expect(resolveShortcut(press('z'))).toBeNull();
    expect(resolveShortcut(press('z', { mod: true, alt: true }))).toBeNull();
  });

  it('ignores shift on symbols and digits, whose key already says it', () => {
    expect(toShortcutKeys(press('0', { shift: true }))).toBe('0');
    expect(toShortcutKeys(press('Z', { mod: true, shift: true, alt: true }))).toBe('mod+alt+shift+z');
  });
});

describe('EDITOR_SHORTCUTS', () => {
  it('binds each key combination once, in the canonical form resolveShortcut builds', () => {
    const keys = EDITOR_SHORTCUTS.map((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const shortcut of EDITOR_SHORTCUTS) {
      const parts = shortcut.keys === '+' ? ['+'] : shortcut.keys.split('+');
      const key = parts.at(-1)!;
      const event = press(key, { mod: parts.includes('mod'), shift: parts.includes('shift'), alt: parts.includes('alt') });
      expectLabelled(resolveShortcut(event), shortcut.keys).toBe(shortcut);
    }
  });

  it('gives every shortcut a label and a group for the shortcut sheet', () => {
    for (const shortcut of EDITOR_SHORTCUTS) {
      expect(shortcut.label.length).toBeGreaterThan(0);
      expect(['History', 'Edit', 'Selection', 'Pose', 'View']).toContain(shortcut.group);
    }
  });
});

describe('formatShortcut', () => {
  it('writes shortcuts the way each platform does', () => {
    expect(formatShortcut('mod+shift+z', 'mac')).toBe('⌘⇧Z');
    expect(formatShortcut('mod+shift+z')).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('shift+arrowleft')).toBe('Shift+←');
    expect(formatShortcut('backspace', 'mac')).toBe('⌫');
    expect(formatShortcut('+')).toBe('+');
    expect(formatShortcut('0')).toBe('0');
  });
});
