import type { MigrationInterface, QueryRunner } from 'typeorm';

// Consumer apps render on the GPU pool (issue 15). A render is a row of `renders` (the app's request:
// version, identity, likeness, slots, seed, webhook, price) and one preview job in the CONSUMER class
// that does the GPU work: such a job has no preview batch and no preview subject, only its render and
// its app (the fair-share key across apps). API keys keep the secret their webhooks are signed with.
// Webhook deliveries keep one id across their attempts, and every attempt is kept for the app to see.
export class AddConsumerRenders1765078200000 implements MigrationInterface {
  name = 'AddConsumerRenders1765078200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN webhook_secret text`);
    await q.query(`
      CREATE TABLE renders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consumer_app_id uuid NOT NULL REFERENCES consumer_apps(id),
        api_key_id uuid NOT NULL REFERENCES api_keys(id),
        version_id uuid NOT NULL REFERENCES template_versions(id),
        template_id uuid NOT NULL REFERENCES templates(id),
        identity_asset_id uuid REFERENCES assets(id) ON DELETE SET NULL,
        identity_kind text NOT NULL CHECK (identity_kind IN ('IDENTITY_LORA','IDENTITY_PHOTO')),
        identity_trigger_word text,
        likeness double precision NOT NULL,
        slots jsonb NOT NULL,
        seed bigint NOT NULL CHECK (seed >= 0),
        webhook_url text,
        gross_minor bigint CHECK (gross_minor >= 0),
        currency text,
        state text NOT NULL CHECK (state IN ('QUEUED','SUCCEEDED','FAILED','CANCELLED')),
        error text,
        usage_status text CHECK (usage_status IN ('ACCEPTED','DUPLICATE','CONFLICT','REJECTED')),
        usage_message text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        finished_at timestamptz(3),
        image_removed_at timestamptz(3),
        CHECK ((gross_minor IS NULL) = (currency IS NULL)),
        CHECK ((state = 'QUEUED') = (finished_at IS NULL))
      )`);
    await q.query(`CREATE INDEX renders_app_listing_idx ON renders (consumer_app_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX renders_version_idx ON renders (version_id, created_at)`);
    await q.query(`CREATE INDEX renders_unsettled_idx ON renders (created_at) WHERE state = 'QUEUED'`);
    await q.query(`CREATE INDEX renders_unmetered_idx ON renders (finished_at) WHERE state = 'SUCCEEDED' AND gross_minor IS NOT NULL AND usage_status IS NULL`);
    await q.query(`CREATE INDEX renders_identity_idx ON renders (identity_asset_id) WHERE identity_asset_id IS NOT NULL`);

    await q.query(`ALTER TABLE preview_jobs ALTER COLUMN batch_id DROP NOT NULL, ALTER COLUMN subject_id DROP NOT NULL`);
    await q.query(`ALTER TABLE preview_jobs ADD COLUMN render_id uuid REFERENCES renders(id), ADD COLUMN consumer_app_id uuid REFERENCES consumer_apps(id)`);
    await q.query(`
      ALTER TABLE preview_jobs ADD CONSTRAINT preview_jobs_render_or_preview CHECK (
        (render_id IS NULL) = (subject_id IS NOT NULL) AND (render_id IS NULL) = (batch_id IS NOT NULL)
        AND (render_id IS NULL) = (consumer_app_id IS NULL) AND (render_id IS NULL) = (priority <> 'CONSUMER'))`);
    await q.query(`ALTER TABLE preview_jobs DROP CONSTRAINT preview_jobs_priority_check`);
    await q.query(`ALTER TABLE preview_jobs ADD CONSTRAINT preview_jobs_priority_check CHECK (priority IN ('REVIEW','INTERACTIVE','CONSUMER','BULK'))`);
    await q.query(`CREATE UNIQUE INDEX preview_jobs_render_idx ON preview_jobs (render_id) WHERE render_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        render_id uuid NOT NULL REFERENCES renders(id),
        type text NOT NULL CHECK (type IN ('render.succeeded','render.failed')),
        url text NOT NULL,
        state text NOT NULL CHECK (state IN ('PENDING','DELIVERED','FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        finished_at timestamptz(3),
        UNIQUE (render_id, type),
        CHECK ((state = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING'`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        attempted_at timestamptz(3) NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DELETE FROM preview_jobs WHERE render_id IS NOT NULL`);
    await q.query(`DROP INDEX preview_jobs_render_idx`);
    await q.query(`ALTER TABLE preview_jobs DROP CONSTRAINT preview_jobs_priority_check`);
    await q.query(`ALTER TABLE preview_jobs ADD CONSTRAINT preview_jobs_priority_check CHECK (priority IN ('REVIEW','INTERACTIVE','BULK'))`);
    await q.query(`ALTER TABLE preview_jobs DROP CONSTRAINT preview_jobs_render_or_preview`);
    await q.query(`ALTER TABLE preview_jobs DROP COLUMN consumer_app_id, DROP COLUMN render_id`);
    await q.query(`ALTER TABLE preview_jobs ALTER COLUMN subject_id SET NOT NULL, ALTER COLUMN batch_id SET NOT NULL`);
    await q.query(`DROP TABLE renders`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN webhook_secret`);
  }
}
