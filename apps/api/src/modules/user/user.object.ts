import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection.js';
import type { UserEntity, UserRole } from './user.entity.js';

export enum RoleEnum {
  DESIGNER = 'DESIGNER',
  REVIEWER = 'REVIEWER',
  ADMIN = 'ADMIN',
}
registerEnumType(RoleEnum, { name: 'Role' });

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
  /** Set when this object is the caller's own account although the request is not signed in yet (login's answer). */
  isSelf?: boolean;
}

export function toUserObject(row: UserEntity): UserObject {
  return { id: row.id, email: row.email, displayName: row.displayName, roles: row.roles, createdAt: row.createdAt, locale: row.locale, disabled: row.disabled };
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
