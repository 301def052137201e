import { z } from 'zod';
import { INSTANTID_DEFAULT_FILES } from '@atelier/comfy-compile';
import { DEFAULT_MIN_VRAM_MB } from '@atelier/scheduler';

// How the API was started: `embedded` (npm start on a laptop, demo data), `production` (real
// services, secrets required) or `test` (the integration suite).
export type AtelierEnv = 'embedded' | 'production' | 'test';

const envSchema = z.object({
  ATELIER_ENV: z.enum(['embedded', 'production', 'test']).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'must be a valid S3 bucket name').default('atelier'),
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  // A storage request with no bytes moving for this long fails instead of hanging.
  S3_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  // PostgreSQL limits for the API's pool: waiting for a connection, one statement, and a transaction
  // left idle (a stuck request must not hold locks and connections for everyone).
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  ADMIN_EMAIL: z.string().email().default('admin@atelier.local'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  REVIEW_SCORE_BAR: z.coerce.number().int().min(0).max(100).default(90),
  STUDIO_DIST: z.string().optional(),
  ATELIER_DATA_DIR: z.string().default('.atelier'),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  // The longest a sign-in lock lasts once backoff has doubled it.
  LOGIN_MAX_LOCK_SECONDS: z.coerce.number().int().min(1).default(900),
  // Redis shared by every API process (sign-in counters); unset, each process counts in memory.
  REDIS_URL: z.string().url().optional(),
  // Put in front of every Redis key, so deployments (or test runs) sharing a Redis stay apart.
  REDIS_KEY_PREFIX: z.string().default('atelier:'),
  // Requests per minute an API key may make unless an admin set its own limit (a burst of this many
  // at once, then as the allowance refills); counted in Redis when REDIS_URL is set.
  API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  // Which proxies' X-Forwarded-For to believe for the client address (Express "trust proxy": loopback,
  // uniquelocal, addresses or CIDR ranges, comma-separated).
  TRUSTED_PROXIES: z.string().min(1).default('loopback'),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(8),
  // Schema introspection: on in the embedded setup and tests, off in production unless asked for
  // (consumer apps code against the published schema file, not a live introspection).
  GRAPHQL_INTROSPECTION: z.enum(['on', 'off']).optional(),
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(10).default(2000),
  // Root fields of one mutation operation (aliases count each), so one request cannot fan out into
  // hundreds of mutations.
  GRAPHQL_MAX_MUTATIONS_PER_OPERATION: z.coerce.number().int().min(1).default(10),
  // Subscriptions (graphql-ws): how many may run at once on one socket, the largest message a
  // client may send (bigger closes the socket), and how often an idle socket's credential is
  // verified again (a disabled or signed-out session is closed by then at the latest).
  GRAPHQL_WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(1000).default(20),
  GRAPHQL_WS_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
  GRAPHQL_WS_REVERIFY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Shutting down: how long readiness fails before the server stops taking connections (so the load
  // balancer notices), and the longest in-flight requests then get to finish.
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(120).optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(25),
  // Logs: one JSON object per line (production's default, for log shippers) or Nest's readable lines.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // GET /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` when this is set.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PREVIEW_BACKEND: z.enum(['comfyui', 'draft']).optional(),
  PREVIEW_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  // How many of one person's preview jobs may be queued or rendering at once; admins get ten times
  // as many unless PREVIEW_QUEUE_QUOTA_PER_ADMIN says otherwise.
  PREVIEW_QUEUE_QUOTA_PER_USER: z.coerce.number().int().min(1).default(200),
  PREVIEW_QUEUE_QUOTA_PER_ADMIN: z.coerce.number().int().min(1).optional(),
  // The currencies consumer apps may report usage in (ISO 4217 codes, comma-separated).
  USAGE_CURRENCIES: z
    .string()
    .default('CNY')
    .transform((list) => [...new Set(list.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))])
    .refine((codes) => codes.length > 0 && codes.every((c) => /^[A-Z]{3}$/.test(c)), 'must be ISO 4217 codes separated by commas, e.g. CNY,USD'),
  PRIVACY_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // How long a consumer app's end-user identity (IDENTITY_LORA, IDENTITY_PHOTO) is kept after its last render.
  IDENTITY_RETENTION_HOURS: z.coerce.number().int().min(1).max(8_760).default(24),
  // Consumer apps' hosted renders: the share of the GPU pool they may hold at once (the rest stays for
  // designers' previews and reviewers), and how many one app may have waiting or rendering.
  CONSUMER_RENDER_SHARE: z.coerce.number().gt(0).max(1).default(0.75),
  CONSUMER_RENDER_QUEUE_QUOTA: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  // createRender calls one API process works on at once; the rest wait their turn without a database
  // connection, so an app's burst leaves room for designers' requests.
  CONSUMER_RENDER_CREATE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  // Which networks render webhooks may be sent to besides the public internet: none, loopback
  // (127.0.0.0/8, ::1) or private (loopback, RFC 1918, link-local, CGNAT, ULA). Embedded: loopback.
  WEBHOOK_ALLOW_NETWORKS: z.enum(['none', 'loopback', 'private']).optional(),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  // How often each API process settles finished renders and sends due webhooks (milliseconds).
  RENDER_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(500),
  // How long a CDN or an app may reuse a catalog answer fetched with GET (Cache-Control max-age).
  // Answers carry preview links valid for at least an hour from when the API made them, so this
  // stays far below that: at most 5 minutes, leaving a reused answer's links 55 minutes or more.
  CATALOG_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // The API's own short caches of catalog pages and answers; `off` only to measure the path
  // without them (the catalog bench).
  CATALOG_SERVER_CACHE: z.enum(['on', 'off']).default('on'),
  COMFY_CHECKPOINT_SDXL: z.string().min(1).default('sd_xl_base_1.0.safetensors'),
  COMFY_CHECKPOINT_SD15: z.string().min(1).default('v1-5-pruned-emaonly.safetensors'),
  COMFY_CONTROLNET_OPENPOSE_SDXL: z.string().min(1).default('controlnet-openpose-sdxl-1.0.safetensors'),
  COMFY_CONTROLNET_OPENPOSE_SD15: z.string().min(1).default('control_v11p_sd15_openpose.pth'),
  // The least memory (MiB) a box's largest GPU needs to be offered jobs of a base model (0: no minimum).
  COMFY_MIN_VRAM_MB_SD15: z.coerce.number().int().min(0).max(1_048_576).default(DEFAULT_MIN_VRAM_MB.sd15),
  COMFY_MIN_VRAM_MB_SDXL: z.coerce.number().int().min(0).max(1_048_576).default(DEFAULT_MIN_VRAM_MB.sdxl),
  // InstantID identity (SDXL only): its ip-adapter in models/instantid and its ControlNet in models/controlnet.
  COMFY_INSTANTID_MODEL_SDXL: z.string().min(1).default(INSTANTID_DEFAULT_FILES.model),
  COMFY_CONTROLNET_INSTANTID_SDXL: z.string().min(1).default(INSTANTID_DEFAULT_FILES.controlNet),
  // The SHA-256 of model files, for render recipes: `<file name>=<sha256>` pairs, comma-separated.
  COMFY_MODEL_SHA256: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const pairs: Record<string, string> = {};
      for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
        const match = /^(.+)=([0-9a-fA-F]{64})$/.exec(item);
        if (!match) {
          ctx.addIssue({ code: 'custom', message: `"${item}" is not <file name>=<64 hex digits>` });
          return z.NEVER;
        }
        pairs[match[1]!.trim()] = match[2]!.toLowerCase();
      }
      return pairs;
    }),
});

export interface ApiConfig {
  env: AtelierEnv;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  s3: { endpoint: string | undefined; publicEndpoint: string | undefined; accessKey: string; secretKey: string; region: string; bucket: string; idleTimeoutMs: number };
  database: { connectTimeoutMs: number; statementTimeoutMs: number; idleInTransactionTimeoutMs: number };
  jwt: { secret: string | undefined; ttlSeconds: number };
  admin: { email: string; password: string | undefined };
  reviewScoreBar: number;
  studioDist: string | undefined;
  dataDir: string;
  login: { maxAttempts: number; windowSeconds: number; maxLockSeconds: number };
  redis: { url: string | undefined; keyPrefix: string };
  // Consumer apps' requests per minute, per API key, when the key has no limit of its own.
  apiKeys: { rateLimitPerMinute: number };
  trustedProxies: string[];
  graphql: {
    maxDepth: number;
    maxComplexity: number;
    maxMutationsPerOperation: number;
    introspection: boolean;
    // Per WebSocket (graphql-ws): subscriptions at once, largest incoming message, credential re-check.
    ws: { maxSubscriptions: number; maxMessageBytes: number; reverifySeconds: number };
  };
  // Which renderer new preview jobs are for; workers lease only jobs of their own backend. The quota
  // is how many of one person's jobs may be queued or rendering at once.
  previews: { backend: 'comfyui' | 'draft'; leaseSeconds: number; queueQuota: { perUser: number; perAdmin: number } };
  // The currencies usage may be reported (and statements kept) in.
  ledger: { currencies: string[] };
  // How often the privacy sweep deletes the files of retired or consent-expired preview subjects.
  privacy: { sweepSeconds: number };
  // Consumer apps' end-user identities are deleted this long after their last render (by the sweep,
  // every privacy.sweepSeconds).
  identities: { retentionHours: number };
  // Hosted renders (CONSUMER class): see CONSUMER_RENDER_* and WEBHOOK_* above.
  renders: { consumerShare: number; queueQuotaPerApp: number; createConcurrency: number; webhookNetworks: 'none' | 'loopback' | 'private'; webhookTimeoutMs: number; pollMs: number };
  // Catalog answers read over GET: Cache-Control max-age; and whether the API keeps its own short
  // page and response caches.
  catalog: { cacheMaxAgeSeconds: number; serverCache: boolean };
  // GET /metrics: open, or only with this bearer token.
  metrics: { token: string | undefined };
  logs: { format: 'json' | 'pretty'; level: 'debug' | 'info' | 'warn' | 'error' };
  shutdown: { drainMs: number; timeoutMs: number };
  // Model files on the GPU boxes (ComfyUI's models/checkpoints, models/controlnet and models/instantid),
  // and the GPU memory a box's largest GPU needs per base model.
  comfy: {
    checkpoints: Record<'sd15' | 'sdxl', string>;
    openposeControlNets: Record<'sd15' | 'sdxl', string>;
    instantId: { model: string; controlNet: string };
    minVramMb: Record<'sd15' | 'sdxl', number>;
    /** SHA-256 of model files by file name, where the operator gave them (COMFY_MODEL_SHA256). */
    modelSha256: Readonly<Record<string, string>>;
  };
}

export class ApiConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Atelier cannot start, the configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

// Reads and validates the environment once; throws ApiConfigError listing every bad variable.
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ApiConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode: AtelierEnv = e.ATELIER_ENV ?? (e.DATABASE_URL ? 'production' : 'embedded');
  const problems: string[] = [];
  if (mode === 'production') {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production');
    if (!e.S3_ENDPOINT) problems.push('S3_ENDPOINT: required in production');
    if (!e.S3_ACCESS_KEY || !e.S3_SECRET_KEY) problems.push('S3_ACCESS_KEY/S3_SECRET_KEY: required in production');
    if (!e.JWT_SECRET) problems.push('JWT_SECRET: required in production (at least 32 characters)');
    if (!e.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD: required in production (at least 12 characters)');
  }
  if (problems.length) throw new ApiConfigError(problems);
  return {
    env: mode,
    port: e.PORT,
    // Embedded mode seeds well-known demo passwords: listen on this machine only unless told otherwise.
    host: e.HOST ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL,
    s3: {
      endpoint: e.S3_ENDPOINT,
      publicEndpoint: e.S3_PUBLIC_ENDPOINT,
      accessKey: e.S3_ACCESS_KEY ?? 'S3RVER',
      secretKey: e.S3_SECRET_KEY ?? 'S3RVER',
      region: e.S3_REGION,
      bucket: e.S3_BUCKET,
      idleTimeoutMs: e.S3_IDLE_TIMEOUT_MS,
    },
    database: { connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS },
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS },
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    reviewScoreBar: e.REVIEW_SCORE_BAR,
    studioDist: e.STUDIO_DIST,
    dataDir: e.ATELIER_DATA_DIR,
    login: { maxAttempts: e.LOGIN_MAX_ATTEMPTS, windowSeconds: e.LOGIN_WINDOW_SECONDS, maxLockSeconds: e.LOGIN_MAX_LOCK_SECONDS },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    apiKeys: { rateLimitPerMinute: e.API_KEY_RATE_LIMIT_PER_MINUTE },
    trustedProxies: e.TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean),
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxComplexity: e.GRAPHQL_MAX_COMPLEXITY,
      maxMutationsPerOperation: e.GRAPHQL_MAX_MUTATIONS_PER_OPERATION,
      introspection: (e.GRAPHQL_INTROSPECTION ?? (mode === 'production' ? 'off' : 'on')) === 'on',
      ws: { maxSubscriptions: e.GRAPHQL_WS_MAX_SUBSCRIPTIONS, maxMessageBytes: e.GRAPHQL_WS_MAX_MESSAGE_BYTES, reverifySeconds: e.GRAPHQL_WS_REVERIFY_SECONDS },
    },
    comfy: {
      checkpoints: { sdxl: e.COMFY_CHECKPOINT_SDXL, sd15: e.COMFY_CHECKPOINT_SD15 },
      openposeControlNets: { sdxl: e.COMFY_CONTROLNET_OPENPOSE_SDXL, sd15: e.COMFY_CONTROLNET_OPENPOSE_SD15 },
      minVramMb: { sdxl: e.COMFY_MIN_VRAM_MB_SDXL, sd15: e.COMFY_MIN_VRAM_MB_SD15 },
      instantId: { model: e.COMFY_INSTANTID_MODEL_SDXL, controlNet: e.COMFY_CONTROLNET_INSTANTID_SDXL },
      modelSha256: e.COMFY_MODEL_SHA256,
    },
    previews: {
      backend: e.PREVIEW_BACKEND ?? (mode === 'production' ? 'comfyui' : 'draft'),
      leaseSeconds: e.PREVIEW_LEASE_SECONDS,
      queueQuota: { perUser: e.PREVIEW_QUEUE_QUOTA_PER_USER, perAdmin: e.PREVIEW_QUEUE_QUOTA_PER_ADMIN ?? e.PREVIEW_QUEUE_QUOTA_PER_USER * 10 },
    },
    privacy: { sweepSeconds: e.PRIVACY_SWEEP_SECONDS },
    identities: { retentionHours: e.IDENTITY_RETENTION_HOURS },
    renders: {
      consumerShare: e.CONSUMER_RENDER_SHARE,
      queueQuotaPerApp: e.CONSUMER_RENDER_QUEUE_QUOTA,
      createConcurrency: e.CONSUMER_RENDER_CREATE_CONCURRENCY,
      webhookNetworks: e.WEBHOOK_ALLOW_NETWORKS ?? (mode === 'production' ? 'none' : 'loopback'),
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      pollMs: e.RENDER_POLL_MS,
    },
    catalog: { cacheMaxAgeSeconds: e.CATALOG_CACHE_MAX_AGE_SECONDS, serverCache: e.CATALOG_SERVER_CACHE === 'on' },
    metrics: { token: e.METRICS_TOKEN },
    logs: { format: e.LOG_FORMAT ?? (mode === 'production' ? 'json' : 'pretty'), level: e.LOG_LEVEL },
    shutdown: { drainMs: (e.SHUTDOWN_DRAIN_SECONDS ?? (mode === 'production' ? 5 : 0)) * 1000, timeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
    ledger: { currencies: e.USAGE_CURRENCIES },
  };
}

export const API_CONFIG = Symbol('API_CONFIG');
