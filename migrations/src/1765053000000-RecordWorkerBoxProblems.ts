import type { MigrationInterface, QueryRunner } from 'typeorm';

// A worker says in its heartbeat when its GPU box lacks what jobs need (model files its ComfyUI does
// not list); the API keeps the sentence for the admin Workers page and leases that worker nothing
// until a heartbeat without it. Null for healthy boxes and for workers that never say.
export class RecordWorkerBoxProblems1765053000000 implements MigrationInterface {
  name = 'RecordWorkerBoxProblems1765053000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workers ADD COLUMN box_problem text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workers DROP COLUMN box_problem`);
  }
}
