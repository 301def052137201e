import type { MigrationInterface, QueryRunner } from 'typeorm';

// The studio language each person chose (en or zh-CN), so it follows them to any browser they sign
// in from. Null until they choose; the studio then uses the browser's language.
export class RememberUserLocale1764115200000 implements MigrationInterface {
  name = 'RememberUserLocale1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('en', 'zh-CN'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN locale`);
  }
}
