import type { MigrationInterface, QueryRunner } from 'typeorm';

// Admins page through the audit log newest first, filtered by actor or action (the object filter
// already has audit_log_entity_idx). The action index compares bytes (COLLATE "C"), so a prefix such as
// "version." is a range scan whatever the database's collation, and the distinct actions for the
// filter menu are a skip scan rather than a pass over the whole log.
export class IndexAuditLogFilters1765027800000 implements MigrationInterface {
  name = 'IndexAuditLogFilters1765027800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_created_idx ON audit_log (created_at, id)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at, id) WHERE actor_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (action COLLATE "C", created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_action_idx`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
    await q.query(`DROP INDEX audit_log_created_idx`);
  }
}
