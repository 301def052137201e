// The shortcut sheet's content, derived from editor-core's shortcut map: grouped rows, one per action,
// with every key combination that triggers it.
import { EDITOR_SHORTCUTS, formatShortcut, type EditorAction, type EditorShortcut, type ShortcutGroup } from '@atelier/editor-core';
import type { MessageKey } from '../../i18n/types';
import type { Translator } from '../../i18n/translator';

export type ShortcutPlatform = 'mac' | 'other';

/** The key that opens the sheet; handled by the editor page, not part of editor-core's map. */
export const SHORTCUT_SHEET_KEY = '?';

export interface ShortcutRow {
  /** Stable per action (the same key combos for one action share a row). */
  id: string;
  label: string;
  /** Formatted for the platform: 'Ctrl+Shift+Z' or '⌘⇧Z'. */
  keys: string[];
}

export interface ShortcutSection {
  group: ShortcutGroup | 'Help';
  title: string;
  rows: ShortcutRow[];
}

const GROUP_ORDER: readonly (ShortcutGroup | 'Help')[] = ['History', 'Edit', 'Selection', 'Pose', 'View', 'Help'];

/** Mac keyboards show ⌘ for the editor's `mod`; everything else Ctrl. */
export function detectShortcutPlatform(nav: { platform?: string; userAgent?: string } | undefined = globalThis.navigator): ShortcutPlatform {
  const platform = `${nav?.platform ?? ''} ${nav?.userAgent ?? ''}`;
  return /Mac|iPhone|iPad/i.test(platform) ? 'mac' : 'other';
}

/** The shortcut map -> sections in a fixed group order, each action once, with translated labels. */
export function buildShortcutSheet(t: Translator['t'], platform: ShortcutPlatform, shortcuts: readonly EditorShortcut[] = EDITOR_SHORTCUTS): ShortcutSection[] {
  const sections = new Map<ShortcutGroup | 'Help', ShortcutSection>();
  const rows = new Map<string, ShortcutRow>();
  const add = (group: ShortcutGroup | 'Help', id: string, label: string, keys: string) => {
    let section = sections.get(group);
    if (!section) {
      section = { group, title: t(`editor.shortcuts.group.${group}` as MessageKey), rows: [] };
      sections.set(group, section);
    }
    const existing = rows.get(`${group}/${id}`);
    if (existing) {
      existing.keys.push(keys);
      return;
    }
    const row = { id, label, keys: [keys] };
    rows.set(`${group}/${id}`, row);
    section.rows.push(row);
  };
  for (const shortcut of shortcuts) {
    add(shortcut.group, describeActionId(shortcut.action), describeShortcutAction(shortcut, t), formatShortcut(shortcut.keys, platform));
  }
  // Pointer gestures the editor page handles itself.
  add('View', 'spacePan', t('editor.shortcuts.action.spacePan'), t('editor.shortcuts.keys.spacePan'));
  add('View', 'wheelZoom', t('editor.shortcuts.action.wheelZoom'), t('editor.shortcuts.keys.wheelZoom'));
  add('Selection', 'shiftClick', t('editor.shortcuts.action.shiftClick'), t('editor.shortcuts.keys.shiftClick'));
  add('Help', 'showSheet', t('editor.shortcuts.action.showSheet'), SHORTCUT_SHEET_KEY);
  return GROUP_ORDER.flatMap((group) => (sections.has(group) ? [sections.get(group)!] : []));
}

function describeActionId(action: EditorAction): string {
  return action.type === 'nudgeSelection' ? `nudge:${action.deltaPx.x}:${action.deltaPx.y}` : action.type;
}

const ACTION_LABELS: Partial<Record<EditorAction['type'], MessageKey>> = {
  undo: 'editor.shortcuts.action.undo',
  redo: 'editor.shortcuts.action.redo',
  deleteSelection: 'editor.shortcuts.action.deleteSelection',
  duplicateSelection: 'editor.shortcuts.action.duplicateSelection',
  selectAll: 'editor.shortcuts.action.selectAll',
  clearSelection: 'editor.shortcuts.action.clearSelection',
  mirrorPose: 'editor.shortcuts.action.mirrorPose',
  zoomIn: 'editor.shortcuts.action.zoomIn',
  zoomOut: 'editor.shortcuts.action.zoomOut',
  zoomToFit: 'editor.shortcuts.action.zoomToFit',
  zoomToActualSize: 'editor.shortcuts.action.zoomToActualSize',
};

/** A shortcut -> its translated label; a shortcut added to editor-core without a translation shows its English label. */
export function describeShortcutAction(shortcut: EditorShortcut, t: Translator['t']): string {
  const { action } = shortcut;
  if (action.type === 'nudgeSelection') {
    const { x, y } = action.deltaPx;
    const direction = x < 0 ? 'left' : x > 0 ? 'right' : y < 0 ? 'up' : 'down';
    return t('editor.shortcuts.action.nudge', { direction: t(`editor.shortcuts.direction.${direction}`), step: Math.abs(x || y) });
  }
  const key = ACTION_LABELS[action.type];
  return key ? t(key) : shortcut.label;
}
