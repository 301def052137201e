import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, badInput, notFound, requireUuid, unauthenticated } from '../../common/app-error.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity.js';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['catalog:read', 'usage:write'];
const CACHE_TTL_MS = 30_000;

// Keys look like `atl_<prefix>_<secret>`. The prefix finds the row; only a SHA-256 of the secret is
// stored (the secret is 32 random bytes, so a slow hash adds nothing but latency per request).
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

@Injectable()
export class ApiKeyService {
  // Verified keys, briefly: catalog traffic should not cost a lookup per request. Revocation in
  // this process clears it at once; other processes see it within CACHE_TTL_MS.
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[] }): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const name = input.name.trim();
    if (!name || name.length > 80) throw badInput('Name the consumer app (1 to 80 characters).', [{ path: 'name', message: 'required' }]);
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInput('Give the key at least one scope.', [{ path: 'scopes', message: 'required' }]);
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const apiKey = await this.dataSource.transaction(async (m) => {
      const row = await m.save(m.create(ApiKeyEntity, { name, prefix, secretHash: hashSecret(secret).toString('hex'), scopes, createdBy: actor.id, revokedAt: null, lastUsedAt: null }));
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'api_key.created', entityType: 'api_key', entityId: row.id, after: { name, prefix, scopes } });
      return row;
    });
    return { key: `atl_${prefix}_${secret}`, apiKey };
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
    for (const [k, v] of this.cache) if (v.principal.id === revoked.id) this.cache.delete(k);
    return revoked;
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.manager.find(ApiKeyEntity, { order: { createdAt: 'DESC' } });
  }

  async verify(presented: string): Promise<ApiKeyPrincipal> {
    const cached = this.cache.get(presented);
    if (cached && cached.until > Date.now()) return cached.principal;
    const match = /^atl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(presented.trim());
    if (!match) throw unauthenticated('The API key is not valid.');
    const row = await this.dataSource.manager.findOneBy(ApiKeyEntity, { prefix: match[1]! });
    const expected = row ? Buffer.from(row.secretHash, 'hex') : Buffer.alloc(32);
    const ok = timingSafeEqual(expected, hashSecret(match[2]!));
    if (!row || !ok) throw unauthenticated('The API key is not valid.');
    if (row.revokedAt) throw new AppError('UNAUTHENTICATED', 'This API key has been revoked.');
    const principal: ApiKeyPrincipal = { id: row.id, name: row.name, scopes: row.scopes };
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(presented, { principal, until: Date.now() + CACHE_TTL_MS });
    void this.dataSource.manager.update(ApiKeyEntity, { id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    return principal;
  }
}
