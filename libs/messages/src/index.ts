export { API_MESSAGES, type ApiMessageKey } from './api-messages.js';
export { API_TERMS, TERM_PARAMS, englishTerm, wordTerms, type ApiTermKey, type TermLookup } from './api-terms.js';
export { formatMessage, placeholdersOf, type MessageParams } from './format-message.js';
import { API_MESSAGES, type ApiMessageKey } from './api-messages.js';
import { englishTerm, wordTerms } from './api-terms.js';
import { formatMessage, type MessageParams } from './format-message.js';

/** The English sentence for a reason (term parameters such as `field` worded in English). */
export function apiMessage(reason: ApiMessageKey, params: MessageParams = {}): string {
  return formatMessage(API_MESSAGES[reason], wordTerms(params, englishTerm));
}

export function isApiMessageKey(value: unknown): value is ApiMessageKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API_MESSAGES, value);
}
