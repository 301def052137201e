import { describe, expect, it } from '@jest/globals';
import { issueSecretToken, parseSecretToken, secretMatches } from './secret-token.js';

describe('secret tokens', () => {
  it('issues a token whose secret matches only its own stored hash', () => {
    const a = issueSecretToken('wkr');
    const b = issueSecretToken('wkr');
    const parsed = parseSecretToken('wkr', a.token)!;
    expect(parsed.prefix).toBe(a.prefix);
    expect(secretMatches(a.secretHash, parsed.secret)).toBe(true);
    expect(secretMatches(b.secretHash, parsed.secret)).toBe(false);
    expect(secretMatches(undefined, parsed.secret)).toBe(false);
    expect(a.token).not.toContain(a.secretHash);
  });

  it('refuses a token of another kind or shape', () => {
    const a = issueSecretToken('atl');
    expect(parseSecretToken('wkr', a.token)).toBeNull();
    expect(parseSecretToken('atl', `${a.token}x`)).toBeNull();
    expect(parseSecretToken('atl', 'atl_short_secret')).toBeNull();
  });
});
