import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClusterEventsService } from '../../common/cluster-events.service.js';
import { CredentialService } from '../../common/credential.service.js';
import type { AuthUser, WorkerPrincipal } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { WorkerTokenEntity } from './worker-token.entity.js';

// GPU workers' tokens (`Authorization: Bearer wkr_…` on /v1), one per box or worker process.
@Injectable()
export class WorkerTokenService extends CredentialService<WorkerTokenEntity, WorkerPrincipal> {
  constructor(dataSource: DataSource, audit: AuditService, cluster: ClusterEventsService) {
    super(dataSource, audit, cluster, { entity: WorkerTokenEntity, kind: 'wkr', credential: 'workerToken', subject: 'Worker token', auditType: 'worker_token' });
  }

  async create(actor: AuthUser, input: { name: string }): Promise<{ token: string; workerToken: WorkerTokenEntity }> {
    const { token, row } = await this.issue(actor, input.name, {});
    return { token, workerToken: row };
  }

  // The draft worker `npm start` runs beside the API gets a fresh token each start; tokens of
  // earlier starts are revoked so only the running one works.
  async issueEmbeddedWorkerToken(name = 'embedded-draft-worker'): Promise<string> {
    await this.dataSource.query(`UPDATE worker_tokens SET revoked_at = now() WHERE name = $1 AND created_by IS NULL AND revoked_at IS NULL`, [name]);
    return (await this.issue(null, name, {})).token;
  }

  protected toPrincipal(row: WorkerTokenEntity): WorkerPrincipal {
    return { id: row.id, name: row.name };
  }
}
