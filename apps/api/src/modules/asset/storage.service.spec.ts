import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Client } from 'minio';
import type { ApiConfig } from '../../config/api-config.js';
import { StorageService } from './storage.service.js';

const config = { s3: { endpoint: 'http://127.0.0.1:9', accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1', bucket: 'atelier-test', idleTimeoutMs: 1000 } } as unknown as ApiConfig;

describe('StorageService.presignStableGet', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('gives every caller the same link within a 10-minute window, signed once', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T10:01:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const sign = jest.spyOn(Client.prototype, 'presignedGetObject');
    const storage = new StorageService(config);
    const first = await storage.presignStableGet('previews/a.webp', 3600);
    jest.setSystemTime(new Date('2026-12-07T10:09:59Z'));
    expect(await storage.presignStableGet('previews/a.webp', 3600)).toBe(first);
    expect(sign).toHaveBeenCalledTimes(1);
    // Signed at the window's start, valid for the asked time plus the window.
    expect(first).toContain('X-Amz-Date=20261207T100000Z');
    expect(first).toContain('X-Amz-Expires=4200');
    expect(await storage.presignStableGet('previews/b.webp', 3600)).not.toBe(first);
  });

  it('signs a new link in the next window, and one for another validity', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T10:09:59Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const storage = new StorageService(config);
    const before = await storage.presignStableGet('previews/a.webp', 3600);
    expect(await storage.presignStableGet('previews/a.webp', 60)).toContain('X-Amz-Expires=660');
    jest.setSystemTime(new Date('2026-12-07T10:10:00Z'));
    const after = await storage.presignStableGet('previews/a.webp', 3600);
    expect(after).not.toBe(before);
    expect(after).toContain('X-Amz-Date=20261207T101000Z');
  });
});
