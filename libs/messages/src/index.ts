export { API_MESSAGES, type ApiMessageKey } from './api-messages.js';
export { formatMessage, placeholdersOf, type MessageParams } from './format-message.js';
import { API_MESSAGES, type ApiMessageKey } from './api-messages.js';
import { formatMessage, type MessageParams } from './format-message.js';

/** The English sentence for a reason. */
export function apiMessage(reason: ApiMessageKey, params: MessageParams = {}): string {
  return formatMessage(API_MESSAGES[reason], params);
}

export function isApiMessageKey(value: unknown): value is ApiMessageKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(API_MESSAGES, value);
}
