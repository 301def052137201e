import type { MigrationInterface, QueryRunner } from 'typeorm';

// A preview renders the face at one likeness (identity LoRA strength): the spec's default or its max,
// so reviewers see both ends of "more like me". The value is part of the render key, as is the face's
// render revision: a render of the face before an edit, or at the other end, is never reused for this one.
// Earlier jobs all rendered at their spec's default.
export class AddPreviewJobLikeness1765063800000 implements MigrationInterface {
  name = 'AddPreviewJobLikeness1765063800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN likeness_end text NOT NULL DEFAULT 'DEFAULT' CHECK (likeness_end IN ('DEFAULT', 'MAX'))`);
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN likeness double precision`);
    await q.query(
      `UPDATE preview_jobs j SET likeness = COALESCE(
         (SELECT (s.spec->'subject'->'likeness'->>'default')::double precision FROM preview_specs s WHERE s.spec_hash = j.spec_hash),
         (SELECT (v.spec->'subject'->'likeness'->>'default')::double precision FROM template_versions v WHERE v.id = j.version_id))`,
    );
    await q.query(`ALTER TABLE preview_jobs ALTER COLUMN likeness SET NOT NULL`);
    await q.query(`DROP INDEX preview_jobs_render_key`);
    await q.query(
      `CREATE UNIQUE INDEX preview_jobs_render_key ON preview_jobs (spec_hash, subject_id, subject_revision, seed, likeness, backend) WHERE state = 'SUCCEEDED' AND NOT cached`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX preview_jobs_render_key`);
    // One rendered result per old key again: later ones become answers from the earliest (their images stay).
    await q.query(
      `UPDATE preview_jobs j SET cached = true, source_job_id = (
         SELECT e.id FROM preview_jobs e WHERE e.state = 'SUCCEEDED' AND NOT e.cached AND (e.spec_hash, e.subject_id, e.seed, e.backend) = (j.spec_hash, j.subject_id, j.seed, j.backend)
          ORDER BY e.created_at, e.id LIMIT 1)
        WHERE j.state = 'SUCCEEDED' AND NOT j.cached AND EXISTS (
          SELECT 1 FROM preview_jobs e WHERE e.state = 'SUCCEEDED' AND NOT e.cached AND (e.spec_hash, e.subject_id, e.seed, e.backend) = (j.spec_hash, j.subject_id, j.seed, j.backend)
             AND (e.created_at, e.id) < (j.created_at, j.id))`,
    );
    await q.query(`CREATE UNIQUE INDEX preview_jobs_render_key ON preview_jobs (spec_hash, subject_id, seed, backend) WHERE state = 'SUCCEEDED' AND NOT cached`);
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN likeness`);
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN likeness_end`);
  }
}
