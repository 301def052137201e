import { expect } from '@jest/globals';
import { apiMessage, isApiMessageKey, type ApiMessageKey, type MessageParams } from '@atelier/messages';
import { expectLabelled } from '../../../../testing/expect-labelled.js';
import type { GqlResult } from './test-app.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The response's first error is said by `reason` with exactly `params` (so the studio can say it in
 * the person's language), and its English is that reason's sentence (BAD_USER_INPUT may add how many
 * more issues there are).
 */
export function expectWorded(res: GqlResult, reason: ApiMessageKey, params: MessageParams = {}): void {
  const error = res.errors?.[0];
  expectLabelled(error, JSON.stringify(res.data)).toBeDefined();
  expectLabelled({ reason: error!.extensions['reason'], params: error!.extensions['params'] }, error!.message).toEqual({ reason, params });
  expect(error!.message).toMatch(new RegExp(`^${escapeRegExp(apiMessage(reason, params))}( \\(and \\d+ more\\))?$`));
}

/**
 * A sentence worded by @atelier/messages (an error's message and extensions, or one of its issues): a reason
 * the studio can translate, saying exactly what the English says. Optionally the reason it must be.
 */
export function expectWordedSentence(worded: { message: string; reason?: unknown; params?: unknown }, reason?: ApiMessageKey): void {
  expectLabelled(isApiMessageKey(worded.reason), `no known reason for: ${worded.message}`).toBe(true);
  if (reason !== undefined) expectLabelled(worded.reason, worded.message).toBe(reason);
  expect(worded.message).toBe(apiMessage(worded.reason as ApiMessageKey, worded.params as MessageParams));
}

/** The first error of a GraphQL answer, as expectWordedSentence reads it. */
export function wordingOf(error: { message: string; extensions: Record<string, unknown> }): { message: string; reason?: unknown; params?: unknown } {
  return { message: error.message, reason: error.extensions['reason'], params: error.extensions['params'] };
}
