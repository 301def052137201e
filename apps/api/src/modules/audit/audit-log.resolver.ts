import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../../common/access.decorator.js';
import { pageSize, toConnection } from '../../common/connection.js';
import type { GqlContext } from '../../common/request-context.js';
import { UserObject, toUserObject } from '../user/user.object.js';
import { AuditActorObject, AuditEntryConnection, AuditEntryObject, AuditLogCsvObject, AuditLogFilter, toAuditEntryObject } from './audit-log.object.js';
import { actorLabelOf, actorRef } from './audit-log.repository.js';
import { AUDIT_CSV_MAX_ROWS, AuditLogService, type AuditLogCsvView } from './audit-log.service.js';

@Resolver(() => AuditEntryObject)
export class AuditLogResolver {
  constructor(private readonly entries: AuditLogService) {}

  @Query(() => AuditEntryConnection, { description: 'The audit log, newest first: who did what to which object, and when (admins only).' })
  @Roles('ADMIN')
  async auditLog(
    @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter?: AuditLogFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    const limit = pageSize(first);
    const { rows, totalCount } = await this.entries.page(filter, limit, after);
    return toConnection(rows.map(toAuditEntryObject), limit, totalCount, (e) => e.createdAt.toISOString());
  }

  @Query(() => [String], { description: 'Every action the audit log holds, in alphabetical order, for a filter menu (admins only).' })
  @Roles('ADMIN')
  auditActions(): Promise<string[]> {
    return this.entries.actions();
  }

  @Query(() => AuditLogCsvObject, { description: `The filtered audit log as CSV: the newest ${AUDIT_CSV_MAX_ROWS} matching entries at most; truncated says when more match (admins only).` })
  @Roles('ADMIN')
  auditLogCsv(@Args('filter', { type: () => AuditLogFilter, nullable: true }) filter?: AuditLogFilter | null): Promise<AuditLogCsvView> {
    return this.entries.csv(filter);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "The object's name where it has one: a template's title, a version as title and number, a person's display name, the name of a key, token, face or LoRA, a file name. Null when it has none or is gone.",
  })
  entityLabel(@Parent() entry: AuditEntryObject, @Context() ctx: GqlContext): Promise<string | null> {
    return ctx.loaders.auditObjectLabel.load({ entityType: entry.entityType, entityId: entry.entityId });
  }
}

@Resolver(() => AuditActorObject)
export class AuditActorResolver {
  @ResolveField(() => String, { description: "Who, as a name: a person's display name, an API key's name, or System." })
  async label(@Parent() actor: AuditActorObject, @Context() ctx: GqlContext): Promise<string> {
    const ref = actorRef(actor);
    return actorLabelOf(actor, ref ? await ctx.loaders.auditObjectLabel.load(ref) : null);
  }

  @ResolveField(() => UserObject, { nullable: true, description: 'The person, for USER actors.' })
  async user(@Parent() actor: AuditActorObject, @Context() ctx: GqlContext): Promise<UserObject | null> {
    if (actor.kind !== 'USER' || !actor.id) return null;
    const row = await ctx.loaders.userById.load(actor.id);
    return row ? toUserObject(row) : null;
  }
}
