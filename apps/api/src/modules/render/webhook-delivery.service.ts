import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from '@atelier/atelier-client';
import { Clock } from '../../common/clock.js';
import { notFound, requireUuid } from '../../common/app-error.js';
import type { ApiKeyPrincipal } from '../../common/request-context.js';
import { runEvery, SingleFlight } from '../../common/periodic-task.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { StorageService } from '../asset/storage.service.js';
import { RENDER_IMAGE_URL_SECONDS } from './render.service.js';
import type { WebhookDeliveryObject } from './render.object.js';
import { nextWebhookAttemptAt } from './webhook-schedule.js';
import { guardedLookup, parseWebhookUrl } from './webhook-target.js';

// Deliveries sent at once per process per pass.
const DELIVERY_BATCH = 20;
// A claimed delivery is not claimed by another process for this long (a process that died mid-send
// leaves it to be tried again then).
const CLAIM_SECONDS = 120;
// Bytes of the app's answer read (and kept in the attempt's error): enough to say why.
const MAX_RESPONSE_BYTES = 2048;

interface DueDelivery {
  id: string;
  render_id: string;
  type: 'render.succeeded' | 'render.failed';
  url: string;
  attempts: number;
  created_at: Date;
  state: string;
  error: string | null;
  output_key: string | null;
  image_removed_at: Date | null;
  webhook_secret: string | null;
}

/** The JSON a render webhook carries; `id` is the delivery's, the same in every attempt. */
export interface RenderWebhookBody {
  id: string;
  type: 'render.succeeded' | 'render.failed';
  renderId: string;
  state: 'SUCCEEDED' | 'FAILED';
  imageUrl: string | null;
  error: string | null;
  createdAt: string;
}

interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

// Sends render webhooks: POST JSON signed with the render's API key's webhook secret
// (X-Atelier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">), to addresses the
// deployment allows (checked on the address connected to), no redirects followed. A 2xx answer
// delivers it; anything else is tried again with backoff for a day (webhook-schedule.ts). Every
// attempt is kept for webhookDeliveries(renderId). Logs name delivery ids, never URLs' answers or images.
@Injectable()
export class WebhookDeliveryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly passes = new SingleFlight<number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onModuleInit(): void {
    this.timer = runEvery(this.config.renders.pollMs, () => this.deliverDue(), this.logger, 'Webhook deliveries');
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Sends every delivery due now (at the clock's time); answers how many were attempted. One pass at a time per process. */
  deliverDue(): Promise<number> {
    return this.passes.run(() => this.deliverOnce());
  }

  private async deliverOnce(): Promise<number> {
    const now = this.clock.now();
    const due: DueDelivery[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE webhook_deliveries d SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
          WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE state = 'PENDING' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING d.*
       )
       SELECT c.id, c.render_id, c.type, c.url, c.attempts, c.created_at, r.state, r.error, r.image_removed_at, k.webhook_secret,
              (SELECT a.object_key FROM preview_jobs j JOIN assets a ON a.id = j.output_asset_id WHERE j.render_id = r.id) AS output_key
         FROM claimed c JOIN renders r ON r.id = c.render_id JOIN api_keys k ON k.id = r.api_key_id`,
      [now, DELIVERY_BATCH, CLAIM_SECONDS],
    );
    await Promise.all(due.map((d) => this.attempt(d, now)));
    return due.length;
  }

  private async attempt(delivery: DueDelivery, now: Date): Promise<void> {
    const body: RenderWebhookBody = {
      id: delivery.id,
      type: delivery.type,
      renderId: delivery.render_id,
      state: delivery.type === 'render.succeeded' ? 'SUCCEEDED' : 'FAILED',
      // A fresh link at every attempt, so a late delivery still carries one that works.
      imageUrl: delivery.type === 'render.succeeded' && delivery.output_key && !delivery.image_removed_at ? await this.storage.presignGet(delivery.output_key, RENDER_IMAGE_URL_SECONDS) : null,
      error: delivery.type === 'render.failed' ? delivery.error : null,
      createdAt: new Date(delivery.created_at).toISOString(),
    };
    const raw = JSON.stringify(body);
    const outcome = delivery.webhook_secret
      ? await this.post(delivery.url, raw, signWebhookBody(delivery.webhook_secret, raw, Math.floor(now.getTime() / 1000)))
      : { statusCode: null, error: 'The API key has no webhook secret to sign with.', durationMs: 0 };
    const attempt = delivery.attempts + 1;
    const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const next = delivered ? null : nextWebhookAttemptAt(new Date(delivery.created_at), attempt, now);
    const state = delivered ? 'DELIVERED' : next ? 'PENDING' : 'FAILED';
    await this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
        delivery.id,
        attempt,
        now,
        outcome.statusCode,
        outcome.error,
        outcome.durationMs,
      ]);
      await m.query(`UPDATE webhook_deliveries SET attempts = $2, state = $3, next_attempt_at = $4, finished_at = CASE WHEN $3 = 'PENDING' THEN NULL ELSE $5::timestamptz END WHERE id = $1`, [
        delivery.id,
        attempt,
        state,
        next,
        now,
      ]);
    });
    if (state === 'FAILED') this.logger.warn(`Webhook delivery ${delivery.id} given up after ${attempt} attempts`);
  }

  // One POST, no redirects, a timeout for the whole exchange; the address connected to must be allowed.
  private post(rawUrl: string, body: string, signature: string): Promise<AttemptOutcome> {
    const started = Date.now();
    const done = (statusCode: number | null, error: string | null): AttemptOutcome => ({ statusCode, error, durationMs: Date.now() - started });
    const url = parseWebhookUrl(rawUrl);
    if (!url) return Promise.resolve(done(null, 'The webhook URL is not an http(s) URL.'));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const req = send(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Atelier-Webhooks/1', [WEBHOOK_SIGNATURE_HEADER]: signature },
          lookup: guardedLookup(this.config.renders.webhookNetworks) as never,
          timeout: this.config.renders.webhookTimeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => {
            const status = res.statusCode ?? null;
            const ok = status !== null && status >= 200 && status < 300;
            resolve(done(status, ok ? null : `HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
          });
          res.on('error', (e) => resolve(done(res.statusCode ?? null, e.message)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.config.renders.webhookTimeoutMs / 1000} s`)));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(done(null, e.code === 'EWEBHOOKADDRESS' ? 'The webhook host resolves to an address webhooks are not sent to.' : e.message)));
      req.end(body);
    });
  }

  /** A render's webhook deliveries with every attempt (the app's own renders only). */
  async deliveriesOf(app: ApiKeyPrincipal, renderId: string): Promise<WebhookDeliveryObject[]> {
    const id = requireUuid(renderId, 'Render');
    const [owned] = (await this.dataSource.query(`SELECT 1 FROM renders WHERE id = $1 AND consumer_app_id = $2`, [id, app.consumerAppId])) as unknown[];
    if (!owned) throw notFound('Render', renderId);
    const rows: Array<{ id: string; type: string; url: string; state: string; attempts: number; next_attempt_at: Date | null; created_at: Date; log: Array<{ attempt: number; attempted_at: string; status_code: number | null; error: string | null; duration_ms: number }> }> =
      await this.dataSource.query(
        `SELECT d.id, d.type, d.url, d.state, d.attempts, d.next_attempt_at, d.created_at,
                coalesce((SELECT json_agg(a ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS log
           FROM webhook_deliveries d WHERE d.render_id = $1 ORDER BY d.created_at`,
        [id],
      );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      url: r.url,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      attemptLog: r.log.map((a) => ({ attempt: a.attempt, attemptedAt: new Date(a.attempted_at), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
    }));
  }
}
