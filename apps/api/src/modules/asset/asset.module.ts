import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { StorageService } from './storage.service.js';
import { AssetService } from './asset.service.js';
import { AssetResolver } from './asset.resolver.js';
import { AppIdentityService } from './app-identity.service.js';

@Module({
  imports: [AuditModule],
  providers: [StorageService, AssetService, AppIdentityService, AssetResolver],
  exports: [StorageService, AssetService, AppIdentityService],
})
export class AssetModule {}
