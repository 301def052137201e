// Pure helpers for the prompt panel: inserting at the caret and placing validation issues on fields.
import { validateTemplateSpec, type LoraCatalogEntry, type TemplateSpec } from '@atelier/template-spec';
import type { GraphQLInputIssue } from '../../lib/graphql-client';

export interface PromptInsertion {
  text: string;
  /** Where the caret goes after the insertion. */
  caret: number;
}

/**
 * Replaces text[start..end] with `token`. A trigger word (`isWord`) gets ", " before it unless it starts the
 * prompt or follows a comma, so "portrait|" + "film grain" reads "portrait, film grain".
 */
export function insertAtCaret(text: string, start: number, end: number, token: string, isWord = false): PromptInsertion {
  const before = text.slice(0, start);
  const trimmed = before.trimEnd();
  let head = `${before}${token}`;
  if (isWord && trimmed === '') head = token;
  else if (isWord) head = `${trimmed}${trimmed.endsWith(',') ? ' ' : ', '}${token}`;
  return { text: `${head}${text.slice(end)}`, caret: head.length };
}

/**
 * A spec issue placed on a field by its dotted path: from the studio's own validation or the API's last refusal.
 * describeIssue says it in the designer's language by its reason (an older API may send only the English message).
 */
export type EditorIssue = Pick<GraphQLInputIssue, 'message' | 'reason' | 'params'> & { path: string };

/** API issues (paths as arrays or dotted strings) -> EditorIssues with dotted paths. */
export function toSpecIssues(issues: readonly (Omit<EditorIssue, 'path'> & { path: readonly (string | number)[] | string })[]): EditorIssue[] {
  return issues.map(({ path, ...issue }) => ({ ...issue, path: typeof path === 'string' ? path : path.join('.') }));
}

/**
 * The spec's issues as the API would report them (same validator, with the LoRA catalog when known) plus the
 * API's own last issues, without duplicates.
 */
export function collectSpecIssues(
  spec: TemplateSpec,
  catalog: ReadonlyMap<string, LoraCatalogEntry> | null,
  apiIssues: readonly EditorIssue[],
): EditorIssue[] {
  const result = validateTemplateSpec(spec, catalog ? { loras: catalog } : {});
  const local = result.ok ? [] : result.issues;
  const seen = new Set<string>();
  return [...local, ...apiIssues].filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The issues at `path` exactly, or (with `isPrefix`) at it or anywhere under it. */
export function findIssuesAt(issues: readonly EditorIssue[], path: string, isPrefix = false): EditorIssue[] {
  return issues.filter((issue) => issue.path === path || (isPrefix && issue.path.startsWith(`${path}.`)));
}
