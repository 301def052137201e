import { Args, Context, Field, ID, InputType, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles, SignedIn } from '../../common/access.decorator.js';
import { pageSize, toConnection } from '../../common/connection.js';
import { ClientAddress, CurrentUser } from '../../common/current-user.decorator.js';
import type { AtelierRequest, AuthUser, GqlContext } from '../../common/request-context.js';
import { AuthService } from '../auth/auth.service.js';
import { clearSessionCookies, setSessionCookies, wantsCookieSession } from '../auth/session-cookie.js';
import { AuthPayloadObject, InvitationObject, InviteUserInput, PasswordLinkInfoObject, PasswordLinkObject, RoleEnum, UserConnection, UserFilterInput, UserObject, UserStatusEnum, toUserObject } from './user.object.js';
import { UserService } from './user.service.js';
import type { UserEntity, UserRole } from './user.entity.js';

@InputType()
export class CreateUserInput {
  @Field() email: string;
  @Field() displayName: string;
  @Field() password: string;
  @Field(() => [RoleEnum]) roles: UserRole[];
}

@Resolver(() => UserObject)
export class UserResolver {
  constructor(
    private readonly userService: UserService,
    private readonly auth: AuthService,
  ) {}

  @Query(() => UserObject)
  @SignedIn()
  async me(@CurrentUser() user: AuthUser): Promise<UserObject> {
    return toUserObject(await this.userService.findById(user.id));
  }

  @Query(() => UserConnection, { description: 'Every account, newest first (admins only).' })
  @Roles('ADMIN')
  async users(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('filter', { type: () => UserFilterInput, nullable: true, description: 'Search by name or e-mail, by role, by status.' }) filter?: UserFilterInput,
  ): Promise<UserConnection> {
    const limit = pageSize(first);
    const { rows, totalCount } = await this.userService.listUsers(limit, after, filter ?? {});
    return toConnection(rows.map(toUserObject), limit, totalCount, (u) => u.createdAt.toISOString());
  }

  @Mutation(() => AuthPayloadObject)
  @Public()
  async login(@Args('email') email: string, @Args('password') password: string, @ClientAddress() address: string, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    const { token, expiresAt, user } = await this.auth.login(email, password, address);
    return this.sessionPayload(ctx.req, { token, expiresAt }, user);
  }

  @Mutation(() => Boolean, {
    description:
      "Ends this browser's studio session: the API tells the browser to forget its session cookie. A Bearer token is not stored by the API and stays valid until it expires; signOutEverywhere ends every session at once.",
  })
  @Public()
  signOut(@Context() ctx: GqlContext): boolean {
    clearSessionCookies(ctx.req);
    return true;
  }

  @ResolveField(() => String, { nullable: true, description: 'The studio language they chose (en or zh-CN); null until they choose one. Only the person and admins see it.' })
  locale(@Parent() user: UserObject, @Context() ctx: GqlContext): string | null {
    return isSelfOrAdmin(user, ctx) ? user.locale : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'Their sign-in e-mail address. Only the person and admins see it (null for anyone else: a reviewer, a co-author).' })
  email(@Parent() user: UserObject, @Context() ctx: GqlContext): string | null {
    return isSelfOrAdmin(user, ctx) ? user.email : null;
  }

  @ResolveField(() => Boolean, { nullable: true, description: 'Whether the account is disabled (it cannot sign in; its sessions ended when it was disabled). Only the person and admins see it (null for anyone else).' })
  disabled(@Parent() user: UserObject, @Context() ctx: GqlContext): boolean | null {
    return isSelfOrAdmin(user, ctx) ? user.disabled : null;
  }

  @ResolveField(() => UserStatusEnum, { nullable: true, description: 'Active, invited (no password set yet) or disabled. Only the person and admins see it (null for anyone else).' })
  status(@Parent() user: UserObject, @Context() ctx: GqlContext): UserStatusEnum | null {
    if (!isSelfOrAdmin(user, ctx)) return null;
    return user.disabled ? UserStatusEnum.DISABLED : user.passwordSet ? UserStatusEnum.ACTIVE : UserStatusEnum.INVITED;
  }

  @Mutation(() => InvitationObject, { description: 'Creates an account and answers once with how its person gets in: a one-time set-password link (default) or a temporary password. Admins only.' })
  @Roles('ADMIN')
  async inviteUser(@CurrentUser() actor: AuthUser, @Args('input') input: InviteUserInput): Promise<InvitationObject> {
    const { user, link, temporaryPassword } = await this.userService.invite(actor, { ...input, method: input.method ?? 'LINK' });
    return { user: toUserObject(user), setPasswordToken: link?.token ?? null, temporaryPassword, expiresAt: link?.expiresAt ?? null };
  }

  @Mutation(() => PasswordLinkObject, { description: "A one-time link for the person to choose a new password (an older link stops working); their sessions end when they use it. Admins only." })
  @Roles('ADMIN')
  async resetUserPassword(@CurrentUser() actor: AuthUser, @Args('userId', { type: () => ID }) userId: string): Promise<PasswordLinkObject> {
    const { user, token, expiresAt } = await this.userService.resetPassword(actor, userId);
    return { user: toUserObject(user), setPasswordToken: token, expiresAt };
  }

  @Mutation(() => UserObject, { description: 'Replaces the roles of an account (at least one). The last active admin keeps ADMIN. Admins only.' })
  @Roles('ADMIN')
  async setUserRoles(@CurrentUser() actor: AuthUser, @Args('userId', { type: () => ID }) userId: string, @Args('roles', { type: () => [RoleEnum] }) roles: UserRole[]): Promise<UserObject> {
    return toUserObject(await this.userService.setRoles(actor, userId, roles));
  }

  @Query(() => PasswordLinkInfoObject, { nullable: true, description: 'What a set-password link is for; null when it is unknown, used or expired.' })
  @Public()
  async passwordLink(@Args('token') token: string): Promise<PasswordLinkInfoObject | null> {
    const found = await this.userService.findPasswordLink(token);
    return found ? { purpose: found.link.purpose, displayName: found.user.displayName, email: found.user.email, expiresAt: found.link.expiresAt } : null;
  }

  @Mutation(() => AuthPayloadObject, { description: 'Sets the password a one-time link was issued for and signs in (other sessions of the person end). The link then stops working.' })
  @Public()
  async setPasswordWithLink(@Args('token') token: string, @Args('newPassword') newPassword: string, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    return this.freshSession(ctx.req, await this.userService.setPasswordWithLink(token, newPassword));
  }

  @Mutation(() => UserObject, { description: "Remembers the signed-in person's studio language (en or zh-CN) for every browser they use." })
  @SignedIn()
  async setMyLocale(@CurrentUser() user: AuthUser, @Args('locale') locale: string): Promise<UserObject> {
    return toUserObject(await this.userService.setLocale(user, locale));
  }

  @Mutation(() => AuthPayloadObject, { description: 'Ends every session of yours in every browser at once, and answers with a new token for this one.' })
  @SignedIn()
  async signOutEverywhere(@CurrentUser() user: AuthUser, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    return this.freshSession(ctx.req, await this.userService.signOutEverywhere(user));
  }

  @Mutation(() => AuthPayloadObject, { description: 'Changes your password (your current one is asked for); every other session of yours ends, this browser gets a new token.' })
  @SignedIn()
  async changeMyPassword(@CurrentUser() user: AuthUser, @Args('currentPassword') currentPassword: string, @Args('newPassword') newPassword: string, @Context() ctx: GqlContext): Promise<AuthPayloadObject> {
    return this.freshSession(ctx.req, await this.userService.changePassword(user, currentPassword, newPassword));
  }

  @Mutation(() => UserObject, { description: 'Disables an account (its sessions end at once) or enables it again. Admins only; not your own account, nor the last active admin.' })
  @Roles('ADMIN')
  async setUserDisabled(@CurrentUser() actor: AuthUser, @Args('userId', { type: () => ID }) userId: string, @Args('disabled') disabled: boolean): Promise<UserObject> {
    return toUserObject(await this.userService.setDisabled(actor, userId, disabled));
  }

  private freshSession(req: AtelierRequest, user: UserEntity): AuthPayloadObject {
    return this.sessionPayload(req, this.auth.issueToken(user), user);
  }

  // A cookie session (the studio) gets its token as an httpOnly cookie, never in the answer; a
  // Bearer client gets the token to send.
  private sessionPayload(req: AtelierRequest, session: { token: string; expiresAt: Date }, user: UserEntity): AuthPayloadObject {
    const profile = { ...toUserObject(user), isSelf: true };
    if (!wantsCookieSession(req)) return { ...session, csrfToken: null, user: profile };
    const csrfToken = this.auth.csrfTokenFor(session.token);
    setSessionCookies(req, { ...session, csrfToken });
    return { token: '', csrfToken, expiresAt: session.expiresAt, user: profile };
  }

  @Mutation(() => UserObject)
  @Roles('ADMIN')
  async createUser(@CurrentUser() actor: AuthUser, @Args('input') input: CreateUserInput): Promise<UserObject> {
    return toUserObject(await this.userService.createUser(actor, input));
  }
}

// Personal details of an account (e-mail, language) are for the person and admins only.
function isSelfOrAdmin(user: UserObject, ctx: GqlContext): boolean {
  const viewer = ctx.req.user;
  return Boolean(user.isSelf || (viewer && (viewer.id === user.id || viewer.roles.includes('ADMIN'))));
}
