import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeyResolver } from './api-key.resolver.js';

@Module({
  imports: [AuditModule],
  providers: [ApiKeyService, ApiKeyResolver],
  exports: [ApiKeyService],
})
export class ApiKeyModule {}
