import { wordTerms } from '@atelier/messages';
import { GraphQLRequestError, type GraphQLInputIssue } from '../lib/graphql-client';
import { en } from './en';
import type { Translator } from './translator';
import type { MessageKey, MessageParams } from './types';

const isCatalogueKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(en, key);

/**
 * The catalogue's wording of an API reason, its term parameters (a spec field's path, a version state) worded
 * from the `apiTerm.*` entries; null for a reason this studio build does not know (an older studio on a newer API).
 */
export function translateReason(reason: string | undefined, params: MessageParams | undefined, t: Translator['t']): string | null {
  if (!reason) return null;
  const key = `api.${reason}`;
  if (!isCatalogueKey(key)) return null;
  const lookup = (term: string, termParams?: MessageParams) => {
    const termKey = `apiTerm.${term}`;
    return isCatalogueKey(termKey) ? t(termKey, termParams) : undefined;
  };
  return t(key, params && wordTerms(params, lookup));
}

/** One BAD_USER_INPUT issue in the active language (the API's English when its reason is unknown here). */
export function describeIssue(issue: Pick<GraphQLInputIssue, 'message' | 'reason' | 'params'>, t: Translator['t']): string {
  return translateReason(issue.reason, issue.params, t) ?? issue.message;
}

/**
 * The sentence to show for an error from the API, in the active language: the server's own
 * designer-facing message for expected errors, our catalogue's wording for network trouble and bugs.
 */
export function describeError(error: unknown, t: Translator['t']): string {
  if (error instanceof GraphQLRequestError) {
    if (error.code === 'NETWORK_ERROR') return t('errors.network');
    if (error.code === 'INTERNAL') return t('errors.internal');
    return translateReason(error.reason, error.params, t) ?? (error.message || t('errors.unknown'));
  }
  return t('errors.unknown');
}
