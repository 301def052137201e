import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/access.decorator.js';
import { SystemStatusObject } from './system-status.object.js';
import { SystemStatusService } from './system-status.service.js';

@Resolver(() => SystemStatusObject)
export class SystemStatusResolver {
  constructor(private readonly status: SystemStatusService) {}

  @Query(() => SystemStatusObject, { description: 'Admins: the preview queue, workers and API requests of the whole system over the last hour.' })
  @Roles('ADMIN')
  systemStatus(): Promise<SystemStatusObject> {
    return this.status.systemStatus();
  }
}
