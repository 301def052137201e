import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { LoraModule } from '../lora/lora.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { TemplateRepository } from './template.repository.js';
import { TemplateService } from './template.service.js';
import { TemplateResolver, TemplateVersionResolver } from './template.resolver.js';
import { VersionCoverResolver } from './version-cover.resolver.js';
import { TemplateCategoryResolver } from './template-category.resolver.js';
import { TemplateCategoryService } from './template-category.service.js';

@Module({
  imports: [AuditModule, AssetModule, LoraModule, CatalogModule],
  providers: [TemplateRepository, TemplateService, TemplateResolver, TemplateVersionResolver, VersionCoverResolver, TemplateCategoryService, TemplateCategoryResolver],
  exports: [TemplateService, TemplateCategoryService],
})
export class TemplateModule {}
