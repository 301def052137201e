import { Module } from '@nestjs/common';
import { SystemStatusRepository } from './system-status.repository.js';
import { SystemStatusResolver } from './system-status.resolver.js';
import { SystemStatusService } from './system-status.service.js';

// The admins' system page (reading only). The request counts it sums are written by OpsModule.
@Module({
  providers: [SystemStatusRepository, SystemStatusService, SystemStatusResolver],
})
export class SystemStatusModule {}
