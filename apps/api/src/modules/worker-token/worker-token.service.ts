import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, badInput, notFound, requireUuid, unauthenticated } from '../../common/app-error.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import type { AuthUser, WorkerPrincipal } from '../../common/request-context.js';
import { issueSecretToken, parseSecretToken, secretMatches } from '../../common/secret-token.js';
import { AuditService } from '../audit/audit.service.js';
import { WorkerTokenEntity } from './worker-token.entity.js';

const CACHE_TTL_MS = 30_000;

// Credentials of GPU workers (one per box or per worker process), managed by admins.
@Injectable()
export class WorkerTokenService {
  private readonly cache = new ExpiringCache<WorkerPrincipal>(CACHE_TTL_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<WorkerTokenEntity[]> {
    return this.dataSource.manager.find(WorkerTokenEntity, { order: { createdAt: 'DESC' } });
  }

  async create(actor: AuthUser, input: { name: string }): Promise<{ token: string; workerToken: WorkerTokenEntity }> {
    const name = input.name.trim();
    if (!name || name.length > 80) throw badInput('Name the worker (1 to 80 characters), e.g. the GPU box it runs on.', [{ path: 'name', message: 'must be 1 to 80 characters' }]);
    const { token, prefix, secretHash } = issueSecretToken('wkr');
    const workerToken = await this.dataSource.transaction(async (m) => {
      const row = await m.save(m.create(WorkerTokenEntity, { name, prefix, secretHash, createdBy: actor.id, revokedAt: null, lastUsedAt: null }));
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'worker_token.created', entityType: 'worker_token', entityId: row.id, after: { name, prefix } });
      return row;
    });
    return { token, workerToken };
  }

  async revoke(actor: AuthUser, id: string): Promise<WorkerTokenEntity> {
    const revoked = await this.dataSource.transaction(async (m) => {
      const row = await m.findOneBy(WorkerTokenEntity, { id: requireUuid(id, 'Worker token') });
      if (!row) throw notFound('Worker token', id);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await m.save(row);
        await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'worker_token.revoked', entityType: 'worker_token', entityId: row.id, after: { revokedAt: row.revokedAt } });
      }
      return row;
    });
    this.cache.deleteWhere((principal) => principal.id === revoked.id);
    return revoked;
  }

  async verify(presented: string): Promise<WorkerPrincipal> {
    const cached = this.cache.get(presented);
    if (cached) return cached;
    const parsed = parseSecretToken('wkr', presented);
    if (!parsed) throw unauthenticated('The worker token is not valid.');
    const row = await this.dataSource.manager.findOneBy(WorkerTokenEntity, { prefix: parsed.prefix });
    if (!secretMatches(row?.secretHash, parsed.secret) || !row) throw unauthenticated('The worker token is not valid.');
    if (row.revokedAt) throw new AppError('UNAUTHENTICATED', 'This worker token has been revoked.');
    const principal: WorkerPrincipal = { id: row.id, name: row.name };
    this.cache.set(presented, principal);
    void this.dataSource.manager.update(WorkerTokenEntity, { id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    return principal;
  }
}
