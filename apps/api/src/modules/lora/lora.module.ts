import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { LoraService } from './lora.service.js';
import { LoraResolver } from './lora.resolver.js';

@Module({
  imports: [AuditModule, AssetModule],
  providers: [LoraService, LoraResolver],
  exports: [LoraService],
})
export class LoraModule {}
