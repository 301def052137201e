import { Controller, Get, Req } from '@nestjs/common';
import { WorkerAccess } from '../../common/access.decorator.js';
import type { AtelierRequest, WorkerPrincipal } from '../../common/request-context.js';

// The worker REST API (/v1). The GPU-pool work (leases, results, heartbeats) grows here.
@Controller('v1/worker')
export class WorkerController {
  @Get('whoami')
  @WorkerAccess()
  whoami(@Req() req: AtelierRequest): WorkerPrincipal {
    return req.worker!;
  }
}
