import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Roles } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser, GqlContext } from '../../common/request-context.js';
import { StorageService } from '../asset/storage.service.js';
import { TemplateVersionObject, toTemplateVersionObject } from './template.object.js';
import { TemplateService } from './template.service.js';

const COVER_URL_TTL_SECONDS = 600;

// A version's cover: which of its finished previews stands for it in the catalog.
@Resolver(() => TemplateVersionObject)
export class VersionCoverResolver {
  constructor(
    private readonly templateService: TemplateService,
    private readonly dataSource: DataSource,
    private readonly storage: StorageService,
  ) {}

  @Mutation(() => TemplateVersionObject, {
    description:
      "Makes one of a draft's previews its cover (owner or admin). The preview must be a SUCCEEDED render of the draft's current spec (same specHash) that was not deleted, " +
      'else PREVIEW_NOT_USABLE says why. Only drafts take a cover: submitting freezes the choice with the rest of the version (INVALID_STATE_TRANSITION afterwards). ' +
      "Saving a different spec drops the cover; a new draft keeps the previous version's cover only while its spec is unchanged. Without a cover the catalog shows the first preview.",
  })
  @Roles('DESIGNER', 'ADMIN')
  async setVersionCover(
    @CurrentUser() user: AuthUser,
    @Args('versionId', { type: () => ID }) versionId: string,
    @Args('previewJobId', { type: () => ID }) previewJobId: string,
  ): Promise<TemplateVersionObject> {
    return toTemplateVersionObject(await this.templateService.setVersionCover(user, versionId, previewJobId));
  }

  @ResolveField(() => ID, { nullable: true, description: 'The preview job chosen as cover (see setVersionCover); null until one is chosen.' })
  async coverPreviewJobId(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<string | null> {
    return (await ctx.loaders.versionById.load(v.id))?.coverPreviewJobId ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: "A short-lived link to the cover preview's image; null without a cover, once that preview was deleted, or once its subject withdrew." })
  async coverUrl(@Parent() v: TemplateVersionObject, @Context() ctx: GqlContext): Promise<string | null> {
    const jobId = (await ctx.loaders.versionById.load(v.id))?.coverPreviewJobId;
    if (!jobId) return null;
    const [row]: Array<{ object_key: string }> = await this.dataSource.query(
      `SELECT a.object_key FROM preview_jobs j JOIN assets a ON a.id = j.output_asset_id
         JOIN preview_subjects s ON s.id = j.subject_id AND s.active AND s.consent_expires_at > now()
       WHERE j.id = $1 AND j.state = 'SUCCEEDED' AND j.removed_at IS NULL AND a.state = 'READY'`,
      [jobId],
    );
    return row ? this.storage.presignGet(row.object_key, COVER_URL_TTL_SECONDS) : null;
  }
}
