import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter.js';

describe('LoginRateLimiter', () => {
  it('blocks a key after the maximum failures inside the window and frees it when the window passes', () => {
    let now = 1_000_000;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds(['a'])).toBe(0);
      limiter.recordFailure(['a']);
      now += 1000;
    }
    expect(limiter.retryAfterSeconds(['a'])).toBe(57);
    expect(limiter.retryAfterSeconds(['b'])).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterSeconds(['a'])).toBe(0);
  });

  it('forgets failures of a key on reset', () => {
    const limiter = new LoginRateLimiter(1, 60_000);
    limiter.recordFailure(['a']);
    expect(limiter.retryAfterSeconds(['a'])).toBeGreaterThan(0);
    limiter.reset('a');
    expect(limiter.retryAfterSeconds(['a'])).toBe(0);
  });
});
