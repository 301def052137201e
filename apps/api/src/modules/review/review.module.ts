import { Module } from '@nestjs/common';
import { PreviewSubjectModule } from '../preview-subject/preview-subject.module.js';
import { TemplateModule } from '../template/template.module.js';
import { ReviewService } from './review.service.js';
import { ReviewFieldsResolver, ReviewResolver } from './review.resolver.js';

@Module({
  imports: [TemplateModule, PreviewSubjectModule],
  providers: [ReviewService, ReviewResolver, ReviewFieldsResolver],
  exports: [ReviewService],
})
export class ReviewModule {}
