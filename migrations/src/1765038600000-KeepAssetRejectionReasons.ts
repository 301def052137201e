import type { MigrationInterface, QueryRunner } from 'typeorm';

// A refused upload keeps its refusal by reason and params ({ reason, params }, from @atelier/messages)
// beside the English `rejection_reason`, so a completeUpload that waited for the check answers with
// the same reason and the studio can say it in the person's language. Older rows keep only the English.
export class KeepAssetRejectionReasons1765038600000 implements MigrationInterface {
  name = 'KeepAssetRejectionReasons1765038600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assets ADD COLUMN rejection jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assets DROP COLUMN rejection`);
  }
}
