import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInputIssues, inputIssue, notFound, requireUuid } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { CredentialService } from '../../common/credential.service.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity.js';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['catalog:read', 'usage:write', 'render'];
const MAX_APP_NAME = 80;
export const RATE_LIMIT_RANGE = { min: 1, max: 1_000_000 } as const;

function isRateLimit(perMinute: number): boolean {
  return Number.isInteger(perMinute) && perMinute >= RATE_LIMIT_RANGE.min && perMinute <= RATE_LIMIT_RANGE.max;
}

// Consumer apps' keys (`x-api-key: atl_…`). Catalog traffic should not cost a lookup per request.
@Injectable()
export class ApiKeyService extends CredentialService<ApiKeyEntity, ApiKeyPrincipal> {
  constructor(dataSource: DataSource, audit: AuditService, cluster: ClusterEventsService) {
    super(dataSource, audit, cluster, { entity: ApiKeyEntity, kind: 'atl', credential: 'apiKey', subject: 'API key', auditType: 'api_key' });
  }

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[]; consumerApp?: string | null; rateLimitPerMinute?: number | null }): Promise<{ key: string; apiKey: ApiKeyEntity; webhookSecret: string | null }> {
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInputIssues([inputIssue('scopes', 'apiKey.scopesRequired')]);
    const rateLimitPerMinute = input.rateLimitPerMinute ?? null;
    if (rateLimitPerMinute !== null && !isRateLimit(rateLimitPerMinute)) throw badInputIssues([inputIssue('rateLimitPerMinute', 'apiKey.rateLimitRange', RATE_LIMIT_RANGE)]);
    const appName = input.consumerApp?.trim() ?? '';
    if (input.consumerApp != null && (appName.length < 1 || appName.length > MAX_APP_NAME)) throw badInputIssues([inputIssue('consumerApp', 'apiKey.consumerAppLength', { min: 1, max: MAX_APP_NAME })]);
    if (scopes.includes('usage:write') && !appName) throw badInputIssues([inputIssue('consumerApp', 'apiKey.consumerAppRequired')]);
    if (scopes.includes('render') && !appName) throw badInputIssues([inputIssue('consumerApp', 'apiKey.consumerAppRequiredForRender')]);
    const consumerAppId = appName ? await this.consumerAppId(appName) : null;
    const { token, row } = await this.issue(actor, input.name, { scopes, consumerAppId, rateLimitPerMinute });
    // A key that renders signs its webhooks with its own secret, shown once (kept apart from the audit log).
    const webhookSecret = scopes.includes('render') ? `whsec_${randomBytes(24).toString('base64url')}` : null;
    if (webhookSecret) await this.dataSource.query(`UPDATE api_keys SET webhook_secret = $2 WHERE id = $1`, [row.id, webhookSecret]);
    return { key: token, apiKey: row, webhookSecret };
  }

  /** The key's own requests per minute, or null for the default; every API process applies it at once. */
  async setRateLimit(actor: AuthUser, id: string, perMinute: number | null): Promise<ApiKeyEntity> {
    if (perMinute !== null && !isRateLimit(perMinute)) throw badInputIssues([inputIssue('perMinute', 'apiKey.rateLimitRange', RATE_LIMIT_RANGE)]);
    const keyId = requireUuid(id, 'API key');
    const row = await this.dataSource.transaction(async (m) => {
      const key = await m.findOne(ApiKeyEntity, { where: { id: keyId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw notFound('API key', id);
      if (key.rateLimitPerMinute === perMinute) return key;
      const before = { rateLimitPerMinute: key.rateLimitPerMinute };
      key.rateLimitPerMinute = perMinute;
      await m.save(key);
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'api_key.rate_limit_set', entityType: 'api_key', entityId: key.id, before, after: { rateLimitPerMinute: perMinute } });
      return key;
    });
    await this.changed(row.id);
    return row;
  }

  // The app of that name, created on first use.
  private async consumerAppId(name: string): Promise<string> {
    await this.dataSource.query(`INSERT INTO consumer_apps (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
    const [row] = (await this.dataSource.query(`SELECT id FROM consumer_apps WHERE name = $1`, [name])) as Array<{ id: string }>;
    return row!.id;
  }

  protected toPrincipal(row: ApiKeyEntity): ApiKeyPrincipal {
    return { id: row.id, name: row.name, scopes: row.scopes, consumerAppId: row.consumerAppId, rateLimitPerMinute: row.rateLimitPerMinute };
  }
}
