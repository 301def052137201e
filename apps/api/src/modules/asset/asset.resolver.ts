import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { AssetObject, RequestUploadInput, UploadTicketObject } from './asset.object.js';
import { AssetService } from './asset.service.js';

@Resolver(() => AssetObject)
export class AssetResolver {
  constructor(private readonly assets: AssetService) {}

  @Query(() => AssetObject)
  @SignedIn()
  async asset(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<AssetObject> {
    return this.assets.toObject(await this.assets.findReadableAsset(user, id));
  }

  @Mutation(() => UploadTicketObject)
  @Roles('DESIGNER', 'ADMIN')
  requestUpload(@CurrentUser() user: AuthUser, @Args('input') input: RequestUploadInput): Promise<UploadTicketObject> {
    return this.assets.requestUpload(user, input);
  }

  @Mutation(() => AssetObject)
  @Roles('DESIGNER', 'ADMIN')
  async completeUpload(@CurrentUser() user: AuthUser, @Args('assetId', { type: () => ID }) assetId: string): Promise<AssetObject> {
    return this.assets.toObject(await this.assets.completeUpload(user, assetId));
  }
}
