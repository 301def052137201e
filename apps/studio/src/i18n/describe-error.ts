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
    // Faces asked for by name that cannot render this template's base model.
    if (error.code === 'IDENTITY_LORA_MISSING' && Array.isArray(error.details['subjectNames'])) {
      const baseModel = error.details['baseModel'] === 'sd15' ? 'SD1.5' : 'SDXL';
      return t('errors.identityLoraMissing', { names: (error.details['subjectNames'] as string[]).join(', '), baseModel });
    }
    return error.message || t('errors.unknown');
  }
  return t('errors.unknown');
}
