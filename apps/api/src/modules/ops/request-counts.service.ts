import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { MetricsService } from './metrics.service.js';

const FLUSH_MS = 15_000;
// The system page reads the last hour; two days leave room to look back at an incident.
export const REQUEST_COUNTS_KEPT_HOURS = 48;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Writes this process's request counts per minute (MetricsService.tally) into `request_counts`, one
 * row per minute and process, every 15 s and when the process stops; the system page sums every
 * process's rows. Each write upserts the minute's running total, so a repeated or retried write
 * changes nothing. Rows older than two days are pruned (by every process, at most every 10 minutes).
 */
@Injectable()
export class RequestCountsService implements OnModuleInit, OnModuleDestroy {
  /** This API process in `request_counts` (host, pid and a random part: one OS process may run several apps). */
  readonly processId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly logger = new Logger('RequestCounts');
  private timer: NodeJS.Timeout | undefined;
  private lastPrunedAt = 0;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch((e: unknown) => this.logger.warn(`could not write request counts: ${e instanceof Error ? e.message : String(e)}`)), FLUSH_MS);
    this.timer.unref();
  }

  // Runs before the pool closes (CoreModule, which owns it, is destroyed last): the last counts are kept.
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    if (this.dataSource.isInitialized) await this.flush().catch((e: unknown) => this.logger.warn(`could not write the last request counts: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Writes what was counted since the last write (one flush at a time), then prunes old rows when due. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const now = this.clock.now();
    const { rows, mark } = this.metrics.tally.unwritten();
    if (rows.length) {
      await this.dataSource.query(
        `INSERT INTO request_counts (minute, process_id, requests, client_errors, server_errors, graphql_errors, graphql_error_codes)
         SELECT r.minute, $1, r.requests, r.client_errors, r.server_errors, r.graphql_errors, r.graphql_error_codes
           FROM jsonb_to_recordset($2::jsonb) AS r(minute timestamptz, requests int, client_errors int, server_errors int, graphql_errors int, graphql_error_codes jsonb)
         ON CONFLICT (minute, process_id) DO UPDATE SET requests = EXCLUDED.requests, client_errors = EXCLUDED.client_errors, server_errors = EXCLUDED.server_errors,
           graphql_errors = EXCLUDED.graphql_errors, graphql_error_codes = EXCLUDED.graphql_error_codes, updated_at = now()`,
        [
          this.processId,
          JSON.stringify(
            rows.map((r) => ({ minute: r.minute.toISOString(), requests: r.requests, client_errors: r.clientErrors, server_errors: r.serverErrors, graphql_errors: r.graphqlErrors, graphql_error_codes: r.graphqlErrorCodes })),
          ),
        ],
      );
    }
    this.metrics.tally.written(mark, now);
    if (Math.abs(now.getTime() - this.lastPrunedAt) >= PRUNE_EVERY_MS) {
      await this.dataSource.query(`DELETE FROM request_counts WHERE minute < $1`, [new Date(now.getTime() - REQUEST_COUNTS_KEPT_HOURS * 3_600_000)]);
      this.lastPrunedAt = now.getTime();
    }
  }
}
