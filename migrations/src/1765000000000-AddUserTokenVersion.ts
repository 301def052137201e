import type { MigrationInterface, QueryRunner } from 'typeorm';

// Sessions are signed tokens; each carries the account's token version. Raising it (sign out
// everywhere, a password change, disabling the account) makes every token issued before invalid
// at once.
export class AddUserTokenVersion1765000000000 implements MigrationInterface {
  name = 'AddUserTokenVersion1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
