import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { PreviewSubjectService } from './preview-subject.service.js';
import { PreviewSubjectResolver } from './preview-subject.resolver.js';

@Module({
  imports: [AuditModule, AssetModule],
  providers: [PreviewSubjectService, PreviewSubjectResolver],
  exports: [PreviewSubjectService],
})
export class PreviewSubjectModule {}
