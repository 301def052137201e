import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ApiKeyRateLimitMiddleware } from './api-key-rate-limit.middleware.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeyResolver } from './api-key.resolver.js';

@Module({
  imports: [AuditModule],
  providers: [ApiKeyService, ApiKeyResolver, ApiKeyRateLimitMiddleware],
  exports: [ApiKeyService, ApiKeyRateLimitMiddleware],
})
export class ApiKeyModule {}
