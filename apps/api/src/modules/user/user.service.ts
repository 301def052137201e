import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, forbidden, notFound, requireUuid, type InputIssue } from '../../common/app-error.js';
import { decodeCursor } from '../../common/connection.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password-hasher.js';
import { UserEntity, type UserRole } from './user.entity.js';

export interface CreateUserData {
  email: string;
  displayName: string;
  password: string;
  roles: UserRole[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The languages the studio is translated into. */
export const STUDIO_LOCALES = ['en', 'zh-CN'] as const;

@Injectable()
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  /** Ends every session of the person (other browsers at once); answers with the account to issue this browser a new token. */
  async signOutEverywhere(user: AuthUser): Promise<UserEntity> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [user.id]);
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'user.signed_out_everywhere', entityType: 'user', entityId: user.id });
      return (await m.findOneBy(UserEntity, { id: user.id }))!;
    });
  }

  /** A new password for the signed-in person, given their current one; every other session ends. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<UserEntity> {
    if (newPassword.length < 10 || newPassword.length > 200) throw badInput('The new password must be 10 to 200 characters.', [{ path: 'newPassword', message: '10 to 200 characters' }]);
    if (!(await this.auth.isCurrentPassword(user.id, currentPassword))) {
      throw badInput('That is not your current password.', [{ path: 'currentPassword', message: 'does not match' }]);
    }
    const passwordHash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE users SET password_hash = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [user.id, passwordHash]);
      await this.audit.record(m, { actor: { kind: 'USER', id: user.id }, action: 'user.password_changed', entityType: 'user', entityId: user.id });
      return (await m.findOneBy(UserEntity, { id: user.id }))!;
    });
  }

  /**
   * Disables (every session ends at once) or re-enables an account. Admins only, and never their own
   * account: the admin acting stays active, so the last active admin cannot be disabled.
   */
  async setDisabled(actor: AuthUser, userId: string, disabled: boolean): Promise<UserEntity> {
    const id = requireUuid(userId, 'User');
    if (id === actor.id && disabled) throw forbidden('You cannot disable your own account; ask another admin.');
    return this.dataSource.transaction(async (m) => {
      const target = await m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw notFound('User', id);
      if (target.disabled !== disabled) {
        await m.query(`UPDATE users SET disabled = $2, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [id, disabled]);
        await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: id, before: { disabled: target.disabled }, after: { disabled } });
      }
      return (await m.findOneBy(UserEntity, { id }))!;
    });
  }

  async findById(id: string): Promise<UserEntity> {
    const user = await this.dataSource.manager.findOneBy(UserEntity, { id });
    if (!user) throw notFound('User', id);
    return user;
  }

  // Every account, newest first (keyset paging on created_at, id); limit + 1 rows tell whether more follow.
  async listUsers(limit: number, after: string | null | undefined): Promise<{ rows: UserEntity[]; totalCount: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(UserEntity, 'u');
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after);
    if (cursor) qb.where('(u.created_at, u.id) < (:sortKey::timestamptz, :id::uuid)', cursor);
    const rows = await qb.orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(limit + 1).getMany();
    return { rows, totalCount };
  }

  /** Remembers the studio language a person chose, so it follows them to any browser. */
  async setLocale(user: AuthUser, locale: string): Promise<UserEntity> {
    if (!(STUDIO_LOCALES as readonly string[]).includes(locale)) {
      throw badInput(`Choose one of the studio's languages: ${STUDIO_LOCALES.join(', ')}.`, [{ path: 'locale', message: `must be one of ${STUDIO_LOCALES.join(', ')}` }]);
    }
    await this.dataSource.manager.update(UserEntity, { id: user.id }, { locale });
    return this.findById(user.id);
  }

  // actor null = the system (seeding).
  async createUser(actor: AuthUser | null, input: CreateUserData): Promise<UserEntity> {
    const issues: InputIssue[] = [];
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 254) issues.push({ path: 'email', message: 'Enter a valid email address.' });
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 80) issues.push({ path: 'displayName', message: 'Display name must be 1 to 80 characters.' });
    if (input.password.length < 10 || input.password.length > 200) issues.push({ path: 'password', message: 'Password must be 10 to 200 characters.' });
    const roles = [...new Set(input.roles)];
    if (!roles.length) issues.push({ path: 'roles', message: 'Give the user at least one role.' });
    if (issues.length) throw badInput(issues[0]!.message, issues);
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (m) => {
      const exists = await m.createQueryBuilder(UserEntity, 'u').where('lower(u.email) = :email', { email }).getExists();
      if (exists) throw badInput('An account with this email already exists.', [{ path: 'email', message: 'already exists' }]);
      const user = await m.save(m.create(UserEntity, { email, displayName, passwordHash, roles, disabled: false }));
      await this.audit.record(m, { actor: actor ? { kind: 'USER', id: actor.id } : { kind: 'SYSTEM', id: null }, action: 'user.created', entityType: 'user', entityId: user.id, after: { email, roles } });
      return user;
    });
  }
}
