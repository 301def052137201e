import { Inject } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { Roles } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import type { ApiKeyEntity, ApiKeyScope } from './api-key.entity.js';
import { ApiKeyService } from './api-key.service.js';

export enum ApiKeyScopeEnum {
  CATALOG_READ = 'catalog:read',
  USAGE_WRITE = 'usage:write',
  RENDER = 'render',
}
registerEnumType(ApiKeyScopeEnum, {
  name: 'ApiKeyScope',
  valuesMap: {
    RENDER: {
      description:
        "Uploads and deletes the app's end users' identities (requestUpload with IDENTITY_LORA or IDENTITY_PHOTO, completeUpload, deleteAsset) and renders with them on the GPU pool (createRender, render, renders, cancelRender, webhookDeliveries); needs a consumer app.",
    },
  },
});

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
  @Field(() => Int, { nullable: true, description: "The key's own limit of requests per minute; null: the default (effectiveRateLimitPerMinute)." }) rateLimitPerMinute: number | null;
  @Field(() => Int, { description: 'Requests per minute the key may make now: its own limit, else the default. Over it, requests get HTTP 429 with Retry-After and RATE_LIMITED.' })
  effectiveRateLimitPerMinute: number;
}

function toApiKeyObject(row: ApiKeyEntity, defaultRateLimit: number): ApiKeyObject {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    consumerAppId: row.consumerAppId,
    rateLimitPerMinute: row.rateLimitPerMinute,
    effectiveRateLimitPerMinute: row.rateLimitPerMinute ?? defaultRateLimit,
  };
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyObject {
  @Field({ description: 'The secret key. It is shown only this once; store it safely.' }) key: string;
  @Field(() => ApiKeyObject) apiKey: ApiKeyObject;
  @Field(() => String, {
    nullable: true,
    description: 'Keys with RENDER: the secret render webhooks are signed with (X-Atelier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">). Shown only this once; null for other keys.',
  })
  webhookSecret: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name: string;
  @Field(() => [ApiKeyScopeEnum]) scopes: ApiKeyScope[];
  @Field(() => String, { nullable: true, description: 'The consumer app the key belongs to (created on first use); required with USAGE_WRITE and RENDER.' }) consumerApp?: string | null;
  @Field(() => Int, { nullable: true, description: 'Its own limit of requests per minute (1 to 1,000,000); left out or null: the default.' }) rateLimitPerMinute?: number | null;
}

@Resolver(() => ApiKeyObject)
export class ApiKeyResolver {
  constructor(
    private readonly apiKeyService: ApiKeyService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private toObject(row: ApiKeyEntity): ApiKeyObject {
    return toApiKeyObject(row, this.config.apiKeys.rateLimitPerMinute);
  }

  @Query(() => [ApiKeyObject])
  @Roles('ADMIN')
  async apiKeys(): Promise<ApiKeyObject[]> {
    return (await this.apiKeyService.list()).map((row) => this.toObject(row));
  }

  @Mutation(() => CreatedApiKeyObject)
  @Roles('ADMIN')
  async createApiKey(@CurrentUser() user: AuthUser, @Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyObject> {
    const { key, apiKey, webhookSecret } = await this.apiKeyService.create(user, input);
    return { key, apiKey: this.toObject(apiKey), webhookSecret };
  }

  @Mutation(() => ApiKeyObject)
  @Roles('ADMIN')
  async revokeApiKey(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyObject> {
    return this.toObject(await this.apiKeyService.revoke(user, id));
  }

  @Mutation(() => ApiKeyObject, { description: "Sets the key's own limit of requests per minute (1 to 1,000,000), or with null gives it the default again. Every API process applies it at once." })
  @Roles('ADMIN')
  async setApiKeyRateLimit(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string, @Args('perMinute', { type: () => Int, nullable: true }) perMinute: number | null): Promise<ApiKeyObject> {
    return this.toObject(await this.apiKeyService.setRateLimit(user, id, perMinute ?? null));
  }
}
