import { expect } from '@jest/globals';
import { apiMessage, isApiMessageKey, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import { expectLabelled } from '../../../../testing/expect-labelled.js';

/**
 * A sentence worded by @atelier/messages (an error's message and extensions, or one of its issues): a reason
 * the studio can translate, saying exactly what the English says. Optionally the reason it must be.
 */
export function expectWorded(worded: { message: string; reason?: unknown; params?: unknown }, reason?: ApiMessageKey): void {
  expectLabelled(isApiMessageKey(worded.reason), `no known reason for: ${worded.message}`).toBe(true);
  if (reason !== undefined) expectLabelled(worded.reason, worded.message).toBe(reason);
  expect(worded.message).toBe(apiMessage(worded.reason as ApiMessageKey, worded.params as MessageParams));
}

/** The first error of a GraphQL answer, as expectWorded reads it. */
export function wordingOf(error: { message: string; extensions: Record<string, unknown> }): { message: string; reason?: unknown; params?: unknown } {
  return { message: error.message, reason: error.extensions['reason'], params: error.extensions['params'] };
}
