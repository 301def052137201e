import type { MigrationInterface, QueryRunner } from 'typeorm';

// Consumer apps upload their end users' identity (issue 15): API keys gain the scope `render`
// (which, like usage:write, needs a consumer app: the identity belongs to the app, across its keys);
// assets gain the kinds IDENTITY_LORA and IDENTITY_PHOTO, owned by an app (`owner_app_id`, no user
// owns them), and `last_used_at`, from which the retention sweep counts (renders will bump it).
// `purged_identity_lora_hashes` remembers the hashes of deleted app identity LoRAs, so GPU boxes that
// still cache such a file hear of it on their heartbeat after the row itself is gone.
export class AddAppIdentities1765071000000 implements MigrationInterface {
  name = 'AddAppIdentities1765071000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (scopes <@ ARRAY['catalog:read','usage:write','render']::text[] AND cardinality(scopes) > 0)`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_render_needs_app CHECK (NOT ('render' = ANY(scopes)) OR consumer_app_id IS NOT NULL)`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_kind_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('REFERENCE_IMAGE','LORA','CONSENT_DOCUMENT','PREVIEW_IMAGE','SUBJECT_PHOTO','IDENTITY_LORA','IDENTITY_PHOTO'))`);
    await q.query(`ALTER TABLE assets ADD COLUMN owner_app_id uuid REFERENCES consumer_apps(id), ADD COLUMN last_used_at timestamptz`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_identity_owned_by_app CHECK ((kind IN ('IDENTITY_LORA','IDENTITY_PHOTO')) = (owner_app_id IS NOT NULL))`);
    await q.query(`CREATE INDEX assets_app_identity_last_used ON assets (last_used_at) WHERE owner_app_id IS NOT NULL`);
    await q.query(`CREATE TABLE purged_identity_lora_hashes (sha256 text PRIMARY KEY, purged_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE purged_identity_lora_hashes`);
    await q.query(`DELETE FROM assets WHERE kind IN ('IDENTITY_LORA','IDENTITY_PHOTO')`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_identity_owned_by_app`);
    await q.query(`DROP INDEX assets_app_identity_last_used`);
    await q.query(`ALTER TABLE assets DROP COLUMN last_used_at, DROP COLUMN owner_app_id`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_kind_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('REFERENCE_IMAGE','LORA','CONSENT_DOCUMENT','PREVIEW_IMAGE','SUBJECT_PHOTO'))`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_render_needs_app`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check`);
    await q.query(`UPDATE api_keys SET scopes = array_remove(scopes, 'render') WHERE 'render' = ANY(scopes)`);
    // A key that could only render can do nothing any more: revoked (the check wants a scope, so it keeps catalog:read).
    await q.query(`UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()), scopes = ARRAY['catalog:read'] WHERE cardinality(scopes) = 0`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (scopes <@ ARRAY['catalog:read','usage:write']::text[] AND cardinality(scopes) > 0)`);
  }
}
