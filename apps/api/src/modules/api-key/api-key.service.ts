import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, badInput, notFound, requireUuid, unauthenticated } from '../../common/app-error.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { ExpiringCache } from '../../common/expiring-cache.js';
import { issueSecretToken, parseSecretToken, secretMatches } from '../../common/secret-token.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity.js';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['catalog:read', 'usage:write'];
const CACHE_TTL_MS = 30_000;

@Injectable()
export class ApiKeyService {
  // Verified keys, briefly: catalog traffic should not cost a lookup per request. Revocation in
  // this process clears it at once; other processes see it within CACHE_TTL_MS.
  private readonly cache = new ExpiringCache<ApiKeyPrincipal>(CACHE_TTL_MS);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[] }): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const name = input.name.trim();
    if (!name || name.length > 80) throw badInput('Name the consumer app (1 to 80 characters).', [{ path: 'name', message: 'required' }]);
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInput('Give the key at least one scope.', [{ path: 'scopes', message: 'required' }]);
    const { token, prefix, secretHash } = issueSecretToken('atl');
    const apiKey = await this.dataSource.transaction(async (m) => {
      const row = await m.save(m.create(ApiKeyEntity, { name, prefix, secretHash, scopes, createdBy: actor.id, revokedAt: null, lastUsedAt: null }));
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'api_key.created', entityType: 'api_key', entityId: row.id, after: { name, prefix, scopes } });
      return row;
    });
    return { key: token, apiKey };
  }

  async revoke(actor: AuthUser, id: string): Promise<ApiKeyEntity> {
    const revoked = await this.dataSource.transaction(async (m) => {
      const row = await m.findOneBy(ApiKeyEntity, { id: requireUuid(id, 'API key') });
      if (!row) throw notFound('API key', id);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await m.save(row);
        await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'api_key.revoked', entityType: 'api_key', entityId: row.id, after: { revokedAt: row.revokedAt } });
      }
      return row;
    });
    // After the commit: a verify running meanwhile must not cache the key as still valid.
    this.cache.deleteWhere((principal) => principal.id === revoked.id);
    return revoked;
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager.find(ApiKeyEntity, { order: { createdAt: 'DESC' } });
  }

  async verify(presented: string): Promise<ApiKeyPrincipal> {
    const cached = this.cache.get(presented);
    if (cached) return cached;
    const parsed = parseSecretToken('atl', presented);
    if (!parsed) throw unauthenticated('The API key is not valid.');
    const row = await this.dataSource.manager.findOneBy(ApiKeyEntity, { prefix: parsed.prefix });
    if (!secretMatches(row?.secretHash, parsed.secret) || !row) throw unauthenticated('The API key is not valid.');
    if (row.revokedAt) throw new AppError('UNAUTHENTICATED', 'This API key has been revoked.');
    const principal: ApiKeyPrincipal = { id: row.id, name: row.name, scopes: row.scopes };
    this.cache.set(presented, principal);
    void this.dataSource.manager.update(ApiKeyEntity, { id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    return principal;
  }
}
