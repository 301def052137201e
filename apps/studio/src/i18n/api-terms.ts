import { API_TERMS, type ApiTermKey } from '@atelier/messages';

/** The words the API's sentences put into placeholders, as catalogue entries: term `versionState.DRAFT` -> key `apiTerm.versionState.DRAFT`. */
export type ApiTermCatalogue = { readonly [K in ApiTermKey as `apiTerm.${K}`]: string };

export function apiTermCatalogue(terms: Readonly<Record<ApiTermKey, string>>): ApiTermCatalogue {
  return Object.fromEntries(Object.entries(terms).map(([key, words]) => [`apiTerm.${key}`, words])) as ApiTermCatalogue;
}

/** English is the API's own wording. */
export const apiTermsEn: ApiTermCatalogue = apiTermCatalogue(API_TERMS);
