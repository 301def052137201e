import type { RenderWebhookEvent } from './types.js';
import { verifyWebhookSignature, type WebhookSignatureCheck } from './webhook-signature.js';

export type RenderWebhookRead = { ok: true; event: RenderWebhookEvent; timestamp: number } | { ok: false; reason: Extract<WebhookSignatureCheck, { ok: false }>['reason'] | 'NOT_JSON' };

/**
 * A received render webhook -> its event, once the signature holds (see verifyWebhookSignature): pass
 * the raw body as received and the X-Atelier-Signature header. Answer 2xx quickly; the same event
 * (same `id`) may arrive more than once, so handle it once per id.
 */
export function readRenderWebhook(
  secret: string,
  rawBody: string,
  header: string | null | undefined,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): RenderWebhookRead {
  const check = verifyWebhookSignature(secret, rawBody, header, options);
  if (!check.ok) return check;
  try {
    return { ok: true, event: JSON.parse(rawBody) as RenderWebhookEvent, timestamp: check.timestamp };
  } catch {
    return { ok: false, reason: 'NOT_JSON' };
  }
}
