import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyAccess, ApiKeyOrRoles, SignedIn } from '../../common/access.decorator.js';
import { CurrentApiKey, CurrentCaller, CurrentUser } from '../../common/current-user.decorator.js';
import type { ApiKeyPrincipal, AuthUser } from '../../common/request-context.js';
import { AssetObject, RequestUploadInput, UploadTicketObject } from './asset.object.js';
import { AssetService, type AssetCaller } from './asset.service.js';
import { AppIdentityService } from './app-identity.service.js';

@Resolver(() => AssetObject)
export class AssetResolver {
  constructor(
    private readonly assets: AssetService,
    private readonly identities: AppIdentityService,
  ) {}

  @Query(() => AssetObject)
  @SignedIn()
  async asset(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<AssetObject> {
    return this.assets.toObject(await this.assets.findReadableAsset(user, id));
  }

  @Mutation(() => UploadTicketObject, {
    description: 'Designers upload reference images, admins LoRAs, consent documents and face photos; a consumer app (API key with RENDER) its end users\' identities (IDENTITY_LORA, IDENTITY_PHOTO), which belong to the app alone.',
  })
  @ApiKeyOrRoles('render', 'DESIGNER', 'ADMIN')
  requestUpload(@CurrentCaller() caller: AssetCaller, @Args('input') input: RequestUploadInput): Promise<UploadTicketObject> {
    return this.assets.requestUpload(caller, input);
  }

  @Mutation(() => AssetObject)
  @ApiKeyOrRoles('render', 'DESIGNER', 'ADMIN')
  async completeUpload(@CurrentCaller() caller: AssetCaller, @Args('assetId', { type: () => ID }) assetId: string): Promise<AssetObject> {
    return this.assets.toObject(await this.assets.completeUpload(caller, assetId));
  }

  @Mutation(() => ID, {
    description: "A consumer app (API key with RENDER) deletes one of its end users' identities at once: the stored file, the asset, and (identity LoRAs) the copies GPU boxes cached. Answers the deleted asset's id; another's asset is NOT_FOUND.",
  })
  @ApiKeyAccess('render')
  deleteAsset(@CurrentApiKey() app: ApiKeyPrincipal, @Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.identities.deleteAsset(app, id);
  }
}
