import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import type { ApiConfig } from './config/api-config.js';
import { securityHeaders } from './common/security-headers.js';
import { requestIds } from './common/request-id.js';
import { GRAPHQL_PATH } from './common/graphql-ws-options.js';
import { ApiKeyRateLimitMiddleware } from './modules/api-key/api-key-rate-limit.middleware.js';
import { StorageService } from './modules/asset/storage.service.js';
import { httpMetrics } from './modules/ops/http-metrics.middleware.js';
import { MetricsService } from './modules/ops/metrics.service.js';

const API_PREFIXES = ['/graphql', '/v1', '/schemas', '/healthz', '/readyz', '/metrics'];

// Builds the whole API (GraphQL, /v1, schemas, the built studio) without listening.
export async function createAtelierApp(config: ApiConfig, opts: { logger?: LogLevel[] | false; clock?: Clock; logDestination?: DestinationStream } = {}): Promise<NestExpressApplication> {
  const json = config.logs.format === 'json';
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts.clock, opts.logDestination), {
    // JSON: Nest's own lines wait for the pino logger, so every line is JSON.
    ...(json ? { bufferLogs: true } : { logger: opts.logger ?? (config.env === 'test' ? ['error'] : ['log', 'warn', 'error']) }),
    bodyParser: true,
  });
  if (json) {
    // Hand what Nest held back to pino now rather than at listen(): a start-up failure after this
    // point (storage unreachable, say) must reach the log before the process exits.
    app.useLogger(app.get(PinoLogger));
    app.flushLogs();
  }
  app.useBodyParser('json', { limit: '2mb' });
  // The client address (sign-in limits, audit) comes from X-Forwarded-For only through these proxies.
  app.set('trust proxy', config.trustedProxies);
  // Browsers reach storage directly (presigned uploads, preview images): the CSP allows its origin.
  const storageOrigins = [config.s3.publicEndpoint, config.s3.endpoint].filter((u): u is string => Boolean(u)).map((u) => new URL(u).origin);
  app.use(requestIds());
  app.use(securityHeaders({ storageOrigins, hsts: config.env === 'production' }));
  app.use(httpMetrics(app.get(MetricsService)));
  // Before every other handler of /graphql (the catalog's response cache included), so that every
  // request made with an API key counts against its rate limit.
  const apiKeyRateLimit = app.get(ApiKeyRateLimitMiddleware);
  app.use(GRAPHQL_PATH, (req: Request, res: Response, next: NextFunction) => void apiKeyRateLimit.use(req, res, next).catch(next));
  await app.get(StorageService).ensureBucket();

  const studioDist = resolve(config.studioDist ?? 'apps/studio/dist');
  if (existsSync(join(studioDist, 'index.html'))) {
    app.useStaticAssets(studioDist, { index: false, maxAge: '1h' });
    // The studio is a single-page app: any other GET that is not an API path gets index.html.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path.startsWith(p))) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(studioDist, 'index.html'));
    });
  } else if (config.env !== 'test') {
    new Logger('Studio').warn(`No built studio at ${studioDist}; run \`npm run build\` to serve it at /.`);
  }
  return app;
}
