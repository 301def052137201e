import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { Roles } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import type { ApiKeyEntity, ApiKeyScope } from './api-key.entity.js';
import { ApiKeyService } from './api-key.service.js';

export enum ApiKeyScopeEnum {
  CATALOG_READ = 'catalog:read',
  USAGE_WRITE = 'usage:write',
}
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope' });

@ObjectType('ApiKey')
export class ApiKeyObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The public part of the key, to recognise it in lists and logs.' }) prefix: string;
  @Field(() => [ApiKeyScopeEnum]) scopes: ApiKeyScope[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The consumer app the key reports usage for.' }) consumerAppId: string | null;
}

function toApiKeyObject(row: ApiKeyEntity): ApiKeyObject {
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, createdAt: row.createdAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt, consumerAppId: row.consumerAppId };
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyObject {
  @Field({ description: 'The secret key. It is shown only this once; store it safely.' }) key: string;
  @Field(() => ApiKeyObject) apiKey: ApiKeyObject;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name: string;
  @Field(() => [ApiKeyScopeEnum]) scopes: ApiKeyScope[];
  @Field(() => String, { nullable: true, description: 'The consumer app the key belongs to (created on first use); required with USAGE_WRITE.' }) consumerApp?: string | null;
}

@Resolver(() => ApiKeyObject)
export class ApiKeyResolver {
  constructor(private readonly apiKeyService: ApiKeyService) {}

  @Query(() => [ApiKeyObject])
  @Roles('ADMIN')
  async apiKeys(): Promise<ApiKeyObject[]> {
    return (await this.apiKeyService.list()).map(toApiKeyObject);
  }

  @Mutation(() => CreatedApiKeyObject)
  @Roles('ADMIN')
  async createApiKey(@CurrentUser() user: AuthUser, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyObject> {
    const { key, apiKey } = await this.apiKeyService.create(user, input);
    return { key, apiKey: toApiKeyObject(apiKey) };
  }

  @Mutation(() => ApiKeyObject)
  @Roles('ADMIN')
  async revokeApiKey(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyObject> {
    return toApiKeyObject(await this.apiKeyService.revoke(user, id));
  }
}
