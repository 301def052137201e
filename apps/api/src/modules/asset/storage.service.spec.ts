import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createServer, type Socket } from 'node:net';
import { Client } from 'minio';
import { isDatabaseUnavailable } from '../../common/database-unavailable.js';
import { StorageUnavailableError } from '../../common/storage-unavailable.js';
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

// A TCP server that answers the first `resets` connections by resetting them, then a minimal S3
// answer (an empty object) to each request: what a storage server closing keep-alive sockets, or
// restarting, looks like to the client.
async function resettingStorage(resets: number): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    connections++;
    if (connections <= resets) return void socket.resetAndDestroy();
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('StorageService on a flaky network', () => {
  const withEndpoint = (endpoint: string) => ({ s3: { ...config.s3, endpoint } }) as unknown as ApiConfig;

  it('sends a request reset on the way once more, and answers', async () => {
    const storage = await resettingStorage(1);
    try {
      expect(await new StorageService(withEndpoint(storage.url)).read('previews/a.png')).toEqual(Buffer.alloc(0));
      expect(storage.connections()).toBe(2);
    } finally {
      await storage.close();
    }
  });

  it('says storage is unreachable after a second reset, never that the database is', async () => {
    const storage = await resettingStorage(2);
    try {
      const failed = await new StorageService(withEndpoint(storage.url)).remove('previews/a.png').then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(StorageUnavailableError);
      expect(isDatabaseUnavailable(failed)).toBe(false);
      expect(storage.connections()).toBe(2);
    } finally {
      await storage.close();
    }
  });
});
