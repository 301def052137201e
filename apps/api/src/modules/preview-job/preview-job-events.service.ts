import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { PreviewJobState } from '@atelier/preview-job';
import { CoalescingStream, type StreamFailure } from '../../common/coalescing-stream.js';
import { PgListener } from '../../common/pg-listener.js';
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

const QUEUED_STATE = /"state"\s*:\s*"QUEUED"/;

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
  private readonly queuedWakers = new Set<() => void>();
  private readonly listener: PgListener;
  private stopped = false;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    // Reconnects by itself; every return to listening may have missed changes, so subscribers reload.
    this.listener = new PgListener({
      connectionString: config.databaseUrl!,
      channel: PREVIEW_JOB_CHANNEL,
      applicationName: PREVIEW_EVENTS_APPLICATION_NAME,
      logger: this.logger,
      describes: 'preview job changes',
      onNotification: (payload) => this.onNotification(payload),
      onListening: (since) => {
        if (this.listeners.size) this.broadcast({ kind: 'resync', since });
      },
    });
  }

  // Listening before the app serves; if the database is not reachable yet, retries in the background.
  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const stream of this.streams) stream.close();
    await this.listener.stop();
  }

  get isListening(): boolean {
    return this.listener.isListening;
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

  /**
   * Calls `wake` whenever a job becomes QUEUED (inserted or put back), in any API process: leases
   * waiting for work look again at once instead of at their next poll. Answers the unsubscribe.
   */
  onJobQueued(wake: () => void): () => void {
    this.queuedWakers.add(wake);
    return () => this.queuedWakers.delete(wake);
  }

  private onNotification(payload: string): void {
    // The payload is json_build_object's text: its state is read without parsing the rest.
    if (this.queuedWakers.size && QUEUED_STATE.test(payload)) for (const wake of this.queuedWakers) wake();
    if (!this.listeners.size) return;
    let change: PreviewJobChange;
    try {
      change = JSON.parse(payload) as PreviewJobChange;
    } catch {
      this.logger.warn(`Ignoring a malformed ${PREVIEW_JOB_CHANNEL} payload: ${payload.slice(0, 200)}`);
      return;
    }
    this.broadcast({ kind: 'changed', change });
  }
}
