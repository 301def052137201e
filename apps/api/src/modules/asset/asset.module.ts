import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { StorageService } from './storage.service.js';
import { AssetService } from './asset.service.js';
import { AssetResolver } from './asset.resolver.js';

@Module({
  imports: [AuditModule],
  providers: [StorageService, AssetService, AssetResolver],
  exports: [StorageService, AssetService],
})
export class AssetModule {}
