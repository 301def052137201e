import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Machine credentials (consumer-app API keys `atl_…`, GPU-worker tokens `wkr_…`) look like
// `<kind>_<12 hex prefix>_<43 char secret>`. The prefix finds the row; only a SHA-256 of the secret
// is stored (32 random bytes: a slow hash would add latency per request and no safety).
// One-time set-password links carry `pwd_…` tokens of the same shape.
export type SecretTokenKind = 'atl' | 'wkr' | 'pwd';

export interface IssuedSecretToken {
  token: string;
  prefix: string;
  secretHash: string;
}

export function issueSecretToken(kind: SecretTokenKind): IssuedSecretToken {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `${kind}_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseSecretToken(kind: SecretTokenKind, presented: string): { prefix: string; secret: string } | null {
  const match = new RegExp(`^${kind}_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$`).exec(presented.trim());
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// Constant-time; compares against a dummy hash when the row was not found.
export function secretMatches(storedHash: string | undefined, secret: string): boolean {
  const expected = storedHash ? Buffer.from(storedHash, 'hex') : Buffer.alloc(32);
  return timingSafeEqual(expected, Buffer.from(hashSecret(secret), 'hex')) && storedHash !== undefined;
}
