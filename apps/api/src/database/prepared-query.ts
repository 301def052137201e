import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

// Which statement texts run as named prepared statements: a text is admitted once it has run
// `admitAfter` times, up to `maxPrepared` texts. PostgreSQL keeps a prepared statement and its plan
// on every pooled connection until it closes (about 150 KB for the catalog page), so only a few
// hot texts may be; the rest run as usual. Texts that keep being used win the places: one-offs
// (a rare filter, a forged page size) never reach `admitAfter`.
export class PreparedStatementAdmission {
  private readonly runs = new Map<string, number>();
  private readonly admitted = new Map<string, string>();

  constructor(
    private readonly maxPrepared: number,
    private readonly admitAfter: number,
    private readonly maxCounted = 1000,
  ) {}

  // The statement name for this text, or null while it runs unnamed.
  nameFor(text: string): string | null {
    const name = this.admitted.get(text);
    if (name !== undefined) return name;
    if (this.admitted.size >= this.maxPrepared) return null;
    const runs = (this.runs.get(text) ?? 0) + 1;
    if (runs < this.admitAfter) {
      if (this.runs.size >= this.maxCounted) this.runs.clear();
      this.runs.set(text, runs);
      return null;
    }
    this.runs.delete(text);
    const admittedName = `atelier_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    this.admitted.set(text, admittedName);
    return admittedName;
  }
}

const admission = new PreparedStatementAdmission(8, 50);

// A hot read on the DataSource's own pool -> its rows; once its text is hot (see
// PreparedStatementAdmission) as a named prepared statement, which each connection parses and plans
// once: a text without parameters is then never planned again (planning the catalog page costs
// PostgreSQL more than running it). TypeORM's query() cannot name a statement, so this goes to the
// pool itself, and is counted and logged as TypeORM counts and logs its queries. Named statements
// need PostgreSQL itself or a pooler that keeps them per connection (PgBouncer in transaction mode
// before 1.21 does not).
export async function queryHot<T>(dataSource: DataSource, text: string, params: unknown[] = []): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
  dataSource.logger.logQuery(text, params);
  const name = admission.nameFor(text);
  const started = Date.now();
  try {
    const result = await pool.query(name ? { name, text, values: params } : { text, values: params });
    const took = Date.now() - started;
    const slowMs = dataSource.options.maxQueryExecutionTime;
    if (slowMs && took > slowMs) dataSource.logger.logQuerySlow(took, text, params);
    return result.rows as T[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, text, params);
    throw error;
  }
}
