import { Args, Field, Float, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { BaseModelEnum } from '../template/template.object.js';
import type { LoraEntity } from './lora.entity.js';
import { LoraService } from './lora.service.js';

@ObjectType('Lora', { description: 'A registered style LoRA a template may use.' })
export class LoraObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => BaseModelEnum) baseModel: 'sd15' | 'sdxl';
  @Field(() => [String]) triggerWords: string[];
  @Field(() => Float) defaultWeight: number;
  @Field(() => Float) minWeight: number;
  @Field(() => Float) maxWeight: number;
  @Field() sha256: string;
  @Field() status: string;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'A short-lived link (an hour) to its sample picture; null when it has none.' })
  thumbnailUrl: string | null;
}

function toLoraObject(row: LoraEntity, thumbnailUrl: string | null = null): LoraObject {
  return {
    thumbnailUrl, id: row.id, name: row.name, baseModel: row.baseModel, triggerWords: row.triggerWords, defaultWeight: row.defaultWeight, minWeight: row.minWeight, maxWeight: row.maxWeight, sha256: row.sha256, status: row.status, createdAt: row.createdAt };
}

@InputType()
export class RegisterLoraInput {
  @Field() name: string;
  @Field(() => BaseModelEnum) baseModel: 'sd15' | 'sdxl';
  @Field(() => [String], { nullable: true }) triggerWords?: string[] | null;
  @Field(() => Float) defaultWeight: number;
  @Field(() => Float) minWeight: number;
  @Field(() => Float) maxWeight: number;
  @Field(() => ID) fileAssetId: string;
  @Field(() => ID, { nullable: true, description: 'An uploaded image (REFERENCE_IMAGE asset) shown as its thumbnail.' }) thumbnailAssetId?: string | null;
}

@Resolver(() => LoraObject)
export class LoraResolver {
  constructor(private readonly loraService: LoraService) {}

  @Query(() => [LoraObject])
  @SignedIn()
  async loras(@Args('baseModel', { type: () => BaseModelEnum, nullable: true }) baseModel?: 'sd15' | 'sdxl' | null): Promise<LoraObject[]> {
    const rows = await this.loraService.list(baseModel);
    const thumbnails = await this.loraService.thumbnailUrls(rows);
    return rows.map((row) => toLoraObject(row, thumbnails.get(row.id) ?? null));
  }

  @Mutation(() => LoraObject)
  @Roles('ADMIN')
  async registerLora(@CurrentUser() user: AuthUser, @Args('input') input: RegisterLoraInput): Promise<LoraObject> {
    return this.withThumbnail(await this.loraService.register(user, input));
  }

  @Mutation(() => LoraObject, { description: 'Gives a registered LoRA a new thumbnail (an uploaded image).' })
  @Roles('ADMIN')
  async setLoraThumbnail(@CurrentUser() user: AuthUser, @Args('loraId', { type: () => ID }) loraId: string, @Args('assetId', { type: () => ID }) assetId: string): Promise<LoraObject> {
    return this.withThumbnail(await this.loraService.setThumbnail(user, loraId, assetId));
  }

  private async withThumbnail(row: LoraEntity): Promise<LoraObject> {
    return toLoraObject(row, (await this.loraService.thumbnailUrls([row])).get(row.id) ?? null);
  }
}
