import { expect } from '@jest/globals';
import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';
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
