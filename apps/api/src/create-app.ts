import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import type { ApiConfig } from './config/api-config.js';
import { securityHeaders } from './common/security-headers.js';
import { requestIds } from './common/request-id.js';
import { GRAPHQL_PATH } from './common/graphql-ws-options.js';
import { requestLogs } from './common/json-logs.js';
import { resumeHandOnError, unlessRanBeforeExpress, type RequestStep } from './common/request-steps.js';
import { putCatalogLaneInFront } from './modules/catalog/catalog-lane.js';
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
  // The client address (sign-in limits, audit) comes from X-Forwarded-For only through these proxies.
  app.set('trust proxy', config.trustedProxies);
  // Browsers reach storage directly (presigned uploads, preview images): the CSP allows its origin.
  const storageOrigins = [config.s3.publicEndpoint, config.s3.endpoint].filter((u): u is string => Boolean(u)).map((u) => new URL(u).origin);

  // What every request goes through before its route, in this order. These are request steps
  // (common/request-steps.ts): the catalog lane below runs them too, and Express passes over what
  // it already ran. (The body parsers do that by themselves: they leave a read body alone.)
  const jsonBody = express.json({ limit: '2mb' });
  const front: RequestStep[] = [requestIds(), securityHeaders({ storageOrigins, hsts: config.env === 'production' }), httpMetrics(app.get(MetricsService))];
  // Before every other handler of /graphql (the catalog's response cache included), so that every
  // request made with an API key counts against its rate limit.
  const apiKeyRateLimit = app.get(ApiKeyRateLimitMiddleware);
  const rateLimit: RequestStep = (req, res, next) => void apiKeyRateLimit.use(req, res, next).catch(next);
  const requestLog = json ? [requestLogs(config, opts.logDestination)] : [];
  app.use(resumeHandOnError());
  app.use(jsonBody);
  for (const step of front) app.use(unlessRanBeforeExpress(step));
  app.use(GRAPHQL_PATH, unlessRanBeforeExpress(rateLimit));
  app.use(express.urlencoded({ extended: true }));
  // After the body parsers, where nestjs-pino's middleware ran: what they refuse is not logged, as before.
  for (const step of requestLog) app.use(unlessRanBeforeExpress(step));
  // Consumer apps' catalog reads: the same steps, then CatalogReadMiddleware, without Express.
  putCatalogLaneInFront(app, [jsonBody, ...front, rateLimit, ...requestLog]);
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
