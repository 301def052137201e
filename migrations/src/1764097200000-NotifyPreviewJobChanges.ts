import type { MigrationInterface, QueryRunner } from 'typeorm';

// Live preview updates across API instances: every change a viewer can see (state, progress, the
// output image, cached) is announced on the channel `preview_job_changed` with a small JSON payload;
// each API process LISTENs and fans out to its GraphQL subscribers
// (apps/api/src/modules/preview-job/preview-job-events.service.ts).
// Two triggers share one function because an INSERT trigger's WHEN may not mention OLD: the UPDATE
// one filters in its WHEN clause, so updates that change nothing visible (lease bookkeeping,
// heartbeats) never even call the function. The notification is sent on commit, so listeners only
// hear of committed rows.
export class NotifyPreviewJobChanges1764097200000 implements MigrationInterface {
  name = 'NotifyPreviewJobChanges1764097200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION preview_jobs_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('preview_job_changed', json_build_object(
          'id', NEW.id, 'batchId', NEW.batch_id, 'templateId', NEW.template_id, 'state', NEW.state, 'progress', NEW.progress
        )::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER preview_jobs_notify_insert AFTER INSERT ON preview_jobs FOR EACH ROW EXECUTE FUNCTION preview_jobs_notify_changed()`);
    await q.query(`
      CREATE TRIGGER preview_jobs_notify_update AFTER UPDATE ON preview_jobs FOR EACH ROW
        WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.progress IS DISTINCT FROM NEW.progress
          OR OLD.output_asset_id IS DISTINCT FROM NEW.output_asset_id OR OLD.cached IS DISTINCT FROM NEW.cached)
        EXECUTE FUNCTION preview_jobs_notify_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER preview_jobs_notify_update ON preview_jobs`);
    await q.query(`DROP TRIGGER preview_jobs_notify_insert ON preview_jobs`);
    await q.query(`DROP FUNCTION preview_jobs_notify_changed()`);
  }
}
