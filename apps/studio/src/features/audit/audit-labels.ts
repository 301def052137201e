import { en } from '../../i18n/en';
import type { MessageKey } from '../../i18n/types';

/** The kinds of object the API records entries about, in the order the filter menu lists them. */
export const AUDIT_OBJECT_TYPES = ['template', 'template_version', 'user', 'api_key', 'worker_token', 'preview_subject', 'designer_statement', 'asset', 'lora', 'preview_batch', 'preview_job'] as const;

// An action's prefix names its object, but for these two.
const PREFIX_OBJECT: Record<string, string> = { version: 'template_version', statement: 'designer_statement' };

function messageKey(key: string): MessageKey | null {
  return key in en ? (key as MessageKey) : null;
}

/** "template_version" -> the key of "Version"; null for a kind the studio has no name for (shown as it is). */
export function objectTypeKey(entityType: string): MessageKey | null {
  return messageKey(`audit.object.${entityType}`);
}

/** "version.submitted" -> the key of "Submitted for review"; null for an action the studio does not know yet. */
export function actionKey(action: string): MessageKey | null {
  return messageKey(`audit.action.${action}`);
}

/** "version" (an action's prefix) -> the key of the name of its object. */
export function actionGroupKey(prefix: string): MessageKey | null {
  return objectTypeKey(PREFIX_OBJECT[prefix] ?? prefix);
}

/** Actions -> grouped by prefix (the part before the first dot), groups and actions in order. */
export function groupActions(actions: readonly string[]): Array<{ prefix: string; actions: string[] }> {
  const groups = new Map<string, string[]>();
  for (const action of [...new Set(actions)].sort()) {
    const prefix = action.includes('.') ? action.slice(0, action.indexOf('.')) : action;
    groups.set(prefix, [...(groups.get(prefix) ?? []), action]);
  }
  return [...groups].map(([prefix, grouped]) => ({ prefix, actions: grouped }));
}

/** A long id, shortened for a table cell ("6f1d4c2a…"); the full id is in the entry's details. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
