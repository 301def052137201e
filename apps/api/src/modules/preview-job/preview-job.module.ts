import { Module } from '@nestjs/common';
import { PreviewSubjectModule } from '../preview-subject/preview-subject.module.js';
import { AssetModule } from '../asset/asset.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { TemplateModule } from '../template/template.module.js';
import { PreviewJobEventsService } from './preview-job-events.service.js';
import { LeasePayloadService } from './lease-payload.service.js';
import { PreviewJobLeaseService } from './preview-job-lease.service.js';
import { PreviewBatchResolver, PreviewJobResolver, QueueStatsResolver, VersionPreviewsResolver } from './preview-job.resolver.js';
import { PreviewJobService } from './preview-job.service.js';
import { PreviewSubscriptionResolver } from './preview-subscription.resolver.js';
import { VersionCoverPreviewResolver } from './version-cover-preview.resolver.js';
import { QueueStatsService } from './queue-stats.service.js';
import { WorkerJobsController } from './worker-jobs.controller.js';
import { WorkerReportService } from './worker-report.service.js';

@Module({
  imports: [AuditModule, AssetModule, TemplateModule, PreviewSubjectModule],
  controllers: [WorkerJobsController],
  providers: [PreviewJobService, PreviewJobLeaseService, LeasePayloadService, PreviewJobEventsService, QueueStatsService, WorkerReportService, PreviewBatchResolver, PreviewJobResolver, QueueStatsResolver, VersionPreviewsResolver, VersionCoverPreviewResolver, PreviewSubscriptionResolver],
  exports: [PreviewJobService, PreviewJobEventsService, QueueStatsService],
})
export class PreviewJobModule {}
