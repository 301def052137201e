import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import type { UserEntity, UserRole } from './user.entity.js';

export enum RoleEnum {
  DESIGNER = 'DESIGNER',
  REVIEWER = 'REVIEWER',
  ADMIN = 'ADMIN',
}
registerEnumType(RoleEnum, { name: 'Role' });

export enum InviteMethodEnum {
  LINK = 'LINK',
  TEMPORARY_PASSWORD = 'TEMPORARY_PASSWORD',
}
registerEnumType(InviteMethodEnum, { name: 'InviteMethod' });

export enum PasswordLinkPurposeEnum {
  INVITE = 'INVITE',
  RESET = 'RESET',
}
registerEnumType(PasswordLinkPurposeEnum, { name: 'PasswordLinkPurpose' });

@ObjectType('User')
export class UserObject {
  @Field(() => ID) id: string;
  /** Resolved by UserResolver.email: only the person and admins see it. */
  email: string;
  @Field() displayName: string;
  @Field(() => [RoleEnum]) roles: UserRole[];
  @Field() createdAt: Date;
  /** Resolved by UserResolver.locale: only the person and admins see it. */
  locale: string | null;
  /** Resolved by UserResolver.disabled: only the person and admins see it. */
  disabled: boolean;
  /** False for an invited account that has not set its password yet. */
  passwordSet: boolean;
  /** Set when this object is the caller's own account although the request is not signed in yet (login's answer). */
  isSelf?: boolean;
}

export function toUserObject(row: UserEntity): UserObject {
  return { id: row.id, email: row.email, displayName: row.displayName, roles: row.roles, createdAt: row.createdAt, locale: row.locale, disabled: row.disabled, passwordSet: row.passwordSet };
}

export enum UserStatusEnum {
  ACTIVE = 'ACTIVE',
  INVITED = 'INVITED',
  DISABLED = 'DISABLED',
}
registerEnumType(UserStatusEnum, {
  name: 'UserStatus',
  valuesMap: { INVITED: { description: 'Invited; has not set a password with the link yet.' }, DISABLED: { description: 'Cannot sign in; every session ended when it was disabled.' } },
});

@InputType()
export class UserFilterInput {
  @Field({ nullable: true, description: 'Part of a name or e-mail address.' }) search?: string;
  @Field(() => RoleEnum, { nullable: true }) role?: UserRole;
  @Field(() => UserStatusEnum, { nullable: true }) status?: 'ACTIVE' | 'INVITED' | 'DISABLED';
}

@InputType()
export class InviteUserInput {
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => [RoleEnum]) roles: UserRole[];
  @Field(() => InviteMethodEnum, { nullable: true, description: 'LINK (default): a one-time set-password link. TEMPORARY_PASSWORD: a password shown once in the answer.' })
  method?: 'LINK' | 'TEMPORARY_PASSWORD';
}

@ObjectType('Invitation', { description: 'A new account and how its person gets in. Pass it on yourself; it is shown only in this answer.' })
export class InvitationObject {
  @Field(() => UserObject) user: UserObject;
  @Field(() => String, { nullable: true, description: 'The one-time link token (LINK): the studio link is /#/set-password?token=<this>.' }) setPasswordToken: string | null;
  @Field(() => String, { nullable: true, description: 'The temporary password (TEMPORARY_PASSWORD).' }) temporaryPassword: string | null;
  @Field(() => Date, { nullable: true, description: 'When the link stops working (LINK).' }) expiresAt: Date | null;
}

@ObjectType('PasswordLink', { description: 'A one-time set-password link for an account, shown only in this answer.' })
export class PasswordLinkObject {
  @Field(() => UserObject) user: UserObject;
  @Field({ description: 'The studio link is /#/set-password?token=<this>.' }) setPasswordToken: string;
  @Field() expiresAt: Date;
}

@ObjectType('PasswordLinkInfo', { description: 'What a set-password link is for, shown on its page before the password is chosen.' })
export class PasswordLinkInfoObject {
  @Field(() => PasswordLinkPurposeEnum) purpose: 'INVITE' | 'RESET';
  @Field() displayName: string;
  @Field() email: string;
  @Field() expiresAt: Date;
}

@ObjectType('UserConnection')
export class UserConnection extends Connection(UserObject, 'User') {}

@ObjectType('AuthPayload')
export class AuthPayloadObject {
  @Field({
    description:
      'The session token, to send as Authorization: Bearer <token>. Empty when the request asked for a cookie session (header x-atelier-session: cookie, as the studio does): the token then lives only in an httpOnly cookie that page scripts cannot read.',
  })
  token: string;
  @Field(() => String, {
    nullable: true,
    description: 'For a cookie session: the CSRF token every request must send as the x-csrf-token header (also in the readable atelier_csrf cookie). Null for a Bearer session.',
  })
  csrfToken: string | null;
  @Field() expiresAt: Date;
  @Field(() => UserObject) user: UserObject;
}
