import { Controller, Get, Req } from '@nestjs/common';
import type { WorkerIdentity } from '@atelier/preview-job';
import { WorkerAccess } from '../../common/access.decorator.js';
import type { AtelierRequest } from '../../common/request-context.js';

// The worker REST API (/v1): who a token belongs to. Leases, results and heartbeats are in
// preview-job/worker-jobs.controller.ts; both are documented at /v1/docs.
@Controller('v1/worker')
export class WorkerController {
  @Get('whoami')
  @WorkerAccess()
  whoami(@Req() req: AtelierRequest): WorkerIdentity {
    return req.worker!;
  }
}
