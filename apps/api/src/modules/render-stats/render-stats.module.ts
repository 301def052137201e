import { Module } from '@nestjs/common';
import { RenderStatsRepository } from './render-stats.repository.js';
import { RenderStatsResolver } from './render-stats.resolver.js';
import { RenderStatsService } from './render-stats.service.js';

// Designers see how their published versions do with consumer apps' renders (issue 15 §3).
@Module({
  providers: [RenderStatsRepository, RenderStatsService, RenderStatsResolver],
})
export class RenderStatsModule {}
