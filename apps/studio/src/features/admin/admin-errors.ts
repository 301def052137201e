import { describeError, describeIssue } from '../../i18n/describe-error';
import type { Translator } from '../../i18n/translator';
import { isGraphQLRequestError } from '../../lib/graphql-client';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * An API refusal split for a form: BAD_USER_INPUT issues go next to the field their path names last
 * (["input", "name"] -> name); anything else becomes one sentence for the form, in the active language.
 */
export function toFormErrors<F extends string>(error: unknown, fields: readonly F[], t: Translator['t']): { fieldErrors: FieldErrors<F>; formError: string | null } {
  if (isGraphQLRequestError(error, 'BAD_USER_INPUT') && error.issues.length > 0) {
    const fieldErrors: FieldErrors<F> = {};
    const others: string[] = [];
    for (const issue of error.issues) {
      const field = [...issue.path].reverse().find((segment): segment is F => fields.includes(segment as F));
      if (field && !fieldErrors[field]) fieldErrors[field] = describeIssue(issue, t);
      else if (!field) others.push(describeIssue(issue, t));
    }
    return { fieldErrors, formError: others.length > 0 ? others.join(' ') : null };
  }
  return { fieldErrors: {}, formError: describeError(error, t) };
}
