import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"d1","type":"render.succeeded"}';
  const t = 1_800_000_000;

  it('signs HMAC-SHA256 of "<t>.<body>" in hex, as the issue documents it', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhookBody(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts its own signature within the tolerance and refuses a changed body, another secret or an old time', () => {
    const header = signWebhookBody(secret, body, t);
    expect(verifyWebhookSignature(secret, body, header, { nowSeconds: t + 10 })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature(secret, body.replace('d1', 'd2'), header, { nowSeconds: t })).toEqual({ ok: false, reason: 'MISMATCH' });
    expect(verifyWebhookSignature('whsec_other', body, header, { nowSeconds: t })).toEqual({ ok: false, reason: 'MISMATCH' });
    expect(verifyWebhookSignature(secret, body, header, { nowSeconds: t + 301 })).toEqual({ ok: false, reason: 'TOO_OLD' });
    expect(verifyWebhookSignature(secret, body, header, { nowSeconds: t + 600, toleranceSeconds: 900 }).ok).toBe(true);
  });

  it('accepts any of several v1 signatures (a rotated secret) and refuses malformed headers', () => {
    const good = signWebhookBody(secret, body, t).split(',')[1];
    expect(verifyWebhookSignature(secret, body, `t=${t},v1=${'0'.repeat(64)},${good}`, { nowSeconds: t }).ok).toBe(true);
    expect(verifyWebhookSignature(secret, body, undefined)).toEqual({ ok: false, reason: 'MISSING' });
    expect(verifyWebhookSignature(secret, body, 'v1=abc', { nowSeconds: t })).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyWebhookSignature(secret, body, `t=soon,${good}`, { nowSeconds: t })).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyWebhookSignature(secret, body, `t=${t},v1=zz`, { nowSeconds: t })).toEqual({ ok: false, reason: 'MISMATCH' });
  });
});
