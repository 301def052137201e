import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { PreviewSubjectPrivacyService } from './preview-subject-privacy.service.js';
import { PreviewSubjectService } from './preview-subject.service.js';
import { PreviewSubjectResolver } from './preview-subject.resolver.js';

@Module({
  imports: [AuditModule, AssetModule],
  providers: [PreviewSubjectService, PreviewSubjectPrivacyService, PreviewSubjectResolver],
  exports: [PreviewSubjectService, PreviewSubjectPrivacyService],
})
export class PreviewSubjectModule {}
