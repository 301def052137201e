import type { MigrationInterface, QueryRunner } from 'typeorm';

// A preview face renders SD1.5 and SDXL templates with an identity LoRA trained for that base model:
// one per (subject, base model). A face without one for a template's base model is left out of its
// previews instead of rendering with a LoRA that gives no likeness. Faces also say their gender and
// age, which fill the {gender} and {age} prompt slots of their previews.
// Before this, a face had one identity LoRA, and every face made so far (the demo seed, the tests; a
// production install had no studio page to add one) used an SDXL LoRA: they move over as SDXL.
export class AddSubjectIdentityPerBaseModel1765014400000 implements MigrationInterface {
  name = 'AddSubjectIdentityPerBaseModel1765014400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE preview_subject_identity_loras (
        subject_id uuid NOT NULL REFERENCES preview_subjects(id),
        base_model text NOT NULL CHECK (base_model IN ('sd15', 'sdxl')),
        asset_id uuid NOT NULL REFERENCES assets(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, base_model)
      )`);
    // The privacy sweep and the heartbeat look faces up by their LoRA file.
    await q.query(`CREATE INDEX preview_subject_identity_loras_asset_idx ON preview_subject_identity_loras (asset_id)`);
    await q.query(`INSERT INTO preview_subject_identity_loras (subject_id, base_model, asset_id, created_at) SELECT id, 'sdxl', identity_lora_asset_id, created_at FROM preview_subjects`);
    await q.query(`ALTER TABLE preview_subjects DROP COLUMN identity_lora_asset_id`);
    await q.query(`ALTER TABLE preview_subjects ADD COLUMN gender text NOT NULL DEFAULT 'UNSPECIFIED' CHECK (gender IN ('FEMALE', 'MALE', 'UNSPECIFIED'))`);
    await q.query(`ALTER TABLE preview_subjects ADD COLUMN age_years smallint CHECK (age_years BETWEEN 18 AND 100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_subjects DROP COLUMN age_years`);
    await q.query(`ALTER TABLE preview_subjects DROP COLUMN gender`);
    await q.query(`ALTER TABLE preview_subjects ADD COLUMN identity_lora_asset_id uuid REFERENCES assets(id)`);
    // One LoRA per face again: the SDXL one where there is one, else the SD1.5 one.
    await q.query(`
      UPDATE preview_subjects s SET identity_lora_asset_id = (
        SELECT l.asset_id FROM preview_subject_identity_loras l WHERE l.subject_id = s.id ORDER BY l.base_model = 'sdxl' DESC LIMIT 1)`);
    await q.query(`ALTER TABLE preview_subjects ALTER COLUMN identity_lora_asset_id SET NOT NULL`);
    await q.query(`DROP TABLE preview_subject_identity_loras`);
  }
}
