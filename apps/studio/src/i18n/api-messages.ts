import { API_MESSAGES, type ApiMessageKey } from '@atelier/messages';

/** The API's sentences as catalogue entries: reason `template.titleLength` -> key `api.template.titleLength`. */
export type ApiCatalogue = { readonly [K in ApiMessageKey as `api.${K}`]: string };

export function apiCatalogue(messages: Readonly<Record<ApiMessageKey, string>>): ApiCatalogue {
  return Object.fromEntries(Object.entries(messages).map(([reason, message]) => [`api.${reason}`, message])) as ApiCatalogue;
}

/** English is the API's own wording. */
export const apiMessagesEn: ApiCatalogue = apiCatalogue(API_MESSAGES);
