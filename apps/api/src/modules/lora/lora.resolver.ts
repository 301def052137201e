import { Args, Context, Field, Float, ID, InputType, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { Roles, SignedIn } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import { hasRole, type AuthUser, type GqlContext } from '../../common/request-context.js';
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
  @Field({ description: 'READY; DEPRECATED (templates that use it keep it, nothing new can pick it); DISABLED (refused in every save). Published versions keep their pinned file either way.' })
  status: string;
  @Field({ description: 'What the LoRA does, for designers choosing one.' }) description: string;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'A short-lived link (an hour) to its sample picture; null when it has none.' })
  thumbnailUrl: string | null;
}

function toLoraObject(row: LoraEntity, thumbnailUrl: string | null = null): LoraObject {
  return {
    thumbnailUrl, id: row.id, name: row.name, description: row.description, baseModel: row.baseModel, triggerWords: row.triggerWords, defaultWeight: row.defaultWeight, minWeight: row.minWeight, maxWeight: row.maxWeight, sha256: row.sha256, status: row.status, createdAt: row.createdAt };
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

export enum LoraStatusEnum {
  READY = 'READY',
  DEPRECATED = 'DEPRECATED',
  DISABLED = 'DISABLED',
}
registerEnumType(LoraStatusEnum, { name: 'LoraStatus' });

@InputType()
export class UpdateLoraInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) description?: string;
  @Field(() => [String], { nullable: true }) triggerWords?: string[];
  @Field(() => Float, { nullable: true }) defaultWeight?: number;
  @Field(() => Float, { nullable: true }) minWeight?: number;
  @Field(() => Float, { nullable: true }) maxWeight?: number;
}

@ObjectType('LoraUse', { description: 'A template whose open draft or published version uses a LoRA.' })
export class LoraUseObject {
  @Field(() => ID) templateId: string;
  @Field() title: string;
  @Field() inDraft: boolean;
  @Field() inPublished: boolean;
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

  @Mutation(() => LoraObject, { description: 'Edits a LoRA\'s name, description, trigger words and weight range (admins). Its file never changes.' })
  @Roles('ADMIN')
  async updateLora(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateLoraInput): Promise<LoraObject> {
    return this.withThumbnail(await this.loraService.update(user, id, input));
  }

  @Mutation(() => LoraObject, { description: 'READY, DEPRECATED (kept where used, not newly picked) or DISABLED (refused in every save). Admins only.' })
  @Roles('ADMIN')
  async setLoraStatus(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('status', { type: () => LoraStatusEnum }) status: LoraStatusEnum): Promise<LoraObject> {
    return this.withThumbnail(await this.loraService.setStatus(user, id, status));
  }

  @ResolveField(() => [LoraUseObject], { nullable: true, description: 'Templates whose draft or published version uses it. Admins only (null for others).' })
  async usedBy(@Parent() lora: LoraObject, @Context() ctx: GqlContext): Promise<LoraUseObject[] | null> {
    if (!ctx.req.user || !hasRole(ctx.req.user, 'ADMIN')) return null;
    return this.loraService.usesOf(lora.id);
  }

  private async withThumbnail(row: LoraEntity): Promise<LoraObject> {
    return toLoraObject(row, (await this.loraService.thumbnailUrls([row])).get(row.id) ?? null);
  }
}
