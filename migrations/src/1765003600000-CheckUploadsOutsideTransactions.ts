import type { MigrationInterface, QueryRunner } from 'typeorm';

// completeUpload no longer holds a row lock while it copies, reads and hashes the file (up to 2 GB):
// the asset is marked CHECKING (with the time, so a check cut short by a crash can be taken over)
// and inspected outside any transaction, then finalised.
export class CheckUploadsOutsideTransactions1765003600000 implements MigrationInterface {
  name = 'CheckUploadsOutsideTransactions1765003600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_state_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_state_check CHECK (state IN ('PENDING','CHECKING','READY','REJECTED','DELETED'))`);
    await q.query(`ALTER TABLE assets ADD COLUMN checking_since timestamptz`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_checking_since_check CHECK ((state = 'CHECKING') = (checking_since IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE assets SET state = 'PENDING', checking_since = NULL WHERE state = 'CHECKING'`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_checking_since_check`);
    await q.query(`ALTER TABLE assets DROP COLUMN checking_since`);
    await q.query(`ALTER TABLE assets DROP CONSTRAINT assets_state_check`);
    await q.query(`ALTER TABLE assets ADD CONSTRAINT assets_state_check CHECK (state IN ('PENDING','READY','REJECTED','DELETED'))`);
  }
}
