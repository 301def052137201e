import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { LedgerRepository } from './ledger.repository.js';
import { CoAuthorShareResolver, LedgerResolver } from './ledger.resolver.js';
import { RevenueAgreementService } from './revenue-agreement.service.js';
import { StatementService } from './statement.service.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [AuditModule],
  providers: [LedgerRepository, RevenueAgreementService, UsageService, StatementService, LedgerResolver, CoAuthorShareResolver],
  exports: [UsageService],
})
export class LedgerModule {}
