import type { MigrationInterface, QueryRunner } from 'typeorm';

// The foundation schema: users, templates and their versions, review, LoRAs, preview subjects,
// assets, API keys and the audit log. Timestamps keep milliseconds (timestamptz(3)) so keyset
// cursors round-trip exactly through JavaScript Dates. Frozen versions are made immutable by a trigger, so no code
// path (or a hand-written UPDATE) can change a version once it left DRAFT.
export class CreateInitialSchema1764086400000 implements MigrationInterface {
  name = 'CreateInitialSchema1764086400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['DESIGNER','REVIEWER','ADMIN']::text[] AND cardinality(roles) > 0),
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('REFERENCE_IMAGE','LORA','CONSENT_DOCUMENT','PREVIEW_IMAGE')),
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','READY','REJECTED')),
        bucket text NOT NULL,
        object_key text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        byte_size bigint NOT NULL CHECK (byte_size > 0),
        sha256 text,
        width integer,
        height integer,
        rejection_reason text,
        owner_id uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        completed_at timestamptz(3),
        UNIQUE (bucket, object_key)
      )`);
    await q.query(`CREATE INDEX assets_owner_idx ON assets (owner_id)`);

    await q.query(`
      CREATE TABLE loras (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        base_model text NOT NULL CHECK (base_model IN ('sd15','sdxl')),
        trigger_words text[] NOT NULL DEFAULT '{}',
        default_weight double precision NOT NULL,
        min_weight double precision NOT NULL,
        max_weight double precision NOT NULL,
        file_asset_id uuid NOT NULL REFERENCES assets(id),
        sha256 text NOT NULL,
        status text NOT NULL DEFAULT 'READY' CHECK (status IN ('READY','DISABLED')),
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (min_weight <= default_weight AND default_weight <= max_weight)
      )`);
    await q.query(`CREATE UNIQUE INDEX loras_name_key ON loras (lower(name), base_model)`);

    await q.query(`
      CREATE TABLE preview_subjects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        identity_lora_asset_id uuid NOT NULL REFERENCES assets(id),
        consent_document_asset_id uuid NOT NULL REFERENCES assets(id),
        consent_expires_at timestamptz(3) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
        description text NOT NULL DEFAULT '',
        tags text[] NOT NULL DEFAULT '{}',
        category text,
        base_model text NOT NULL CHECK (base_model IN ('sd15','sdxl')),
        head_revision integer NOT NULL DEFAULT 1,
        published_version_id uuid,
        published_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX templates_owner_idx ON templates (owner_id, updated_at DESC)`);
    await q.query(`CREATE INDEX templates_published_idx ON templates (published_at DESC, id) WHERE published_version_id IS NOT NULL`);
    await q.query(`CREATE INDEX templates_tags_idx ON templates USING gin (tags)`);

    await q.query(`
      CREATE TABLE template_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES templates(id),
        number integer NOT NULL CHECK (number > 0),
        state text NOT NULL CHECK (state IN ('DRAFT','SUBMITTED','CHANGES_REQUESTED','REJECTED','APPROVED','PUBLISHED','SUPERSEDED')),
        spec jsonb NOT NULL,
        spec_hash text NOT NULL CHECK (spec_hash ~ '^[0-9a-f]{64}$'),
        revision integer NOT NULL CHECK (revision > 0),
        author_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        submitted_at timestamptz(3),
        decided_at timestamptz(3),
        published_at timestamptz(3),
        UNIQUE (template_id, number)
      )`);
    // At most one editable draft per template, whatever the code does.
    await q.query(`CREATE UNIQUE INDEX template_versions_one_draft ON template_versions (template_id) WHERE state = 'DRAFT'`);
    await q.query(`CREATE INDEX template_versions_state_idx ON template_versions (state, submitted_at)`);
    await q.query(`
      ALTER TABLE templates ADD CONSTRAINT templates_published_version_fk
        FOREIGN KEY (published_version_id) REFERENCES template_versions(id)`);

    // A version that left DRAFT is frozen: its content can never change and it can never be
    // deleted. Only its state (and the matching timestamps) may move on.
    await q.query(`
      CREATE FUNCTION template_versions_guard_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`);
    await q.query(`
      CREATE TRIGGER template_versions_frozen
        BEFORE UPDATE OR DELETE ON template_versions
        FOR EACH ROW EXECUTE FUNCTION template_versions_guard_frozen()`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL REFERENCES template_versions(id),
        reviewer_id uuid NOT NULL REFERENCES users(id),
        decision text NOT NULL CHECK (decision IN ('APPROVE','REQUEST_CHANGES','REJECT')),
        comments jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reviews_version_idx ON reviews (version_id)`);
    await q.query(`
      CREATE TABLE review_scores (
        review_id uuid NOT NULL REFERENCES reviews(id),
        subject_id uuid NOT NULL REFERENCES preview_subjects(id),
        real smallint NOT NULL CHECK (real BETWEEN 0 AND 100),
        "like" smallint NOT NULL CHECK ("like" BETWEEN 0 AND 100),
        beautiful smallint NOT NULL CHECK (beautiful BETWEEN 0 AND 100),
        PRIMARY KEY (review_id, subject_id)
      )`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL CHECK (scopes <@ ARRAY['catalog:read','usage:write']::text[] AND cardinality(scopes) > 0),
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz(3),
        last_used_at timestamptz(3)
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_id uuid,
        actor_kind text NOT NULL CHECK (actor_kind IN ('USER','API_KEY','SYSTEM')),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE review_scores`);
    await q.query(`DROP TABLE reviews`);
    await q.query(`ALTER TABLE templates DROP CONSTRAINT templates_published_version_fk`);
    await q.query(`DROP TABLE template_versions`);
    await q.query(`DROP FUNCTION template_versions_guard_frozen()`);
    await q.query(`DROP TABLE templates`);
    await q.query(`DROP TABLE preview_subjects`);
    await q.query(`DROP TABLE loras`);
    await q.query(`DROP TABLE assets`);
    await q.query(`DROP TABLE users`);
  }
}
