import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` on a connection of its own while holding the session advisory lock `name`, unless
 * another process (or run) holds it: then `work` does not run and the answer is `busy`. For passes
 * that one API process at a time should make (sweeps, metering), however many share the database.
 */
export async function runExclusively<T, B>(dataSource: DataSource, name: string, busy: B, work: (runner: QueryRunner) => Promise<T>): Promise<T | B> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [name])) as Array<{ locked: boolean }>;
    if (!locked) return busy;
    try {
      return await work(runner);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]);
    }
  } finally {
    await runner.release();
  }
}
