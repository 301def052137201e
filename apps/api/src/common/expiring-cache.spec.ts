import { describe, expect, it } from '@jest/globals';
import { ExpiringCache } from './expiring-cache.js';

describe('ExpiringCache', () => {
  it('keeps an entry until its lifetime ends', () => {
    const cache = new ExpiringCache<number>(60_000);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    const expired = new ExpiringCache<number>(-1);
    expired.set('a', 1);
    expect(expired.get('a')).toBeUndefined();
  });

  it('does not store what a lookup read before an invalidation it raced', () => {
    const cache = new ExpiringCache<string>(60_000);
    const stamp = cache.stamp;
    // Meanwhile another process says the key changed.
    cache.deleteWhere((v) => v === 'old');
    cache.set('key', 'old', stamp);
    expect(cache.get('key')).toBeUndefined();
    // A lookup that started afterwards stores its answer.
    const later = cache.stamp;
    cache.set('key', 'new', later);
    expect(cache.get('key')).toBe('new');
  });

  it('forgets everything on clear', () => {
    const cache = new ExpiringCache<number>(60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
  });
});
