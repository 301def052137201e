import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { loadApiConfig } from '../src/config/api-config.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { testContext } from './setup/test-context.js';

describe('the storage bucket at start-up', () => {
  it('is created once when several API processes start together on storage without it', async () => {
    // Replicas of a fresh deployment all find no bucket; only one creation can win, the others are
    // told it exists. None of them may fail to start over it.
    const config = loadApiConfig({ ATELIER_ENV: 'test', S3_ENDPOINT: testContext('s3Endpoint'), S3_BUCKET: `replicas-${randomBytes(4).toString('hex')}` });
    const replicas = Array.from({ length: 4 }, () => new StorageService(config));
    const outcomes = await Promise.allSettled(replicas.map((s) => s.ensureBucket()));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    await expect(replicas[0]!.checkReachable()).resolves.toBeUndefined();
  });
});
