import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogEntity, type AuditActorKind } from './audit-log.entity.js';

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService {
  // Always called with the manager of the transaction that makes the change, so the audit row
  // commits (or rolls back) with it.
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.insert(AuditLogEntity, {
      actorId: entry.actor.id,
      actorKind: entry.actor.kind,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: (entry.before ?? null) as never,
      after: (entry.after ?? null) as never,
    });
  }
}
