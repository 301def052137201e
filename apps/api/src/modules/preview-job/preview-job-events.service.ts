import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import type { PreviewJobState } from '@atelier/preview-job';
import { CoalescingStream, type StreamFailure } from '../../common/coalescing-stream.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';

// The channel the preview_jobs triggers notify on (migration NotifyPreviewJobChanges1764097200000).
export const PREVIEW_JOB_CHANNEL = 'preview_job_changed';
// How the listening connection shows in pg_stat_activity.
export const PREVIEW_EVENTS_APPLICATION_NAME = 'atelier-preview-events';

export interface PreviewJobChange {
  id: string;
  batchId: string;
  templateId: string;
  state: PreviewJobState;
  progress: number;
}

// What subscribers hear: one job changed; or the listening connection was lost and is back, so
// changes since `since` may have been missed and every subscriber reloads.
export type PreviewJobSignal = { kind: 'changed'; change: PreviewJobChange } | { kind: 'resync'; since: Date };

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
// A connection that died without a FIN is noticed by this ping rather than by the next NOTIFY.
const PING_EVERY_MS = 30_000;
// At most one reload per subscription in this time: a worker reporting progress many times a second
// costs each subscriber a few reloads a second, not one per report.
const MIN_RELOAD_INTERVAL_MS = 200;

// Live preview updates for GraphQL subscriptions, across API instances: one dedicated connection per
// process LISTENs to what the preview_jobs triggers announce (any instance's writes, the workers'
// reports included), and fans each change out in-process to the subscriptions it concerns.
@Injectable()
export class PreviewJobEventsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PreviewJobEventsService.name);
  private readonly listeners = new Set<(signal: PreviewJobSignal) => void>();
  private readonly streams = new Set<CoalescingStream<unknown>>();
  private client: pg.Client | null = null;
  private readonly retired = new WeakSet<pg.Client>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  // Since when changes may have been missed (no connection was listening).
  private deafSince: Date | null = new Date();
  private stopped = false;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  // Listening before the app serves; if the database is not reachable yet, retries in the background.
  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const stream of this.streams) stream.close();
    const client = this.client;
    this.client = null;
    if (client) {
      this.retired.add(client);
      await client.end().catch(() => undefined);
    }
  }

  get isListening(): boolean {
    return this.client !== null;
  }

  // Open subscriptions in this process.
  get subscriptionCount(): number {
    return this.streams.size;
  }

  // The batch now, then again after every change to one of its jobs.
  watchBatch<T>(batchId: string, load: () => Promise<T>): AsyncIterableIterator<T | StreamFailure> {
    return this.watch({ loadAtStart: true, load: async () => [await load()] }, (signal, stream) => {
      if (signal.kind === 'resync' || signal.change.batchId === batchId) stream.wake();
    });
  }

  // Each changed job of the template, loaded fresh; several changes of one job in a burst give one
  // value. After a lost connection `missedSince` asks for whatever may have changed since then.
  watchTemplate<T>(templateId: string, load: (jobIds: string[], missedSince: Date | null) => Promise<T[]>): AsyncIterableIterator<T | StreamFailure> {
    const changed = new Set<string>();
    let missedSince: Date | null = null;
    return this.watch(
      {
        loadAtStart: false,
        load: () => {
          const ids = [...changed];
          const since = missedSince;
          changed.clear();
          missedSince = null;
          return load(ids, since);
        },
      },
      (signal, stream) => {
        if (signal.kind === 'resync') missedSince = missedSince && missedSince < signal.since ? missedSince : signal.since;
        else if (signal.change.templateId === templateId) changed.add(signal.change.id);
        else return;
        stream.wake();
      },
    );
  }

  private watch<T>(spec: { loadAtStart: boolean; load: () => Promise<T[]> }, onSignal: (signal: PreviewJobSignal, stream: CoalescingStream<T>) => void): AsyncIterableIterator<T | StreamFailure> {
    // Listening starts before the first load, so a change committed meanwhile is not lost.
    const listener = (signal: PreviewJobSignal) => onSignal(signal, stream);
    const stream: CoalescingStream<T> = new CoalescingStream<T>({
      ...spec,
      minIntervalMs: MIN_RELOAD_INTERVAL_MS,
      onClose: () => {
        this.listeners.delete(listener);
        this.streams.delete(stream as CoalescingStream<unknown>);
      },
    });
    this.listeners.add(listener);
    this.streams.add(stream as CoalescingStream<unknown>);
    if (this.stopped) stream.close();
    return stream;
  }

  private broadcast(signal: PreviewJobSignal): void {
    for (const listener of this.listeners) listener(signal);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: PREVIEW_EVENTS_APPLICATION_NAME, keepAlive: true, query_timeout: 10_000 });
    client.on('notification', (message) => this.onNotification(message));
    client.on('error', (e) => this.onLost(client, e));
    client.on('end', () => this.onLost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PREVIEW_JOB_CHANNEL}`);
    } catch (e) {
      this.onLost(client, e);
      return;
    }
    if (this.stopped || this.retired.has(client)) {
      this.retired.add(client);
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.pingTimer = setInterval(() => void client.query('SELECT 1').catch((e: unknown) => this.onLost(client, e)), PING_EVERY_MS);
    this.pingTimer.unref();
    const since = this.deafSince;
    this.deafSince = null;
    if (since && this.listeners.size) this.broadcast({ kind: 'resync', since });
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== PREVIEW_JOB_CHANNEL || !this.listeners.size || !message.payload) return;
    let change: PreviewJobChange;
    try {
      change = JSON.parse(message.payload) as PreviewJobChange;
    } catch {
      this.logger.warn(`Ignoring a malformed ${PREVIEW_JOB_CHANNEL} payload: ${message.payload.slice(0, 200)}`);
      return;
    }
    this.broadcast({ kind: 'changed', change });
  }

  // The connection failed or ended: drop it and reconnect with exponential backoff (and jitter, so
  // many instances do not all knock at once after a database restart).
  private onLost(client: pg.Client, error?: unknown): void {
    if (this.retired.has(client)) return;
    this.retired.add(client);
    client.removeAllListeners('notification');
    // A retired client may still report errors while closing; they are expected now.
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.client === client) {
      this.client = null;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
    if (this.stopped) return;
    this.deafSince ??= new Date();
    const backoff = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures++);
    const delay = Math.round(backoff / 2 + Math.random() * (backoff / 2));
    const reason = error instanceof Error ? error.message : 'connection ended';
    this.logger.warn(`Not listening for preview job changes (${reason}); reconnecting in ${delay} ms.`);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
