import type { MigrationInterface, QueryRunner } from 'typeorm';

// Style LoRAs get a description admins edit, and a DEPRECATED state between READY and DISABLED: a
// deprecated LoRA stays in the drafts that already use it (and published versions keep their pinned
// file), but no template can newly pick it.
export class AddLoraDescriptionAndDeprecation1765031400000 implements MigrationInterface {
  name = 'AddLoraDescriptionAndDeprecation1765031400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loras ADD COLUMN description text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE loras DROP CONSTRAINT loras_status_check`);
    await q.query(`ALTER TABLE loras ADD CONSTRAINT loras_status_check CHECK (status IN ('READY', 'DEPRECATED', 'DISABLED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE loras SET status = 'DISABLED' WHERE status = 'DEPRECATED'`);
    await q.query(`ALTER TABLE loras DROP CONSTRAINT loras_status_check`);
    await q.query(`ALTER TABLE loras ADD CONSTRAINT loras_status_check CHECK (status IN ('READY', 'DISABLED'))`);
    await q.query(`ALTER TABLE loras DROP COLUMN description`);
  }
}
