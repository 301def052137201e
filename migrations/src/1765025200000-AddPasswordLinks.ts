import type { MigrationInterface, QueryRunner } from 'typeorm';

// People are invited, or have their password reset, with a one-time link an admin passes on: the
// link's secret is stored only as a SHA-256 (like API keys), expires, and works once. An invited
// account has no password of its own until the link is used (password_set = false).
export class AddPasswordLinks1765025200000 implements MigrationInterface {
  name = 'AddPasswordLinks1765025200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN password_set boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE password_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        purpose text NOT NULL CHECK (purpose IN ('INVITE', 'RESET')),
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3),
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_links_user_idx ON password_links (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_links`);
    await q.query(`ALTER TABLE users DROP COLUMN password_set`);
  }
}
