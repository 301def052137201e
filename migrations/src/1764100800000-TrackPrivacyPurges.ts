import type { MigrationInterface, QueryRunner } from 'typeorm';

// Privacy of preview subjects: when a subject is retired (retired_at) or their consent runs out, a
// sweep deletes their identity LoRA and every preview made from it. Stored objects are removed and
// their asset rows kept as DELETED (deleted_at); the jobs stay for history with removed_at set; the
// subject records when that happened (purged_at).
export class TrackPrivacyPurges1764100800000 implements MigrationInterface {
  name = 'TrackPrivacyPurges1764100800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_state_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_state_check CHECK (state IN ('PENDING','READY','REJECTED','DELETED'))`);
    await q.query(`ALTER TABLE assets ADD COLUMN deleted_at timestamptz(3)`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_deleted_at_check CHECK ((state = 'DELETED') = (deleted_at IS NOT NULL))`);
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN removed_at timestamptz(3)`);
    await q.query(`ALTER TABLE preview_subjects ADD COLUMN retired_at timestamptz(3), ADD COLUMN purged_at timestamptz(3)`);
    // The sweep looks for a withdrawn subject's jobs that are not removed yet.
    await q.query(`CREATE INDEX preview_jobs_unremoved_subject_idx ON preview_jobs (subject_id) WHERE removed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX preview_jobs_unremoved_subject_idx`);
    await q.query(`ALTER TABLE preview_subjects DROP COLUMN purged_at, DROP COLUMN retired_at`);
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN removed_at`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_deleted_at_check`);
    await q.query(`ALTER TABLE assets DROP COLUMN deleted_at`);
    // The old states have no DELETED: a deleted file is an unusable asset without an object, as a refused upload is.
    await q.query(`UPDATE assets SET state = 'REJECTED', rejection_reason = coalesce(rejection_reason, 'Deleted for privacy.') WHERE state = 'DELETED'`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_state_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_state_check CHECK (state IN ('PENDING','READY','REJECTED'))`);
  }
}
