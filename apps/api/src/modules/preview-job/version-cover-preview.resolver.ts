import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import type { GqlContext } from '../../common/request-context.js';
import { TemplateVersionObject } from '../template/template.object.js';
import { PreviewJobEntity } from './preview-job.entity.js';
import { PreviewJobObject, toPreviewJobObject } from './preview-job.resolver.js';

// TemplateVersion.cover lives here because PreviewJob is this module's type (the template module
// cannot import it without a cycle).
@Resolver(() => TemplateVersionObject)
export class VersionCoverPreviewResolver {
  constructor(private readonly dataSource: DataSource) {}

  // Whoever may see the version may see its cover, as with its previews.
  @ResolveField(() => PreviewJobObject, { nullable: true, description: 'The preview chosen as cover (see setVersionCover), with its subject and seed; removed once deleted for privacy.' })
  async cover(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<PreviewJobObject | null> {
    const jobId = (await ctx.loaders.versionById.load(v.id))?.coverPreviewJobId;
    if (!jobId) return null;
    const job = await this.dataSource.manager.findOneBy(PreviewJobEntity, { id: jobId });
    return job ? toPreviewJobObject(job) : null;
  }
}
