import type { MigrationInterface, QueryRunner } from 'typeorm';

// A preview job renders the spec it was requested for, even after the draft was saved again (a
// draft's spec is overwritten in place). Specs are stored once per hash: immutable by content, so
// workers' lease payloads can be cached by hash. Existing jobs whose version still holds their spec
// get it copied; any other unfinished job can no longer be rendered faithfully and is cancelled.
export class SnapshotPreviewSpecs1764104400000 implements MigrationInterface {
  name = 'SnapshotPreviewSpecs1764104400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE preview_specs (
        spec_hash text PRIMARY KEY,
        spec jsonb NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO preview_specs (spec_hash, spec)
      SELECT DISTINCT ON (v.spec_hash) v.spec_hash, v.spec
      FROM template_versions v JOIN preview_jobs j ON j.version_id = v.id AND j.spec_hash = v.spec_hash
      ON CONFLICT DO NOTHING`);
    await q.query(`
      UPDATE preview_jobs j SET state = 'CANCELLED', finished_at = now(), lease_id = NULL, lease_expires_at = NULL, leased_by = NULL,
        last_error = 'The draft was saved again before this preview ran; request previews again.'
      WHERE j.state IN ('QUEUED', 'LEASED') AND NOT EXISTS (SELECT 1 FROM preview_specs s WHERE s.spec_hash = j.spec_hash)`);
    // Spec rows are content-addressed and never change.
    await q.query(`
      CREATE FUNCTION preview_specs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'preview_specs rows are immutable (spec_hash %)', OLD.spec_hash;
      END $$`);
    await q.query(`CREATE TRIGGER preview_specs_immutable BEFORE UPDATE ON preview_specs FOR EACH ROW EXECUTE FUNCTION preview_specs_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preview_specs`);
    await q.query(`DROP FUNCTION preview_specs_immutable()`);
  }
}
