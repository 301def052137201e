import { Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditActorResolver, AuditLogResolver } from './audit-log.resolver.js';
import { AuditLogService } from './audit-log.service.js';

// Reading the audit log (admins). Writing it is AuditModule's, inside each change's transaction.
@Module({
  providers: [AuditLogRepository, AuditLogService, AuditLogResolver, AuditActorResolver],
})
export class AuditLogModule {}
