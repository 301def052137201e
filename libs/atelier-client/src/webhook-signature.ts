import { createHmac, timingSafeEqual } from 'node:crypto';

// Render webhooks are signed like Stripe's: header `X-Atelier-Signature: t=<unix seconds>,v1=<hex>`
// where v1 is HMAC-SHA256, keyed by the API key's webhook secret, of "<t>.<raw body>". The API signs
// with signWebhookBody; apps check with verifyWebhookSignature (the same code, so the two cannot drift).

export const WEBHOOK_SIGNATURE_HEADER = 'X-Atelier-Signature';
/** How far a signature's time may be from the receiver's clock by default (replayed old deliveries are refused). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The header value for `rawBody` signed at `timestamp` (unix seconds). */
export function signWebhookBody(secret: string, rawBody: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, rawBody)}`;
}

export type WebhookSignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'MISMATCH' | 'TOO_OLD' };

/**
 * Checks a delivery: the header parses, one of its v1 signatures matches the raw body (compared in
 * constant time) and its time is within `toleranceSeconds` of `nowSeconds`. Pass the body exactly as
 * received (before any JSON parsing).
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string | null | undefined,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): WebhookSignatureCheck {
  if (!header) return { ok: false, reason: 'MISSING' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  const timestamp = t && /^\d{1,12}$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(timestamp) || !signatures.length) return { ok: false, reason: 'MALFORMED' };
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((s) => /^[0-9a-f]{64}$/.test(s) && timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!matches) return { ok: false, reason: 'MISMATCH' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'TOO_OLD' };
  return { ok: true, timestamp };
}
