import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { PgListener } from './pg-listener.js';

// The channel every API process LISTENs on for the others' cache invalidations.
export const CLUSTER_CHANNEL = 'atelier_cluster';
// How the listening connection shows in pg_stat_activity.
export const CLUSTER_EVENTS_APPLICATION_NAME = 'atelier-cluster-events';

// Something committed that other API processes may hold a stale copy of.
export type ClusterEvent =
  // Catalog answers may have changed (publish, unpublish, rollback, a face retired).
  | { topic: 'catalog' }
  // A credential was revoked or changed (an API key's rate limit, say).
  | { topic: 'credential'; credential: 'apiKey' | 'workerToken'; id: string }
  // A template's revenue agreements changed.
  | { topic: 'agreements'; templateId: string }
  // A LoRA's name or trigger words changed.
  | { topic: 'lora'; id: string };

export type ClusterTopic = ClusterEvent['topic'];
export type ClusterEventOf<T extends ClusterTopic> = Extract<ClusterEvent, { topic: T }>;

export interface ClusterSubscriber<T extends ClusterTopic> {
  // One event, from this process (at once) or from another (when its NOTIFY arrives).
  apply(event: ClusterEventOf<T>): void;
  // Events may have been missed (the listening connection was lost): forget everything.
  resync(): void;
}

const TOPICS: ReadonlySet<string> = new Set<ClusterTopic>(['catalog', 'credential', 'agreements', 'lora']);

// Keeps the API processes behind a load balancer in agreement about what they cache. A change is
// published after its transaction committed: this process's subscribers apply it at once, and a
// NOTIFY carries it to every other process, whose one dedicated LISTEN connection hands it to
// theirs. When that connection was lost, notifications may have been missed, so on its return
// every subscriber forgets everything it holds. Caches keep their short lifetimes as a backstop
// (a process that committed and died before its NOTIFY, a NOTIFY that failed).
@Injectable()
export class ClusterEventsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClusterEventsService.name);
  // Tells this instance's own notifications apart (they were applied when published).
  private readonly origin = randomUUID();
  private readonly subscribers = new Map<ClusterTopic, Set<ClusterSubscriber<ClusterTopic>>>();
  private readonly listener: PgListener;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly dataSource: DataSource,
  ) {
    this.listener = new PgListener({
      connectionString: config.databaseUrl!,
      channel: CLUSTER_CHANNEL,
      applicationName: CLUSTER_EVENTS_APPLICATION_NAME,
      logger: this.logger,
      describes: 'other API processes’ cache invalidations',
      onNotification: (payload) => this.onNotification(payload),
      onListening: () => this.resyncAll(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
  }

  get isListening(): boolean {
    return this.listener.isListening;
  }

  subscribe<T extends ClusterTopic>(topic: T, subscriber: ClusterSubscriber<T>): () => void {
    const set = this.subscribers.get(topic) ?? new Set();
    this.subscribers.set(topic, set);
    set.add(subscriber as unknown as ClusterSubscriber<ClusterTopic>);
    return () => set.delete(subscriber as unknown as ClusterSubscriber<ClusterTopic>);
  }

  // Call after the change committed. Never throws: the change is made, and a process that misses
  // the notification still drops its copy when that expires.
  async publish(event: ClusterEvent): Promise<void> {
    this.deliver(event);
    try {
      await this.dataSource.query(`SELECT pg_notify($1, $2)`, [CLUSTER_CHANNEL, JSON.stringify({ origin: this.origin, event })]);
    } catch (e) {
      this.logger.warn(`Could not tell other API processes about a ${event.topic} change: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onNotification(payload: string): void {
    let message: { origin?: unknown; event?: { topic?: unknown } };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      this.logger.warn(`Ignoring a malformed ${CLUSTER_CHANNEL} payload: ${payload.slice(0, 200)}`);
      return;
    }
    if (message.origin === this.origin) return;
    if (typeof message.event?.topic !== 'string' || !TOPICS.has(message.event.topic)) {
      // A newer process may announce topics this one does not know yet: nothing here caches them.
      return;
    }
    this.deliver(message.event as ClusterEvent);
  }

  private deliver(event: ClusterEvent): void {
    for (const subscriber of this.subscribers.get(event.topic) ?? []) {
      try {
        subscriber.apply(event);
      } catch (e) {
        this.logger.error(`A ${event.topic} subscriber failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
  }

  private resyncAll(): void {
    for (const set of this.subscribers.values()) {
      for (const subscriber of set) {
        try {
          subscriber.resync();
        } catch (e) {
          this.logger.error(`A subscriber failed to resync: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }
      }
    }
  }
}
