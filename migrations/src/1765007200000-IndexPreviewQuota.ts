import type { MigrationInterface, QueryRunner } from 'typeorm';

// The preview queue quota counts a person's queued and rendering jobs on every requestPreviews:
// their batches by requester, then only the jobs still waiting (a small partial index).
export class IndexPreviewQuota1765007200000 implements MigrationInterface {
  name = 'IndexPreviewQuota1765007200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX preview_batches_requested_by_idx ON preview_batches (requested_by)`);
    await q.query(`CREATE INDEX preview_jobs_waiting_batch_idx ON preview_jobs (batch_id) WHERE state IN ('QUEUED', 'LEASED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX preview_jobs_waiting_batch_idx`);
    await q.query(`DROP INDEX preview_batches_requested_by_idx`);
  }
}
