import { Inject, Injectable, Logger, type NestMiddleware, type OnModuleDestroy } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { reasonError } from '../../common/app-error.js';
import { sendJsonRefusal } from '../../common/bare-http.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { MemoryRateStore, RedisRateStore, type RateStore } from './api-key-rate-limit.js';
import { ApiKeyService } from './api-key.service.js';

const PERIOD_MS = 60_000;
// A broken Redis is said in the log at most this often, not once per request.
const WARN_EVERY_MS = 10_000;

// Every request made with an API key counts against that key's limit (its own, or the default),
// before anything else answers it: GraphQL by POST or GET, and catalog answers served from cache.
// Over the limit: HTTP 429, `Retry-After` in seconds, and a GraphQL error RATE_LIMITED with its
// reason. A key that does not verify is let through: the normal path refuses it with the right
// error. When Redis cannot be reached the request is let through too (and logged): a limit that
// cannot be counted must not take the consumer apps down with it. A request step
// (common/request-steps.ts): the catalog lane runs it too, before Express.
@Injectable()
export class ApiKeyRateLimitMiddleware implements NestMiddleware, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyRateLimitMiddleware.name);
  private readonly store: RateStore;
  private lastWarning = 0;

  constructor(
    private readonly apiKeys: ApiKeyService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.store = config.redis.url ? new RedisRateStore(config.redis.url, `${config.redis.keyPrefix}api-key-rate:`) : new MemoryRateStore();
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const presented = req.headers['x-api-key'];
    if (typeof presented !== 'string' || !presented) return next();
    const key = await this.apiKeys.verify(presented).catch(() => null);
    if (!key) return next();
    const perMinute = key.rateLimitPerMinute ?? this.config.apiKeys.rateLimitPerMinute;
    let waitMs: number;
    try {
      waitMs = await this.store.consume(key.id, perMinute, PERIOD_MS);
    } catch (e) {
      this.warn(`Could not count a request of API key ${key.id} against its rate limit; let it through: ${e instanceof Error ? e.message : String(e)}`);
      return next();
    }
    if (waitMs <= 0) return next();
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const error = reasonError('RATE_LIMITED', 'apiKey.rateLimited', { perMinute, seconds }, { retryAfterSeconds: seconds });
    res.setHeader('Retry-After', String(seconds));
    sendJsonRefusal(req, res, 429, { errors: [{ message: error.userMessage, extensions: { ...error.details, code: error.code } }] });
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
