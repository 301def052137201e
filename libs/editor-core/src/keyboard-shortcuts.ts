// The editor's keyboard shortcuts as data (for the shortcut sheet too) and a pure key-event resolver.
import type { EditorAction } from './editor-action.js';

/** The parts of a KeyboardEvent that matter; `mod` is Cmd on macOS and Ctrl elsewhere. */
export interface ShortcutKeyEvent {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

export type ShortcutGroup = 'History' | 'Edit' | 'Selection' | 'Pose' | 'View';

export interface EditorShortcut {
  /** Modifiers in the order mod, alt, shift, then the key as KeyboardEvent.key gives it, lower-cased: 'mod+shift+z'. */
  readonly keys: string;
  readonly action: EditorAction;
  readonly label: string;
  readonly group: ShortcutGroup;
}

const NUDGE_DIRECTIONS = [
  { key: 'arrowleft', x: -1, y: 0, word: 'left' },
  { key: 'arrowright', x: 1, y: 0, word: 'right' },
  { key: 'arrowup', x: 0, y: -1, word: 'up' },
  { key: 'arrowdown', x: 0, y: 1, word: 'down' },
] as const;

// Arrows move the selection 1 canvas px, 10 with shift.
const NUDGE_SHORTCUTS: EditorShortcut[] = NUDGE_DIRECTIONS.flatMap(({ key, x, y, word }) =>
  [1, 10].map((step) => ({
    keys: step === 1 ? key : `shift+${key}`,
    action: { type: 'nudgeSelection' as const, deltaPx: { x: x * step, y: y * step } },
    label: `Nudge ${word} ${step} px`,
    group: 'Edit' as const,
  })),
);

export const EDITOR_SHORTCUTS: readonly EditorShortcut[] = [
  { keys: 'mod+z', action: { type: 'undo' }, label: 'Undo', group: 'History' },
  { keys: 'mod+shift+z', action: { type: 'redo' }, label: 'Redo', group: 'History' },
  { keys: 'mod+y', action: { type: 'redo' }, label: 'Redo', group: 'History' },
  { keys: 'delete', action: { type: 'deleteSelection' }, label: 'Delete selection', group: 'Edit' },
  { keys: 'backspace', action: { type: 'deleteSelection' }, label: 'Delete selection', group: 'Edit' },
  { keys: 'mod+d', action: { type: 'duplicateSelection' }, label: 'Duplicate selected lights', group: 'Edit' },
  ...NUDGE_SHORTCUTS,
  { keys: 'mod+a', action: { type: 'selectAll' }, label: 'Select all', group: 'Selection' },
  { keys: 'escape', action: { type: 'clearSelection' }, label: 'Select none', group: 'Selection' },
  { keys: 'shift+h', action: { type: 'mirrorPose' }, label: 'Mirror pose', group: 'Pose' },
  { keys: '+', action: { type: 'zoomIn' }, label: 'Zoom in', group: 'View' },
  { keys: '=', action: { type: 'zoomIn' }, label: 'Zoom in', group: 'View' },
  { keys: '-', action: { type: 'zoomOut' }, label: 'Zoom out', group: 'View' },
  { keys: '0', action: { type: 'zoomToFit' }, label: 'Zoom to fit', group: 'View' },
  { keys: '1', action: { type: 'zoomToActualSize' }, label: 'Zoom to 100 %', group: 'View' },
];

const SHORTCUTS_BY_KEYS = new Map(EDITOR_SHORTCUTS.map((shortcut) => [shortcut.keys, shortcut]));

const KEY_ALIASES: Readonly<Record<string, string>> = {
  ' ': 'space',
  spacebar: 'space',
  del: 'delete',
  esc: 'escape',
  left: 'arrowleft',
  right: 'arrowright',
  up: 'arrowup',
  down: 'arrowdown',
  add: '+',
  subtract: '-',
};

const MODIFIER_KEYS = new Set(['shift', 'control', 'meta', 'alt', 'altgraph', 'os', 'capslock']);

/**
 * A key event -> its shortcut keys ('mod+shift+z'), or null for a lone modifier. Shift is dropped for symbols
 * and digits, whose key value already carries it ('+' is shift+= on a US keyboard; AZERTY digits need shift).
 */
export function toShortcutKeys(event: ShortcutKeyEvent): string | null {
  const lowered = event.key.toLowerCase();
  const key = KEY_ALIASES[lowered] ?? lowered;
  if (key === '' || MODIFIER_KEYS.has(key)) return null;
  const isSymbol = [...key].length === 1 && key.toUpperCase() === key;
  const modifiers = [event.mod && 'mod', event.alt && 'alt', event.shift && !isSymbol && 'shift'];
  return [...modifiers.filter((modifier): modifier is string => typeof modifier === 'string'), key].join('+');
}

/** A key event -> the shortcut it triggers, or null. */
export function resolveShortcut(event: ShortcutKeyEvent): EditorShortcut | null {
  const keys = toShortcutKeys(event);
  return keys === null ? null : (SHORTCUTS_BY_KEYS.get(keys) ?? null);
}

const KEY_NAMES: Readonly<Record<string, { mac: string; other: string }>> = {
  mod: { mac: '⌘', other: 'Ctrl' },
  alt: { mac: '⌥', other: 'Alt' },
  shift: { mac: '⇧', other: 'Shift' },
  arrowleft: { mac: '←', other: '←' },
  arrowright: { mac: '→', other: '→' },
  arrowup: { mac: '↑', other: '↑' },
  arrowdown: { mac: '↓', other: '↓' },
  delete: { mac: '⌦', other: 'Delete' },
  backspace: { mac: '⌫', other: 'Backspace' },
  escape: { mac: 'Esc', other: 'Esc' },
  space: { mac: 'Space', other: 'Space' },
};

// Splits 'mod+shift+z' one modifier at a time, so the '+' key itself ('+', 'shift++') survives.
const MODIFIER_PREFIX = /^(mod|alt|shift)\+(.+)$/;

/** Shortcut keys and a platform -> how the shortcut sheet shows them: '⌘⇧Z' on macOS, 'Ctrl+Shift+Z' elsewhere. */
export function formatShortcut(keys: string, platform: 'mac' | 'other' = 'other'): string {
  const modifiers: string[] = [];
  let rest = keys;
  for (let match = MODIFIER_PREFIX.exec(rest); match !== null; match = MODIFIER_PREFIX.exec(rest)) {
    modifiers.push(match[1]!);
    rest = match[2]!;
  }
  const names = [...modifiers, rest].map((part) => KEY_NAMES[part]?.[platform] ?? part.toUpperCase());
  return names.join(platform === 'mac' ? '' : '+');
}
