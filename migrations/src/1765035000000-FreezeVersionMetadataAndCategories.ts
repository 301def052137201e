import type { MigrationInterface, QueryRunner } from 'typeorm';

// Template metadata belongs to the version: title, description, category and tags are copied into a
// version when it is submitted and frozen with it, so what a reviewer approved is what the catalog
// shows (the template's own columns are the working copy designers edit). Versions submitted before
// this get the template's metadata as it is now. Categories become a list admins keep: a stable key
// (what templates, versions and the catalog store), an English and a Chinese name, an order, and an
// archived mark (no new template picks an archived category; those already in it keep it). The free-
// text categories already in use become keys of that list.
const FROZEN_COLUMNS = 'NEW.cover_preview_job_id IS DISTINCT FROM OLD.cover_preview_job_id OR';
const GUARDED_METADATA =
  'NEW.cover_preview_job_id IS DISTINCT FROM OLD.cover_preview_job_id OR\n' +
  '             NEW.title IS DISTINCT FROM OLD.title OR NEW.description IS DISTINCT FROM OLD.description OR\n' +
  '             NEW.category IS DISTINCT FROM OLD.category OR NEW.tags IS DISTINCT FROM OLD.tags OR';

async function guardSource(q: QueryRunner): Promise<string> {
  const rows: Array<{ src: string }> = await q.query(`SELECT pg_get_functiondef('template_versions_guard_frozen'::regproc) AS src`);
  return rows[0]!.src;
}

export class FreezeVersionMetadataAndCategories1765035000000 implements MigrationInterface {
  name = 'FreezeVersionMetadataAndCategories1765035000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_categories (
        key text PRIMARY KEY CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        name_zh text NOT NULL DEFAULT '' CHECK (length(name_zh) <= 60),
        position integer NOT NULL DEFAULT 0,
        archived_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Free text -> key: lower case, runs of anything else become '-', at most 40 characters.
    const toKey = (col: string) => `left(trim(both '-' from regexp_replace(lower(${col}), '[^a-z0-9]+', '-', 'g')), 40)`;
    await q.query(`
      INSERT INTO template_categories (key, name, position)
      SELECT key, left(min(category), 60), (row_number() OVER (ORDER BY key))::int
        FROM (SELECT ${toKey('trim(category)')} AS key, trim(category) AS category FROM templates WHERE category IS NOT NULL) named
       WHERE key <> '' GROUP BY key`);
    await q.query(`UPDATE templates SET category = NULLIF(${toKey('trim(category)')}, '') WHERE category IS NOT NULL`);

    await q.query(`ALTER TABLE template_versions ADD COLUMN title text, ADD COLUMN description text, ADD COLUMN category text, ADD COLUMN tags text[]`);
    // Backfilling frozen rows is the one change the guard must let through, once.
    await q.query(`ALTER TABLE template_versions DISABLE TRIGGER template_versions_frozen`);
    await q.query(`
      UPDATE template_versions v SET title = t.title, description = t.description, category = t.category, tags = t.tags
        FROM templates t WHERE t.id = v.template_id AND v.state <> 'DRAFT'`);
    await q.query(`ALTER TABLE template_versions ENABLE TRIGGER template_versions_frozen`);
    await q.query(`ALTER TABLE template_versions ADD CONSTRAINT template_versions_frozen_metadata CHECK (state = 'DRAFT' OR (title IS NOT NULL AND description IS NOT NULL AND tags IS NOT NULL))`);
    const guard = await guardSource(q);
    if (!guard.includes(FROZEN_COLUMNS)) throw new Error('template_versions_guard_frozen is not the one this migration expects');
    await q.query(guard.replace(FROZEN_COLUMNS, GUARDED_METADATA));
    // The catalog filters published versions by tag and category.
    await q.query(`CREATE INDEX template_versions_published_tags_idx ON template_versions USING gin (tags) WHERE state = 'PUBLISHED'`);
    await q.query(`CREATE INDEX template_versions_published_category_idx ON template_versions (category) WHERE state = 'PUBLISHED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX template_versions_published_category_idx`);
    await q.query(`DROP INDEX template_versions_published_tags_idx`);
    await q.query((await guardSource(q)).replace(GUARDED_METADATA, FROZEN_COLUMNS));
    await q.query(`ALTER TABLE template_versions DROP CONSTRAINT template_versions_frozen_metadata`);
    await q.query(`ALTER TABLE template_versions DROP COLUMN title, DROP COLUMN description, DROP COLUMN category, DROP COLUMN tags`);
    await q.query(`DROP TABLE template_categories`);
  }
}
