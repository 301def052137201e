import { Body, Controller, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import {
  batchReportSchema as batchReportBody,
  completeReportSchema as completeBody,
  failReportSchema as failBody,
  leaseReportSchema as leaseBody,
  leaseMaxSchema,
  leaseWaitSecondsSchema,
  MAX_LEASES_PER_CALL,
  progressReportSchema as progressBody,
  workerHeartbeatSchema as heartbeatBody,
  type BatchReportAnswer,
  type JobStatus,
  type LeaseBatch,
  type LeasedJob,
  type OutputTarget,
  type WorkerHeartbeatAck,
} from '@atelier/preview-job';
import { badInput, requireUuid } from '../../common/app-error.js';
import { WorkerAccess } from '../../common/access.decorator.js';
import type { AtelierRequest } from '../../common/request-context.js';
import { PreviewJobLeaseService, type JobStatusRow } from './preview-job-lease.service.js';


function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw badInput(`The request body is not valid: ${issues[0]!.path} ${issues[0]!.message}`, issues);
}

// The documented response shapes (protocol.ts, served at /v1/openapi.json) are these functions' types.
function jobStatus(job: JobStatusRow): JobStatus {
  return { id: job.id, state: job.state, attempts: job.attempts, progress: job.progress, error: job.lastError };
}

// The GPU worker protocol. Workers run anywhere and never see the database; every call names its
// lease and is safe to repeat. Documented at /v1/docs (modules/worker-api-docs): a route added here
// must be added there too, or the docs test fails.
@Controller('v1')
@WorkerAccess()
export class WorkerJobsController {
  constructor(private readonly leases: PreviewJobLeaseService) {}

  @Post('workers/heartbeat')
  @HttpCode(200)
  async heartbeat(@Req() req: AtelierRequest, @Body() body: unknown): Promise<WorkerHeartbeatAck> {
    const { worker, purgedIdentityLoraHashes } = await this.leases.heartbeat(req.worker!, parse(heartbeatBody, body));
    return { workerId: worker.tokenId, backend: worker.backend, lastHeartbeatAt: worker.lastHeartbeatAt.toISOString(), purgedIdentityLoraHashes };
  }

  // Long-poll: answers with a job as soon as one is available, or 204 after `wait` seconds. With
  // `max`, a box with several free GPUs gets up to that many jobs at once, each its own lease.
  @Post('jobs/lease')
  async lease(
    @Req() req: AtelierRequest,
    @Query('wait') wait: string | undefined,
    @Query('max') max: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LeasedJob | LeaseBatch | undefined> {
    const seconds = leaseWaitSecondsSchema.safeParse(wait);
    if (!seconds.success) throw badInput('wait must be 0 to 20 seconds.', [{ path: 'wait', message: '0..20' }]);
    if (max === undefined) {
      const leased = await this.leases.lease(req.worker!, seconds.data * 1000);
      res.status(leased ? 200 : 204);
      return leased ?? undefined;
    }
    const count = leaseMaxSchema.safeParse(max);
    if (!count.success) throw badInput(`max must be a whole number from 1 to ${MAX_LEASES_PER_CALL}.`, [{ path: 'max', message: `1..${MAX_LEASES_PER_CALL}` }]);
    const leases = await this.leases.leaseMany(req.worker!, seconds.data * 1000, count.data);
    res.status(leases.length ? 200 : 204);
    return leases.length ? { leases } : undefined;
  }

  // Several finished jobs (complete or fail) in one call, each on its own lease; a refused item gets
  // its own result (the status its single report would have had) and changes nothing.
  @Post('jobs/report')
  @HttpCode(200)
  async report(@Req() req: AtelierRequest, @Body() body: unknown): Promise<BatchReportAnswer> {
    const b = parse(batchReportBody, body);
    const outcomes = await this.leases.reportMany(req.worker!, b.reports);
    return {
      results: outcomes.map((o) =>
        'status' in o
          ? { jobId: o.jobId, ok: true as const, job: jobStatus(o.status) }
          : { jobId: o.jobId, ok: false as const, status: o.error.getStatus(), code: o.error.code, message: o.error.userMessage },
      ),
    };
  }

  @Post('jobs/:id/progress')
  @HttpCode(200)
  async progress(@Req() req: AtelierRequest, @Param('id') id: string, @Body() body: unknown): Promise<JobStatus> {
    const b = parse(progressBody, body);
    return jobStatus(await this.leases.progress(req.worker!, requireUuid(id, 'Preview job'), b.leaseId, b.progress));
  }

  @Post('jobs/:id/output')
  @HttpCode(200)
  async output(@Req() req: AtelierRequest, @Param('id') id: string, @Body() body: unknown): Promise<OutputTarget> {
    const b = parse(leaseBody, body);
    return this.leases.outputTarget(req.worker!, requireUuid(id, 'Preview job'), b.leaseId);
  }

  @Post('jobs/:id/complete')
  @HttpCode(200)
  async complete(@Req() req: AtelierRequest, @Param('id') id: string, @Body() body: unknown): Promise<JobStatus> {
    const b = parse(completeBody, body);
    return jobStatus(await this.leases.complete(req.worker!, requireUuid(id, 'Preview job'), b.leaseId, b.gpuMs ?? null));
  }

  @Post('jobs/:id/release')
  @HttpCode(200)
  async release(@Req() req: AtelierRequest, @Param('id') id: string, @Body() body: unknown): Promise<JobStatus> {
    const b = parse(leaseBody, body);
    return jobStatus(await this.leases.release(req.worker!, requireUuid(id, 'Preview job'), b.leaseId));
  }

  @Post('jobs/:id/fail')
  @HttpCode(200)
  async fail(@Req() req: AtelierRequest, @Param('id') id: string, @Body() body: unknown): Promise<JobStatus> {
    const b = parse(failBody, body);
    return jobStatus(await this.leases.fail(req.worker!, requireUuid(id, 'Preview job'), b.leaseId, b.retryable, b.error));
  }
}
