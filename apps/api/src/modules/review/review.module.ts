import { Module } from '@nestjs/common';
import { TemplateModule } from '../template/template.module.js';
import { ReviewService } from './review.service.js';
import { ReviewResolver } from './review.resolver.js';

@Module({
  imports: [TemplateModule],
  providers: [ReviewService, ReviewResolver],
  exports: [ReviewService],
})
export class ReviewModule {}
