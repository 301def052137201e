import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { WorkerController } from './worker.controller.js';
import { WorkerTokenResolver } from './worker-token.resolver.js';
import { WorkerTokenService } from './worker-token.service.js';

@Module({
  imports: [AuditModule],
  controllers: [WorkerController],
  providers: [WorkerTokenService, WorkerTokenResolver],
  exports: [WorkerTokenService],
})
export class WorkerTokenModule {}
