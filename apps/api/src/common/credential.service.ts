import type { DataSource, EntityTarget, FindOptionsWhere } from 'typeorm';
import { badInputIssues, inputIssue, notFound, requireUuid, unauthenticated, type NotFoundSubject } from './app-error.js';
import type { ClusterEventsService } from './cluster-events.service.js';
import { ExpiringCache } from './expiring-cache.js';
import type { AuthUser } from './request-context.js';
import { issueSecretToken, parseSecretToken, secretMatches, type SecretTokenKind } from './secret-token.js';
import type { AuditService } from '../modules/audit/audit.service.js';

export interface CredentialRow {
  id: string;
  name: string;
  prefix: string;
  secretHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const CACHE_TTL_MS = 30_000;
const MAX_NAME = 80;

// Which credential this is, for its sentences: `apiKey.revoked`, `workerToken.revoked`, ...
export type CredentialKind = 'apiKey' | 'workerToken';

// Machine credentials issued by admins (consumer-app API keys, GPU-worker tokens): shown once,
// stored as a hash, revocable, verified on every request from a short cache. A revocation (or any
// other change of a credential) drops it from the cache of every API process at once.
export abstract class CredentialService<E extends CredentialRow, P extends { id: string }> {
  private readonly cache = new ExpiringCache<P>(CACHE_TTL_MS);

  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly audit: AuditService,
    private readonly cluster: ClusterEventsService,
    private readonly spec: { entity: EntityTarget<E>; kind: SecretTokenKind; credential: CredentialKind; subject: NotFoundSubject; auditType: string },
  ) {
    cluster.subscribe('credential', {
      apply: (event) => event.credential === spec.credential && this.cache.deleteWhere((principal) => principal.id === event.id),
      resync: () => this.cache.clear(),
    });
  }

  protected abstract toPrincipal(row: E): P;

  list(): Promise<E[]> {
    return this.dataSource.manager.find(this.spec.entity, { order: { createdAt: 'DESC' } as never });
  }

  // Creates the row with a fresh secret; returns the token (the only time it is visible).
  // actor null = the system (e.g. the token of the draft worker that `npm start` runs).
  protected async issue(actor: AuthUser | null, name: string, fields: Partial<E>): Promise<{ token: string; row: E }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_NAME) throw badInputIssues([inputIssue('name', `${this.spec.credential}.nameLength`, { min: 1, max: MAX_NAME })]);
    const { token, prefix, secretHash } = issueSecretToken(this.spec.kind);
    const row = await this.dataSource.transaction(async (m) => {
      const saved = await m.save(m.create(this.spec.entity, { ...fields, name: trimmed, prefix, secretHash, createdBy: actor?.id ?? null, revokedAt: null, lastUsedAt: null } as never) as E);
      await this.audit.record(m, { actor: actor ? { kind: 'USER', id: actor.id } : { kind: 'SYSTEM', id: null }, action: `${this.spec.auditType}.created`, entityType: this.spec.auditType, entityId: saved.id, after: { name: trimmed, prefix, ...fields } });
      return saved;
    });
    return { token, row };
  }

  async revoke(actor: AuthUser, id: string): Promise<E> {
    const revoked = await this.dataSource.transaction(async (m) => {
      const row = await m.findOneBy(this.spec.entity, { id: requireUuid(id, this.spec.subject) } as FindOptionsWhere<E>);
      if (!row) throw notFound(this.spec.subject, id);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await m.save(row);
        await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: `${this.spec.auditType}.revoked`, entityType: this.spec.auditType, entityId: row.id, after: { revokedAt: row.revokedAt } });
      }
      return row;
    });
    await this.changed(revoked.id);
    return revoked;
  }

  // After a change of the credential committed: every API process verifies it afresh. (A verify
  // running meanwhile does not cache what it read before: see ExpiringCache.stamp.)
  protected changed(id: string): Promise<void> {
    return this.cluster.publish({ topic: 'credential', credential: this.spec.credential, id });
  }

  async verify(presented: string): Promise<P> {
    const cached = this.cache.get(presented);
    if (cached) return cached;
    const stamp = this.cache.stamp;
    const parsed = parseSecretToken(this.spec.kind, presented);
    if (!parsed) throw unauthenticated(`${this.spec.credential}.invalid`);
    const row = await this.dataSource.manager.findOneBy(this.spec.entity, { prefix: parsed.prefix } as FindOptionsWhere<E>);
    if (!secretMatches(row?.secretHash, parsed.secret) || !row) throw unauthenticated(`${this.spec.credential}.invalid`);
    if (row.revokedAt) throw unauthenticated(`${this.spec.credential}.revoked`);
    const principal = this.toPrincipal(row);
    this.cache.set(presented, principal, stamp);
    void this.dataSource.manager.update(this.spec.entity, { id: row.id } as FindOptionsWhere<E>, { lastUsedAt: new Date() } as never).catch(() => undefined);
    return principal;
  }
}

