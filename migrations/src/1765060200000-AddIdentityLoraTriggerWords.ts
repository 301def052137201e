import type { MigrationInterface, QueryRunner } from 'typeorm';

// An identity LoRA trained with a trigger word (e.g. "ohwx") only shows the person when the prompt says
// it: previews append it to the positive prompt. Null when the LoRA has none (every existing one).
export class AddIdentityLoraTriggerWords1765060200000 implements MigrationInterface {
  name = 'AddIdentityLoraTriggerWords1765060200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_subject_identity_loras ADD COLUMN trigger_word text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_subject_identity_loras DROP COLUMN trigger_word`);
  }
}
