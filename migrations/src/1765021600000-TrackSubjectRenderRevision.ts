import type { MigrationInterface, QueryRunner } from 'typeorm';

// A face's gender, age and identity LoRAs go into its renders. Changing one of them raises the face's
// render revision; a preview made at an earlier revision is not reused as the answer for a new request.
export class TrackSubjectRenderRevision1765021600000 implements MigrationInterface {
  name = 'TrackSubjectRenderRevision1765021600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_subjects ADD COLUMN render_revision integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN subject_revision integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN subject_revision`);
    await q.query(`ALTER TABLE preview_subjects DROP COLUMN render_revision`);
  }
}
