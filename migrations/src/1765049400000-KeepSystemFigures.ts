import type { MigrationInterface, QueryRunner } from 'typeorm';

// What the admins' system page reads. `request_counts`: every API process writes its own request
// counts per minute (one row per minute and process, rewritten with the minute's running totals
// every ~15 s), so the page shows the whole system however many processes a balancer spreads
// requests over; rows older than 48 hours are pruned by the processes themselves. The two indexes
// let the page read the last hour of the preview queue (jobs that started or finished since)
// without scanning every job ever rendered.
export class KeepSystemFigures1765049400000 implements MigrationInterface {
  name = 'KeepSystemFigures1765049400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_counts (
        minute timestamptz(0) NOT NULL,
        process_id text NOT NULL,
        requests integer NOT NULL CHECK (requests >= 0),
        client_errors integer NOT NULL CHECK (client_errors >= 0),
        server_errors integer NOT NULL CHECK (server_errors >= 0),
        graphql_errors integer NOT NULL CHECK (graphql_errors >= 0),
        graphql_error_codes jsonb NOT NULL DEFAULT '{}',
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (minute, process_id)
      )`);
    await q.query(`CREATE INDEX preview_jobs_started_at_idx ON preview_jobs (started_at) WHERE started_at IS NOT NULL`);
    await q.query(`CREATE INDEX preview_jobs_finished_at_idx ON preview_jobs (finished_at) WHERE finished_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX preview_jobs_finished_at_idx`);
    await q.query(`DROP INDEX preview_jobs_started_at_idx`);
    await q.query(`DROP TABLE request_counts`);
  }
}
