import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Where render webhooks may go. Only http(s) URLs, and never to loopback, private, link-local or
// otherwise reserved addresses unless the deployment allows them (WEBHOOK_ALLOW_NETWORKS; the
// embedded setup allows loopback, so a developer's laptop receives its own webhooks). The address is
// checked when the render is created and again at every delivery, on the address actually connected
// to (a DNS name that later resolves to 127.0.0.1 gets nothing).

export type WebhookNetworks = 'none' | 'loopback' | 'private';
export const MAX_WEBHOOK_URL_LENGTH = 2000;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
for (const [net, bits] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16], ['100.64.0.0', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

// Never: "this network", multicast, reserved and documentation ranges, the unspecified and NAT64 addresses.
const RESERVED = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) RESERVED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) RESERVED.addSubnet(net, bits, 'ipv6');

/** `::ffff:10.0.0.1` is 10.0.0.1: the IPv4 rules apply to IPv4-mapped IPv6 addresses too. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** True when a webhook may be sent to `address` (an IP) under the deployment's `networks`. */
export function isWebhookAddressAllowed(address: string, networks: WebhookNetworks): boolean {
  const { address: ip, family } = normalise(address);
  if (!isIP(ip)) return false;
  if (RESERVED.check(ip, family)) return false;
  if (LOOPBACK.check(ip, family)) return networks !== 'none';
  if (PRIVATE.check(ip, family)) return networks === 'private';
  return true;
}

export type WebhookUrlProblem = { kind: 'INVALID' } | { kind: 'NOT_ALLOWED'; host: string } | { kind: 'UNKNOWN_HOST'; host: string };

/** Parses a webhook URL: http(s), no credentials, not too long. Null when it is not one. */
export function parseWebhookUrl(raw: string): URL | null {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) return null;
  return url;
}

// URL.hostname keeps IPv6 literals in brackets.
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Every address `host` resolves to (an IP literal resolves to itself). */
export function resolveHost(host: string): Promise<string[]> {
  if (isIP(host)) return Promise.resolve([host]);
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses: LookupAddress[]) => (error ? reject(error) : resolve(addresses.map((a) => a.address)))));
}

/** Why `raw` may not be a render's webhook URL, or null when it may: every address its host resolves to must be allowed. */
export async function checkWebhookUrl(raw: string, networks: WebhookNetworks): Promise<WebhookUrlProblem | null> {
  const url = parseWebhookUrl(raw);
  if (!url) return { kind: 'INVALID' };
  const host = bareHost(url);
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch {
    return { kind: 'UNKNOWN_HOST', host };
  }
  if (!addresses.length) return { kind: 'UNKNOWN_HOST', host };
  return addresses.every((a) => isWebhookAddressAllowed(a, networks)) ? null : { kind: 'NOT_ALLOWED', host };
}

/**
 * A `lookup` for http(s).request that resolves as usual and refuses an address the deployment does
 * not allow: the check is made on the address the request then connects to.
 */
export function guardedLookup(networks: WebhookNetworks) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    resolveHost(hostname.replace(/^\[|\]$/g, ''))
      .then((addresses) => {
        const refused = addresses.find((a) => !isWebhookAddressAllowed(a, networks));
        if (refused !== undefined || !addresses.length) {
          const error: NodeJS.ErrnoException = new Error(`webhook address not allowed: ${hostname}`);
          error.code = 'EWEBHOOKADDRESS';
          callback(error, '', 4);
          return;
        }
        const all = typeof options === 'object' && options?.all;
        if (all) callback(null, addresses.map((address) => ({ address, family: isIP(address) })));
        else callback(null, addresses[0]!, isIP(addresses[0]!));
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 4));
  };
}
