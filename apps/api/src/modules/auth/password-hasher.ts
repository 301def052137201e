import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const ARGON2ID = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the email is unknown keeps the timing of both failures alike.
export const DUMMY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$2cdYKuNYYwBAwll9ONB5PQ$JVhCy37odqf5jOOVpBolqY3vVNpbehyIqFyDVZue42o';
