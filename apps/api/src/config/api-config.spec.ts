import { describe, expect, it } from '@jest/globals';
import { ApiConfigError, loadApiConfig } from './api-config.js';

describe('loadApiConfig', () => {
  it('starts in embedded mode with defaults when nothing is set', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({ env: 'embedded', port: 4000, databaseUrl: undefined, reviewScoreBar: 90, s3: { bucket: 'atelier', endpoint: undefined } });
  });

  it('refuses a production start without secrets and lists every missing variable', () => {
    let error: unknown;
    try {
      loadApiConfig({ DATABASE_URL: 'postgres://db/atelier' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiConfigError);
    const problems = (error as ApiConfigError).problems.join('\n');
    for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'JWT_SECRET', 'ADMIN_PASSWORD']) expect(problems).toContain(name);
  });

  it('names each malformed variable', () => {
    expect(() => loadApiConfig({ PORT: 'eighty', JWT_SECRET: 'short', S3_BUCKET: 'Bad_Bucket' })).toThrow(/PORT[\s\S]*S3_BUCKET|S3_BUCKET[\s\S]*PORT/);
    try {
      loadApiConfig({ PORT: 'eighty', JWT_SECRET: 'short' });
    } catch (e) {
      expect((e as ApiConfigError).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^PORT:/), expect.stringMatching(/^JWT_SECRET: must be at least 32 characters/)]));
    }
  });

  it('sweeps withdrawn preview subjects every minute unless told otherwise', () => {
    expect(loadApiConfig({}).privacy).toEqual({ sweepSeconds: 60 });
    expect(loadApiConfig({ PRIVACY_SWEEP_SECONDS: '300' }).privacy.sweepSeconds).toBe(300);
    expect(() => loadApiConfig({ PRIVACY_SWEEP_SECONDS: '0' })).toThrow(/PRIVACY_SWEEP_SECONDS/);
  });

  it("keeps consumer apps' end-user identities 24 hours after their last render unless told otherwise", () => {
    expect(loadApiConfig({}).identities).toEqual({ retentionHours: 24 });
    expect(loadApiConfig({ IDENTITY_RETENTION_HOURS: '72' }).identities.retentionHours).toBe(72);
    expect(() => loadApiConfig({ IDENTITY_RETENTION_HOURS: '0' })).toThrow(/IDENTITY_RETENTION_HOURS/);
    expect(() => loadApiConfig({ IDENTITY_RETENTION_HOURS: 'a day' })).toThrow(/IDENTITY_RETENTION_HOURS/);
  });

  it('lets CDNs reuse catalog answers for 30 s unless told otherwise, never longer than 5 minutes', () => {
    expect(loadApiConfig({}).catalog).toEqual({ cacheMaxAgeSeconds: 30, serverCache: true });
    expect(loadApiConfig({ CATALOG_CACHE_MAX_AGE_SECONDS: '120', CATALOG_SERVER_CACHE: 'off' }).catalog).toEqual({ cacheMaxAgeSeconds: 120, serverCache: false });
    expect(loadApiConfig({ CATALOG_CACHE_MAX_AGE_SECONDS: '0' }).catalog.cacheMaxAgeSeconds).toBe(0);
    // Preview links in an answer are valid for an hour: a cache must not hand them out near expiry.
    expect(() => loadApiConfig({ CATALOG_CACHE_MAX_AGE_SECONDS: '3600' })).toThrow(/CATALOG_CACHE_MAX_AGE_SECONDS/);
    expect(() => loadApiConfig({ CATALOG_CACHE_MAX_AGE_SECONDS: '-1' })).toThrow(/CATALOG_CACHE_MAX_AGE_SECONDS/);
    expect(() => loadApiConfig({ CATALOG_SERVER_CACHE: 'no' })).toThrow(/CATALOG_SERVER_CACHE/);
  });

  it('asks 4 GiB of a box’s largest GPU for SD1.5 jobs and 8 GiB for SDXL ones unless told otherwise (0: no minimum)', () => {
    expect(loadApiConfig({}).comfy.minVramMb).toEqual({ sd15: 4096, sdxl: 8192 });
    expect(loadApiConfig({ COMFY_MIN_VRAM_MB_SDXL: '6144', COMFY_MIN_VRAM_MB_SD15: '0' }).comfy.minVramMb).toEqual({ sd15: 0, sdxl: 6144 });
    expect(() => loadApiConfig({ COMFY_MIN_VRAM_MB_SDXL: '8 GB' })).toThrow(/COMFY_MIN_VRAM_MB_SDXL/);
    expect(() => loadApiConfig({ COMFY_MIN_VRAM_MB_SD15: '-1' })).toThrow(/COMFY_MIN_VRAM_MB_SD15/);
  });

  it('reads the SHA-256 of model files render recipes name, as <file name>=<sha256> pairs, and refuses anything else', () => {
    expect(loadApiConfig({}).comfy.modelSha256).toEqual({});
    const hash = 'AB'.repeat(32);
    expect(loadApiConfig({ COMFY_MODEL_SHA256: `sd_xl_base_1.0.safetensors=${hash}, instantid/diffusion_pytorch_model.safetensors=${'c'.repeat(64)}` }).comfy.modelSha256).toEqual({
      'sd_xl_base_1.0.safetensors': 'ab'.repeat(32),
      'instantid/diffusion_pytorch_model.safetensors': 'c'.repeat(64),
    });
    expect(() => loadApiConfig({ COMFY_MODEL_SHA256: 'sd_xl_base_1.0.safetensors=not-a-hash' })).toThrow(/COMFY_MODEL_SHA256/);
  });

  it('accepts a complete production configuration', () => {
    const config = loadApiConfig({ DATABASE_URL: 'postgres://db/atelier', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'a-long-password' });
    expect(config.env).toBe('production');
  });

  it('turns schema introspection off in production unless asked for, and on elsewhere', () => {
    const production = { DATABASE_URL: 'postgres://db/atelier', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'a-long-password' };
    expect(loadApiConfig(production).graphql.introspection).toBe(false);
    expect(loadApiConfig({ ...production, GRAPHQL_INTROSPECTION: 'on' }).graphql.introspection).toBe(true);
    expect(loadApiConfig({}).graphql.introspection).toBe(true);
    expect(() => loadApiConfig({ GRAPHQL_INTROSPECTION: 'yes' })).toThrow(/GRAPHQL_INTROSPECTION/);
  });

  it('limits each subscription socket to 20 subscriptions and 64 KiB messages unless told otherwise', () => {
    expect(loadApiConfig({}).graphql.ws).toEqual({ maxSubscriptions: 20, maxMessageBytes: 65_536, reverifySeconds: 60 });
    expect(loadApiConfig({ GRAPHQL_WS_MAX_SUBSCRIPTIONS: '5', GRAPHQL_WS_MAX_MESSAGE_BYTES: '16384', GRAPHQL_WS_REVERIFY_SECONDS: '15' }).graphql.ws).toEqual({ maxSubscriptions: 5, maxMessageBytes: 16_384, reverifySeconds: 15 });
    expect(() => loadApiConfig({ GRAPHQL_WS_MAX_SUBSCRIPTIONS: '0' })).toThrow(/GRAPHQL_WS_MAX_SUBSCRIPTIONS/);
    expect(() => loadApiConfig({ GRAPHQL_WS_MAX_MESSAGE_BYTES: '100' })).toThrow(/GRAPHQL_WS_MAX_MESSAGE_BYTES/);
    expect(() => loadApiConfig({ GRAPHQL_WS_REVERIFY_SECONDS: 'often' })).toThrow(/GRAPHQL_WS_REVERIFY_SECONDS/);
  });

  it('allows 10 mutations per operation and 200 waiting previews per person (2000 for admins) unless told otherwise', () => {
    expect(loadApiConfig({}).graphql.maxMutationsPerOperation).toBe(10);
    expect(loadApiConfig({}).previews.queueQuota).toEqual({ perUser: 200, perAdmin: 2000 });
    expect(loadApiConfig({ GRAPHQL_MAX_MUTATIONS_PER_OPERATION: '3' }).graphql.maxMutationsPerOperation).toBe(3);
    expect(loadApiConfig({ PREVIEW_QUEUE_QUOTA_PER_USER: '50' }).previews.queueQuota).toEqual({ perUser: 50, perAdmin: 500 });
    expect(loadApiConfig({ PREVIEW_QUEUE_QUOTA_PER_USER: '50', PREVIEW_QUEUE_QUOTA_PER_ADMIN: '80' }).previews.queueQuota).toEqual({ perUser: 50, perAdmin: 80 });
    expect(() => loadApiConfig({ GRAPHQL_MAX_MUTATIONS_PER_OPERATION: '0' })).toThrow(/GRAPHQL_MAX_MUTATIONS_PER_OPERATION/);
    expect(() => loadApiConfig({ PREVIEW_QUEUE_QUOTA_PER_USER: 'lots' })).toThrow(/PREVIEW_QUEUE_QUOTA_PER_USER/);
    expect(() => loadApiConfig({ PREVIEW_QUEUE_QUOTA_PER_ADMIN: '-1' })).toThrow(/PREVIEW_QUEUE_QUOTA_PER_ADMIN/);
  });

  it('reads usage currencies, trusted proxies and Redis from the environment', () => {
    const config = loadApiConfig({ USAGE_CURRENCIES: 'cny, usd', TRUSTED_PROXIES: 'loopback, 10.0.0.0/8', REDIS_URL: 'redis://cache:6379' });
    expect(config.ledger.currencies).toEqual(['CNY', 'USD']);
    expect(config.trustedProxies).toEqual(['loopback', '10.0.0.0/8']);
    expect(config.redis).toEqual({ url: 'redis://cache:6379', keyPrefix: 'atelier:' });
    expect(loadApiConfig({}).ledger.currencies).toEqual(['CNY']);
    expect(() => loadApiConfig({ USAGE_CURRENCIES: 'yuan' })).toThrow(/USAGE_CURRENCIES/);
  });
});
