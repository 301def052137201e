import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BUCKET_MINUTES, type StatusWindow } from './system-window.js';

export interface QueueBucketFigures {
  queueDepth: number;
  started: number;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  finished: number;
  failed: number;
}

export interface RequestBucketFigures {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  graphqlErrors: number;
}

const NO_REQUESTS: RequestBucketFigures = { requests: 0, clientErrors: 0, serverErrors: 0, graphqlErrors: 0 };

// The SQL of the system page: the preview queue's last hour rebuilt from preview_jobs' times, and the
// request counts every API process writes per minute.
@Injectable()
export class SystemStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per bucket: the jobs waiting at its end (at `now` for the running one), the jobs started in it
   * with their wait (started_at - available_at, what atelier_preview_lease_wait_seconds observes),
   * and the worker runs that ended in it.
   *
   * Waiting at a time t: created by t and neither started nor ended by t; or queued again (after an
   * expired lease, a release or a retryable failure) and available by t. A job keeps only its latest
   * start, so one that was leased, handed back and leased again counts as waiting across its first
   * run. Only jobs still waiting or running, or started or ended within the hour, are read (indexed).
   */
  async queueHistory(window: StatusWindow, now: Date): Promise<QueueBucketFigures[]> {
    const rows: Array<{ i: number; depth: number; started: number; p50: number | null; p90: number | null; finished: number; failed: number }> = await this.dataSource.query(
      `WITH buckets AS (
         SELECT i, $1::timestamptz + i * interval '${BUCKET_MINUTES} minutes' AS start_at, $1::timestamptz + (i + 1) * interval '${BUCKET_MINUTES} minutes' AS end_at,
                least($1::timestamptz + (i + 1) * interval '${BUCKET_MINUTES} minutes', $2::timestamptz) AS depth_at
           FROM generate_series(0, $3::int - 1) AS i
       ), jobs AS (
         SELECT state, created_at, available_at, started_at, finished_at FROM preview_jobs
          WHERE state IN ('QUEUED', 'LEASED') OR started_at >= $1 OR finished_at >= $1
       ), waits AS (
         SELECT started_at, extract(epoch FROM started_at - available_at)::float8 AS seconds FROM jobs
          WHERE started_at >= $1 AND started_at >= available_at
       )
       SELECT b.i,
         (SELECT count(*) FROM jobs j WHERE j.created_at <= b.depth_at AND (
            ((j.started_at IS NULL OR j.started_at > b.depth_at) AND (j.finished_at IS NULL OR j.finished_at > b.depth_at))
            OR (j.state = 'QUEUED' AND j.started_at <= b.depth_at AND j.available_at <= b.depth_at)))::int AS depth,
         (SELECT count(*) FROM waits w WHERE w.started_at >= b.start_at AND w.started_at < b.end_at)::int AS started,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY w.seconds) FROM waits w WHERE w.started_at >= b.start_at AND w.started_at < b.end_at) AS p50,
         (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY w.seconds) FROM waits w WHERE w.started_at >= b.start_at AND w.started_at < b.end_at) AS p90,
         (SELECT count(*) FROM jobs j WHERE j.started_at IS NOT NULL AND j.state IN ('SUCCEEDED', 'FAILED', 'DEAD') AND j.finished_at >= b.start_at AND j.finished_at < b.end_at)::int AS finished,
         (SELECT count(*) FROM jobs j WHERE j.started_at IS NOT NULL AND j.state IN ('FAILED', 'DEAD') AND j.finished_at >= b.start_at AND j.finished_at < b.end_at)::int AS failed
       FROM buckets b ORDER BY b.i`,
      [window.from, now, window.buckets.length],
    );
    return rows.map((r) => ({ queueDepth: r.depth, started: r.started, waitMedianSeconds: r.p50 === null ? null : Number(r.p50), waitP90Seconds: r.p90 === null ? null : Number(r.p90), finished: r.finished, failed: r.failed }));
  }

  /** Per bucket, the request counts of every API process summed; plus the hour's error codes and how many processes reported. */
  async requestHistory(window: StatusWindow): Promise<{ buckets: RequestBucketFigures[]; codes: Array<{ code: string; answers: number }>; processes: number }> {
    const params = [window.from, window.to];
    const [rows, codes, [processes]]: [
      Array<{ i: number; requests: number; client_errors: number; server_errors: number; graphql_errors: number }>,
      Array<{ code: string; answers: number }>,
      Array<{ n: number }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT floor(extract(epoch FROM minute - $1::timestamptz) / ${BUCKET_MINUTES * 60})::int AS i, sum(requests)::int AS requests, sum(client_errors)::int AS client_errors,
                sum(server_errors)::int AS server_errors, sum(graphql_errors)::int AS graphql_errors
           FROM request_counts WHERE minute >= $1 AND minute < $2 GROUP BY 1`,
        params,
      ),
      this.dataSource.query(
        `SELECT c.key AS code, sum(c.value::int)::int AS answers FROM request_counts r, jsonb_each_text(r.graphql_error_codes) c
          WHERE r.minute >= $1 AND r.minute < $2 GROUP BY c.key ORDER BY answers DESC, code`,
        params,
      ),
      this.dataSource.query(`SELECT count(DISTINCT process_id)::int AS n FROM request_counts WHERE minute >= $1 AND minute < $2`, params),
    ]);
    const byBucket = new Map(rows.map((r) => [r.i, { requests: r.requests, clientErrors: r.client_errors, serverErrors: r.server_errors, graphqlErrors: r.graphql_errors }]));
    return { buckets: window.buckets.map((_, i) => byBucket.get(i) ?? NO_REQUESTS), codes, processes: processes?.n ?? 0 };
  }

  /** Jobs waiting and rendering now (the atelier_preview_jobs gauge). */
  async queueNow(): Promise<{ queued: number; running: number }> {
    const [row]: Array<{ queued: number; running: number }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'QUEUED')::int AS queued, count(*) FILTER (WHERE state = 'LEASED')::int AS running FROM preview_jobs WHERE state IN ('QUEUED', 'LEASED')`,
    );
    return row!;
  }

  /** Workers with a valid token by backend, online when their last heartbeat is under a minute before `now` (atelier_workers_online). */
  async workers(now: Date): Promise<Array<{ backend: string; online: number; offline: number }>> {
    return this.dataSource.query(
      `SELECT w.backend, count(*) FILTER (WHERE w.last_heartbeat_at > $1::timestamptz - interval '60 seconds')::int AS online,
              count(*) FILTER (WHERE w.last_heartbeat_at <= $1::timestamptz - interval '60 seconds')::int AS offline
         FROM workers w JOIN worker_tokens t ON t.id = w.token_id
        WHERE t.revoked_at IS NULL GROUP BY w.backend ORDER BY w.backend`,
      [now],
    );
  }
}
