import { GraphQLRequestError } from '../lib/graphql-client';
import type { Translator } from './translator';

/**
 * The sentence to show for an error from the API, in the active language: the server's own
 * designer-facing message for expected errors, our catalogue's wording for network trouble and bugs.
 */
export function describeError(error: unknown, t: Translator['t']): string {
  if (error instanceof GraphQLRequestError) {
    if (error.code === 'NETWORK_ERROR') return t('errors.network');
    if (error.code === 'INTERNAL') return t('errors.internal');
    return error.message || t('errors.unknown');
  }
  return t('errors.unknown');
}
