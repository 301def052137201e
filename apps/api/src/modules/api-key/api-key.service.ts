import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput } from '../../common/app-error.js';
import { CredentialService } from '../../common/credential.service.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity.js';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['catalog:read', 'usage:write'];

// Consumer apps' keys (`x-api-key: atl_…`). Catalog traffic should not cost a lookup per request.
@Injectable()
export class ApiKeyService extends CredentialService<ApiKeyEntity, ApiKeyPrincipal> {
  constructor(dataSource: DataSource, audit: AuditService) {
    super(dataSource, audit, { entity: ApiKeyEntity, kind: 'atl', credential: 'apiKey', subject: 'API key', auditType: 'api_key' });
  }

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[]; consumerApp?: string | null }): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInput('Give the key at least one scope.', [{ path: 'scopes', message: 'required' }]);
    const appName = input.consumerApp?.trim() ?? '';
    if (input.consumerApp != null && (appName.length < 1 || appName.length > 80)) throw badInput('The consumer app name must be 1 to 80 characters.', [{ path: 'consumerApp', message: '1 to 80 characters' }]);
    if (scopes.includes('usage:write') && !appName) {
      throw badInput('A key that reports usage must name its consumer app (usage is counted once per app, across its keys).', [{ path: 'consumerApp', message: 'required with USAGE_WRITE' }]);
    }
    const consumerAppId = appName ? await this.consumerAppId(appName) : null;
    const { token, row } = await this.issue(actor, input.name, { scopes, consumerAppId });
    return { key: token, apiKey: row };
  }

  // The app of that name, created on first use.
  private async consumerAppId(name: string): Promise<string> {
    await this.dataSource.query(`INSERT INTO consumer_apps (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
    const [row] = (await this.dataSource.query(`SELECT id FROM consumer_apps WHERE name = $1`, [name])) as Array<{ id: string }>;
    return row!.id;
  }

  protected toPrincipal(row: ApiKeyEntity): ApiKeyPrincipal {
    return { id: row.id, name: row.name, scopes: row.scopes, consumerAppId: row.consumerAppId };
  }
}
