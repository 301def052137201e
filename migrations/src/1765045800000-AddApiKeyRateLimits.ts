import type { MigrationInterface, QueryRunner } from 'typeorm';

// A consumer app's own limit of requests per minute; NULL keeps the deployment's default
// (API_KEY_RATE_LIMIT_PER_MINUTE).
export class AddApiKeyRateLimits1765045800000 implements MigrationInterface {
  name = 'AddApiKeyRateLimits1765045800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN rate_limit_per_minute`);
  }
}
