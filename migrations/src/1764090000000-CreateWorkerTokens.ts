import type { MigrationInterface, QueryRunner } from 'typeorm';

// Tokens GPU workers present on /v1 (created and revoked by admins; only a hash is stored).
export class CreateWorkerTokens1764090000000 implements MigrationInterface {
  name = 'CreateWorkerTokens1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worker_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz(3),
        last_used_at timestamptz(3)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE worker_tokens`);
  }
}
