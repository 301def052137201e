import type { MigrationInterface, QueryRunner } from 'typeorm';

// The cover image of a template version: one of its own finished previews, chosen by the designer
// while the version is a draft. Submitting freezes it with the rest of the version, so the frozen-
// version guard now also covers cover_preview_job_id. The catalog reads a page's previews by
// (template_id, spec_hash) in one query; the partial index keeps that to the usable renders.
const GUARD_WITHOUT_COVER = `
      CREATE OR REPLACE FUNCTION template_versions_guard_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.state <> 'DRAFT' THEN
            RAISE EXCEPTION 'template version % is frozen (%) and cannot be deleted', OLD.id, OLD.state
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.state <> 'DRAFT' AND (
             NEW.spec IS DISTINCT FROM OLD.spec OR NEW.spec_hash IS DISTINCT FROM OLD.spec_hash OR
             NEW.revision IS DISTINCT FROM OLD.revision OR NEW.number IS DISTINCT FROM OLD.number OR
             NEW.template_id IS DISTINCT FROM OLD.template_id OR NEW.author_id IS DISTINCT FROM OLD.author_id OR
             NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.state = 'DRAFT') THEN
          RAISE EXCEPTION 'template version % is frozen (%) and cannot be changed', OLD.id, OLD.state
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`;

const GUARD_WITH_COVER = GUARD_WITHOUT_COVER.replace(
  'NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.state',
  'NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.cover_preview_job_id IS DISTINCT FROM OLD.cover_preview_job_id OR\n             NEW.state',
);

export class AddVersionCovers1764111600000 implements MigrationInterface {
  name = 'AddVersionCovers1764111600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE template_versions ADD COLUMN cover_preview_job_id uuid REFERENCES preview_jobs(id)`);
    await q.query(GUARD_WITH_COVER);
    await q.query(`CREATE INDEX preview_jobs_usable_spec_idx ON preview_jobs (template_id, spec_hash) WHERE state = 'SUCCEEDED' AND removed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX preview_jobs_usable_spec_idx`);
    await q.query(GUARD_WITHOUT_COVER);
    await q.query(`ALTER TABLE template_versions DROP COLUMN cover_preview_job_id`);
  }
}
