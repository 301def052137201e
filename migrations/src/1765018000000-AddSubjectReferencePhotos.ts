import type { MigrationInterface, QueryRunner } from 'typeorm';

// Consented photos of a preview face (3 to 10): what the face looks like, for people choosing faces
// and for measuring likeness later. They are identity data: a new asset kind, uploaded by admins only,
// deleted with the face's identity LoRAs when its consent ends.
export class AddSubjectReferencePhotos1765018000000 implements MigrationInterface {
  name = 'AddSubjectReferencePhotos1765018000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_kind_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('REFERENCE_IMAGE','LORA','CONSENT_DOCUMENT','PREVIEW_IMAGE','SUBJECT_PHOTO'))`);
    await q.query(`
      CREATE TABLE preview_subject_photos (
        subject_id uuid NOT NULL REFERENCES preview_subjects(id),
        position smallint NOT NULL CHECK (position BETWEEN 0 AND 9),
        asset_id uuid NOT NULL UNIQUE REFERENCES assets(id),
        PRIMARY KEY (subject_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preview_subject_photos`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_kind_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_kind_check CHECK (kind IN ('REFERENCE_IMAGE','LORA','CONSENT_DOCUMENT','PREVIEW_IMAGE'))`);
  }
}
