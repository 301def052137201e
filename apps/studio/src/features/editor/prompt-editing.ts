// Pure helpers for the prompt panel: inserting at the caret and placing validation issues on fields.
import {
  describeUnknownPromptSlot,
  findPromptSlots,
  validateTemplateSpec,
  type LoraCatalogEntry,
  type SpecIssue,
  type TemplateSpec,
} from '@atelier/template-spec';

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

/** API issues (paths as arrays or dotted strings) -> SpecIssues with dotted paths. */
export function toSpecIssues(issues: readonly { path: readonly (string | number)[] | string; message: string }[]): SpecIssue[] {
  return issues.map(({ path, message }) => ({ path: typeof path === 'string' ? path : path.join('.'), message }));
}

/**
 * The spec's issues as the API would report them (same validator, with the LoRA catalog when known) plus the
 * API's own last issues, without duplicates.
 */
export function collectSpecIssues(
  spec: TemplateSpec,
  catalog: ReadonlyMap<string, LoraCatalogEntry> | null,
  apiIssues: readonly SpecIssue[],
): SpecIssue[] {
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

/** The messages of issues at `path` exactly, or (with `isPrefix`) at it or anywhere under it. */
export function findIssueMessages(issues: readonly SpecIssue[], path: string, isPrefix = false): string[] {
  return issues
    .filter((issue) => issue.path === path || (isPrefix && issue.path.startsWith(`${path}.`)))
    .map((issue) => issue.message);
}

// The schema's wording for an empty positive prompt (template-spec's promptText rule).
const EMPTY_PROMPT_MESSAGE = "Positive prompt can't be empty";

export type PromptProblem = { kind: 'empty' } | { kind: 'unknownSlot'; slot: string };

/**
 * A prompt's own problems by the spec's rules (findPromptSlots, as the validator uses it), so the panel can word
 * them in the designer's language, and the validator's/API's messages for the same problems to leave out.
 */
export function findPromptProblems(text: string, isRequired: boolean): { problems: PromptProblem[]; coveredMessages: Set<string> } {
  const problems: PromptProblem[] = [];
  const coveredMessages = new Set<string>();
  if (isRequired && text.trim() === '') {
    problems.push({ kind: 'empty' });
    coveredMessages.add(EMPTY_PROMPT_MESSAGE);
  }
  const unknown = new Set(findPromptSlots(text).filter((slot) => !slot.isKnownSlot).map((slot) => slot.name));
  for (const slot of unknown) {
    problems.push({ kind: 'unknownSlot', slot });
    coveredMessages.add(describeUnknownPromptSlot(slot));
  }
  return { problems, coveredMessages };
}
