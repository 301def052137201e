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
    super(dataSource, audit, { entity: ApiKeyEntity, kind: 'atl', noun: 'API key', auditType: 'api_key' });
  }

  async create(actor: AuthUser, input: { name: string; scopes: ApiKeyScope[] }): Promise<{ key: string; apiKey: ApiKeyEntity }> {
    const scopes = [...new Set(input.scopes)];
    if (!scopes.length) throw badInput('Give the key at least one scope.', [{ path: 'scopes', message: 'required' }]);
    const { token, row } = await this.issue(actor, input.name, { scopes });
    return { key: token, apiKey: row };
  }

  protected toPrincipal(row: ApiKeyEntity): ApiKeyPrincipal {
    return { id: row.id, name: row.name, scopes: row.scopes };
  }
}
