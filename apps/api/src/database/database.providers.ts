import pg from 'pg';
import { DataSource, type Logger as TypeOrmLogger, type QueryRunner } from 'typeorm';
import { Logger } from '@nestjs/common';
import { ALL_MIGRATIONS } from '@atelier/migrations';
import { UserEntity } from '../modules/user/user.entity.js';
import { AssetEntity } from '../modules/asset/asset.entity.js';
import { LoraEntity } from '../modules/lora/lora.entity.js';
import { PreviewSubjectEntity, PreviewSubjectIdentityLoraEntity, PreviewSubjectPhotoEntity } from '../modules/preview-subject/preview-subject.entity.js';
import { TemplateEntity } from '../modules/template/template.entity.js';
import { TemplateVersionEntity } from '../modules/template/template-version.entity.js';
import { TemplateCategoryEntity } from '../modules/template/template-category.entity.js';
import { ReviewEntity, ReviewScoreEntity } from '../modules/review/review.entity.js';
import { PasswordLinkEntity } from '../modules/user/password-link.entity.js';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity.js';
import { AuditLogEntity } from '../modules/audit/audit-log.entity.js';
import { WorkerTokenEntity } from '../modules/worker-token/worker-token.entity.js';
import { PreviewBatchEntity, PreviewJobEntity, WorkerEntity } from '../modules/preview-job/preview-job.entity.js';

export const ALL_ENTITIES = [
  UserEntity,
  PasswordLinkEntity,
  AssetEntity,
  LoraEntity,
  PreviewSubjectEntity,
  PreviewSubjectIdentityLoraEntity,
  PreviewSubjectPhotoEntity,
  TemplateEntity,
  TemplateVersionEntity,
  TemplateCategoryEntity,
  ReviewEntity,
  ReviewScoreEntity,
  ApiKeyEntity,
  AuditLogEntity,
  WorkerTokenEntity,
  PreviewBatchEntity,
  PreviewJobEntity,
  WorkerEntity,
];

// Counts every statement sent (tests assert query counts with it) and logs failures and slow ones.
export class QueryMetricsLogger implements TypeOrmLogger {
  private readonly logger = new Logger('SQL');
  queryCount = 0;
  /** When set (benchmarks), statements are also counted by their first 120 characters. */
  byStatement: Map<string, number> | null = null;

  logQuery(query: string): void {
    this.queryCount++;
    if (this.byStatement) {
      const key = query.replace(/\s+/g, ' ').trim().slice(0, 120);
      this.byStatement.set(key, (this.byStatement.get(key) ?? 0) + 1);
    }
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.debug(`failed: ${error instanceof Error ? error.message : error} -- ${query.slice(0, 300)}`);
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow (${time} ms): ${query.slice(0, 300)}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown, _queryRunner?: QueryRunner): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

export interface PoolLimits {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

// `limits` for the serving API; migrations and tools run without them (a migration may run long).
export function createDataSource(url: string, opts: { poolSize?: number; limits?: PoolLimits } = {}): DataSource {
  const limits = opts.limits
    ? { connectionTimeoutMillis: opts.limits.connectTimeoutMs, statement_timeout: opts.limits.statementTimeoutMs, idle_in_transaction_session_timeout: opts.limits.idleInTransactionTimeoutMs }
    : {};
  return new DataSource({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logger: new QueryMetricsLogger(),
    maxQueryExecutionTime: 500,
    extra: { max: opts.poolSize ?? 20, ...limits },
  });
}

// Start-up steps API processes starting together take turns at. Any 64-bit numbers; the same in
// every Atelier process.
export const STARTUP_LOCKS = {
  migrations: 0x4154454c49455201n, // "ATELIER" 01
  seed: 0x4154454c49455202n, // "ATELIER" 02
} as const;

// Runs `work` while holding a PostgreSQL advisory lock on a connection of its own, so processes
// starting together do it one at a time.
export async function withStartupLock<T>(url: string, lock: keyof typeof STARTUP_LOCKS, work: () => Promise<T>): Promise<T> {
  const session = new pg.Client({ connectionString: url, application_name: `atelier-${lock}` });
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1::bigint)', [STARTUP_LOCKS[lock].toString()]);
    return await work();
  } finally {
    // Ending the session releases the lock, also when the work failed.
    await session.end();
  }
}

// Applies every pending migration; returns the names that ran. API processes starting together
// migrate one at a time, and the later ones find nothing left to do.
export async function runMigrations(url: string): Promise<string[]> {
  return withStartupLock(url, 'migrations', async () => {
    const ds = createDataSource(url, { poolSize: 2 });
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  });
}
