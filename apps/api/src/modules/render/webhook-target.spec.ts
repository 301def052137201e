import { describe, expect, it } from '@jest/globals';
import { checkWebhookUrl, isWebhookAddressAllowed, parseWebhookUrl } from './webhook-target.js';
import { nextWebhookAttemptAt, WEBHOOK_RETRY_WINDOW_MS } from './webhook-schedule.js';

describe('webhook targets', () => {
  it.each([
    ['93.184.216.34', true, true, true],
    ['2606:2800:220:1:248:1893:25c8:1946', true, true, true],
    ['127.0.0.1', false, true, true],
    ['127.9.9.9', false, true, true],
    ['::1', false, true, true],
    ['::ffff:127.0.0.1', false, true, true],
    ['10.1.2.3', false, false, true],
    ['172.20.0.5', false, false, true],
    ['192.168.1.10', false, false, true],
    ['169.254.169.254', false, false, true],
    ['100.64.0.1', false, false, true],
    ['::ffff:10.0.0.1', false, false, true],
    ['fd00::1', false, false, true],
    ['fe80::1', false, false, true],
    ['0.0.0.0', false, false, false],
    ['224.0.0.1', false, false, false],
    ['::', false, false, false],
    ['not an ip', false, false, false],
  ])('%s: allowed with none=%s, loopback=%s, private=%s', (address, none, loopback, priv) => {
    expect([isWebhookAddressAllowed(address, 'none'), isWebhookAddressAllowed(address, 'loopback'), isWebhookAddressAllowed(address, 'private')]).toEqual([none, loopback, priv]);
  });

  it('takes only http(s) URLs without credentials', () => {
    expect(parseWebhookUrl('https://app.example/hooks?x=1')?.hostname).toBe('app.example');
    for (const bad of ['ftp://app.example/', 'file:///etc/passwd', 'https://user:pw@app.example/', 'javascript:alert(1)', 'not a url', `https://a.example/${'x'.repeat(2000)}`]) expect(parseWebhookUrl(bad)).toBeNull();
  });

  it('checks every address of an IP literal or name, and says which host was refused', async () => {
    expect(await checkWebhookUrl('http://127.0.0.1:9/hook', 'none')).toEqual({ kind: 'NOT_ALLOWED', host: '127.0.0.1' });
    expect(await checkWebhookUrl('http://127.0.0.1:9/hook', 'loopback')).toBeNull();
    expect(await checkWebhookUrl('http://[::1]:9/hook', 'none')).toEqual({ kind: 'NOT_ALLOWED', host: '::1' });
    expect(await checkWebhookUrl('http://localhost:9/hook', 'none')).toEqual({ kind: 'NOT_ALLOWED', host: 'localhost' });
    expect(await checkWebhookUrl('http://10.0.0.8/hook', 'loopback')).toEqual({ kind: 'NOT_ALLOWED', host: '10.0.0.8' });
    expect(await checkWebhookUrl('http://no-such-host.invalid/hook', 'private')).toEqual({ kind: 'UNKNOWN_HOST', host: 'no-such-host.invalid' });
    expect(await checkWebhookUrl('gopher://127.0.0.1/', 'private')).toEqual({ kind: 'INVALID' });
  });
});

describe('webhook retries', () => {
  const created = new Date('2026-03-01T00:00:00Z');

  it('backs off from seconds to hours and gives up a day after the event', () => {
    const delays: number[] = [];
    let now = created;
    for (let attempt = 1; ; attempt++) {
      const next = nextWebhookAttemptAt(created, attempt, now);
      if (!next) break;
      delays.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(delays.slice(0, 4)).toEqual([10, 30, 60, 300]);
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true);
    expect(now.getTime() - created.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
    expect(now.getTime() - created.getTime()).toBeGreaterThan(WEBHOOK_RETRY_WINDOW_MS - 4 * 3600_000);
    expect(nextWebhookAttemptAt(created, 3, new Date(created.getTime() + WEBHOOK_RETRY_WINDOW_MS))).toBeNull();
  });
});
