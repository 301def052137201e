import type { Logger } from '@nestjs/common';
import pg from 'pg';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
// A connection that died without a FIN is noticed by this ping rather than by the next NOTIFY.
const PING_EVERY_MS = 30_000;

export interface PgListenerOptions {
  connectionString: string;
  channel: string;
  // How the connection shows in pg_stat_activity.
  applicationName: string;
  logger: Pick<Logger, 'warn'>;
  onNotification(payload: string): void;
  // Listening again after a time without a connection (or for the first time): notifications sent
  // since `since` may have been missed.
  onListening(since: Date): void;
  // What the log says is missed while not listening ("preview job changes").
  describes: string;
}

// One dedicated connection that LISTENs on a channel, and comes back by itself: a lost connection
// is dropped and reopened with exponential backoff (and jitter, so many processes do not all knock
// at once after a database restart), and every return to listening is announced with the time from
// which notifications may have been missed.
export class PgListener {
  private client: pg.Client | null = null;
  private readonly retired = new WeakSet<pg.Client>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  // Since when notifications may have been missed (no connection was listening).
  private deafSince: Date | null = new Date();
  private stopped = false;

  constructor(private readonly options: PgListenerOptions) {}

  get isListening(): boolean {
    return this.client !== null;
  }

  // Resolves once listening, or once the first attempt failed (it then retries in the background).
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      this.retired.add(client);
      await client.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { connectionString, applicationName, channel } = this.options;
    const client = new pg.Client({ connectionString, application_name: applicationName, keepAlive: true, query_timeout: 10_000 });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) this.options.onNotification(message.payload);
    });
    client.on('error', (e) => this.onLost(client, e));
    client.on('end', () => this.onLost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
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
    if (since) this.options.onListening(since);
  }

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
    this.options.logger.warn(`Not listening for ${this.options.describes} (${reason}); reconnecting in ${delay} ms.`);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
