import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/access.decorator.js';
import { CurrentUser } from '../../common/current-user.decorator.js';
import type { AuthUser } from '../../common/request-context.js';
import type { WorkerTokenEntity } from './worker-token.entity.js';
import { WorkerTokenService } from './worker-token.service.js';

@ObjectType('WorkerToken', { description: 'A credential a GPU worker presents on /v1.' })
export class WorkerTokenObject {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() prefix: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
}

function toWorkerTokenObject(row: WorkerTokenEntity): WorkerTokenObject {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt };
}

@ObjectType('CreatedWorkerToken')
export class CreatedWorkerTokenObject {
  @Field({ description: 'The secret token. It is shown only this once; give it to the worker as WORKER_TOKEN.' }) token: string;
  @Field(() => WorkerTokenObject) workerToken: WorkerTokenObject;
}

@Resolver(() => WorkerTokenObject)
export class WorkerTokenResolver {
  constructor(private readonly workerTokenService: WorkerTokenService) {}

  @Query(() => [WorkerTokenObject])
  @Roles('ADMIN')
  async workerTokens(): Promise<WorkerTokenObject[]> {
    return (await this.workerTokenService.list()).map(toWorkerTokenObject);
  }

  @Mutation(() => CreatedWorkerTokenObject)
  @Roles('ADMIN')
  async issueWorkerToken(@CurrentUser() user: AuthUser, @Args('name') name: string): Promise<CreatedWorkerTokenObject> {
    const { token, workerToken } = await this.workerTokenService.create(user, { name });
    return { token, workerToken: toWorkerTokenObject(workerToken) };
  }

  @Mutation(() => WorkerTokenObject)
  @Roles('ADMIN')
  async revokeWorkerToken(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }) id: string): Promise<WorkerTokenObject> {
    return toWorkerTokenObject(await this.workerTokenService.revoke(user, id));
  }
}
