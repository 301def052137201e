import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInputIssues, inputIssue } from '../../common/app-error.js';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { CredentialService } from '../../common/credential.service.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity.js';

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['catalog:read', 'usage:write'];
const MAX_APP_NAME = 80;

// Consumer apps' keys (`x-api-key: atl_…`). Catalog traffic should not cost a lookup per request.
@Injectable()
export class ApiKeyService extends CredentialService<ApiKeyEntity, ApiKeyPrincipal> {
  constructor(dataSource: DataSource, audit: AuditService, cluster: ClusterEventsService) {
    super(dataSource, audit, cluster, { entity: ApiKeyEntity, kind: 'atl', credential: 'apiKey', subject: 'API key', auditType: 'api_key' });
  }

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[]; consumerApp?: string | null }): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInputIssues([inputIssue('scopes', 'apiKey.scopesRequired')]);
    const appName = input.consumerApp?.trim() ?? '';
    if (input.consumerApp != null && (appName.length < 1 || appName.length > MAX_APP_NAME)) throw badInputIssues([inputIssue('consumerApp', 'apiKey.consumerAppLength', { min: 1, max: MAX_APP_NAME })]);
    if (scopes.includes('usage:write') && !appName) throw badInputIssues([inputIssue('consumerApp', 'apiKey.consumerAppRequired')]);
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
