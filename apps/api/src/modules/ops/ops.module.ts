import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AssetModule } from '../asset/asset.module.js';
import { PreviewJobModule } from '../preview-job/preview-job.module.js';
import { AppLifecycle } from './app-lifecycle.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { RequestCountsService } from './request-counts.service.js';

// What operators see: liveness, readiness, Prometheus metrics, and the request counts per minute
// the admins' system page sums over every process. Global, so any module can count.
@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }), AssetModule, PreviewJobModule],
  controllers: [HealthController, MetricsController],
  providers: [AppLifecycle, MetricsService, RequestCountsService],
  exports: [AppLifecycle, MetricsService, RequestCountsService],
})
export class OpsModule {}
