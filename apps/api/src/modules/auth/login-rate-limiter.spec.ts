import { describe, expect, it } from '@jest/globals';
import { LoginRateLimiter } from './login-rate-limiter.js';

describe('LoginRateLimiter', () => {
  it('blocks a key after the maximum attempts inside the window and frees it when the window passes', () => {
    let now = 1_000_000;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.consume(['a'])).toBe(0);
      now += 1000;
    }
    expect(limiter.consume(['a'])).toBe(57);
    expect(limiter.consume(['b'])).toBe(0);
    now += 57_000;
    expect(limiter.consume(['a'])).toBe(0);
  });

  it('counts attempts before they finish, so a burst of parallel guesses is cut at the limit', () => {
    const limiter = new LoginRateLimiter(3, 60_000);
    const outcomes = Array.from({ length: 20 }, () => limiter.consume(['email:x', 'ip:1']));
    expect(outcomes.filter((w) => w === 0)).toHaveLength(3);
  });

  it('forgets the attempts of keys that signed in successfully', () => {
    const limiter = new LoginRateLimiter(1, 60_000);
    limiter.consume(['a']);
    expect(limiter.consume(['a'])).toBeGreaterThan(0);
    limiter.reset(['a']);
    expect(limiter.consume(['a'])).toBe(0);
  });
});
