import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInputIssues, forbidden, inputIssue, notFound, requireUuid, type InputIssue } from '../../common/app-error.js';
import { decodeCursor } from '../../common/connection.js';
import type { AuthUser } from '../../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password-hasher.js';
import { issueSecretToken, parseSecretToken, secretMatches } from '../../common/secret-token.js';
import { PasswordLinkEntity, type PasswordLinkPurpose } from './password-link.entity.js';
import { UserEntity, type UserRole } from './user.entity.js';

export type UserStatus = 'ACTIVE' | 'INVITED' | 'DISABLED';

export interface UserListFilter {
  search?: string | null;
  role?: UserRole | null;
  status?: UserStatus | null;
}

export interface InviteData {
  email: string;
  displayName: string;
  roles: UserRole[];
  method: 'LINK' | 'TEMPORARY_PASSWORD';
}

/** How long a set-password link works. */
export const PASSWORD_LINK_HOURS = 72;
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 200;

// Every password a person chooses (or an admin sets) has this length.
function isPasswordLengthAllowed(password: string): boolean {
  return password.length >= MIN_PASSWORD && password.length <= MAX_PASSWORD;
}

// 16 characters a person can read out and type (no 0/O, 1/l/I), about 80 bits.
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

export interface CreateUserData {
  email: string;
  displayName: string;
  password: string;
  roles: UserRole[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL = 254;
const MAX_DISPLAY_NAME = 80;

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
    if (!isPasswordLengthAllowed(newPassword)) throw badInputIssues([inputIssue('newPassword', 'user.newPasswordLength', { min: MIN_PASSWORD, max: MAX_PASSWORD })]);
    if (!(await this.auth.isCurrentPassword(user.id, currentPassword))) throw badInputIssues([inputIssue('currentPassword', 'user.wrongCurrentPassword')]);
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
    if (id === actor.id && disabled) throw forbidden('user.cannotDisableSelf');
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

  // Accounts matching the filter, newest first (keyset paging on created_at, id); limit + 1 rows
  // tell whether more follow. Search looks in names and e-mail addresses.
  async listUsers(limit: number, after: string | null | undefined, filter: UserListFilter = {}): Promise<{ rows: UserEntity[]; totalCount: number }> {
    const qb = this.dataSource.manager.createQueryBuilder(UserEntity, 'u');
    const search = filter.search?.trim();
    if (search) qb.andWhere(`(u.display_name ILIKE :like OR u.email ILIKE :like)`, { like: `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.status === 'DISABLED') qb.andWhere('u.disabled');
    if (filter.status === 'INVITED') qb.andWhere('NOT u.disabled AND NOT u.password_set');
    if (filter.status === 'ACTIVE') qb.andWhere('NOT u.disabled AND u.password_set');
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after);
    if (cursor) qb.andWhere('(u.created_at, u.id) < (:sortKey::timestamptz, :id::uuid)', cursor);
    const rows = await qb.orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(limit + 1).getMany();
    return { rows, totalCount };
  }

  /** Remembers the studio language a person chose, so it follows them to any browser. */
  async setLocale(user: AuthUser, locale: string): Promise<UserEntity> {
    if (!(STUDIO_LOCALES as readonly string[]).includes(locale)) {
      throw badInputIssues([inputIssue('locale', 'user.localeUnknown', { locales: STUDIO_LOCALES.join(', ') })]);
    }
    await this.dataSource.manager.update(UserEntity, { id: user.id }, { locale });
    return this.findById(user.id);
  }

  // actor null = the system (seeding).
  async createUser(actor: AuthUser | null, input: CreateUserData, opts: { passwordSet?: boolean; action?: string } = {}): Promise<UserEntity> {
    const issues: InputIssue[] = [];
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > MAX_EMAIL) issues.push(inputIssue('email', 'user.emailInvalid'));
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > MAX_DISPLAY_NAME) issues.push(inputIssue('displayName', 'user.displayNameLength', { min: 1, max: MAX_DISPLAY_NAME }));
    if (!isPasswordLengthAllowed(input.password)) issues.push(inputIssue('password', 'user.passwordLength', { min: MIN_PASSWORD, max: MAX_PASSWORD }));
    const roles = [...new Set(input.roles)];
    if (!roles.length) issues.push(inputIssue('roles', 'user.rolesRequired'));
    if (issues.length) throw badInputIssues(issues);
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (m) => {
      const exists = await m.createQueryBuilder(UserEntity, 'u').where('lower(u.email) = :email', { email }).getExists();
      if (exists) throw badInputIssues([inputIssue('email', 'user.emailTaken')]);
      const user = await m.save(m.create(UserEntity, { email, displayName, passwordHash, roles, disabled: false, passwordSet: opts.passwordSet ?? true }));
      await this.audit.record(m, { actor: actor ? { kind: 'USER', id: actor.id } : { kind: 'SYSTEM', id: null }, action: opts.action ?? 'user.created', entityType: 'user', entityId: user.id, after: { email, roles } });
      return user;
    });
  }

  /**
   * Creates an account for someone and says how they get in: a one-time set-password link (the
   * account has no usable password until it is used), or a temporary password shown only in this
   * answer. Either way the admin passes it on; nothing is e-mailed.
   */
  async invite(actor: AuthUser, input: InviteData): Promise<{ user: UserEntity; link: { token: string; expiresAt: Date } | null; temporaryPassword: string | null }> {
    const password = input.method === 'TEMPORARY_PASSWORD' ? temporaryPassword() : null;
    const user = await this.createUser(actor, { ...input, password: password ?? randomBytes(24).toString('base64url') }, { passwordSet: password !== null, action: 'user.invited' });
    const link = password ? null : await this.issuePasswordLink(actor, user.id, 'INVITE');
    return { user, link, temporaryPassword: password };
  }

  /** A one-time link for the person to choose a new password; their sessions end when they use it. */
  async resetPassword(actor: AuthUser, userId: string): Promise<{ user: UserEntity; token: string; expiresAt: Date }> {
    const user = await this.findById(requireUuid(userId, 'User'));
    if (user.disabled) throw forbidden('user.disabledNoReset', { name: user.displayName });
    const link = await this.issuePasswordLink(actor, user.id, user.passwordSet ? 'RESET' : 'INVITE');
    return { user, ...link };
  }

  private async issuePasswordLink(actor: AuthUser, userId: string, purpose: PasswordLinkPurpose): Promise<{ token: string; expiresAt: Date }> {
    const { token, prefix, secretHash } = issueSecretToken('pwd');
    const expiresAt = new Date(Date.now() + PASSWORD_LINK_HOURS * 3600_000);
    await this.dataSource.transaction(async (m) => {
      // One live link per person: an older one stops working.
      await m.query(`UPDATE password_links SET expires_at = LEAST(expires_at, now()) WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      await m.insert(PasswordLinkEntity, { userId, purpose, prefix, secretHash, expiresAt, usedAt: null, createdBy: actor.id });
      await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: purpose === 'INVITE' ? 'user.invite_link_issued' : 'user.password_reset_issued', entityType: 'user', entityId: userId, after: { expiresAt } });
    });
    return { token, expiresAt };
  }

  /** The live link a token names, with its account; null when it is unknown, used or expired. */
  async findPasswordLink(token: string): Promise<{ link: PasswordLinkEntity; user: UserEntity } | null> {
    const parsed = parseSecretToken('pwd', token);
    if (!parsed) return null;
    const link = await this.dataSource.manager.findOneBy(PasswordLinkEntity, { prefix: parsed.prefix });
    if (!link || !secretMatches(link.secretHash, parsed.secret) || link.usedAt || link.expiresAt.getTime() <= Date.now()) return null;
    const user = await this.dataSource.manager.findOneBy(UserEntity, { id: link.userId });
    return user && !user.disabled ? { link, user } : null;
  }

  /** Sets the password a link was issued for, once; every other session of the person ends. */
  async setPasswordWithLink(token: string, newPassword: string): Promise<UserEntity> {
    if (!isPasswordLengthAllowed(newPassword)) throw badInputIssues([inputIssue('newPassword', 'user.linkPasswordLength', { min: MIN_PASSWORD, max: MAX_PASSWORD })]);
    const found = await this.findPasswordLink(token);
    if (!found) throw badInputIssues([inputIssue('token', 'user.linkExpired')]);
    const passwordHash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (m) => {
      // Used once even when two tabs send it at the same moment.
      const claimed: unknown[] = await m.query(`WITH claimed AS (UPDATE password_links SET used_at = now() WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id) SELECT id FROM claimed`, [found.link.id]);
      if (!claimed.length) throw badInputIssues([inputIssue('token', 'user.linkExpired')]);
      await m.query(`UPDATE users SET password_hash = $2, password_set = true, token_version = token_version + 1, updated_at = now() WHERE id = $1`, [found.user.id, passwordHash]);
      await this.audit.record(m, { actor: { kind: 'USER', id: found.user.id }, action: found.link.purpose === 'INVITE' ? 'user.invitation_accepted' : 'user.password_reset', entityType: 'user', entityId: found.user.id });
      return (await m.findOneBy(UserEntity, { id: found.user.id }))!;
    });
  }

  /** New roles for an account; the last active admin keeps ADMIN. Applies to their next request. */
  async setRoles(actor: AuthUser, userId: string, roles: UserRole[]): Promise<UserEntity> {
    const id = requireUuid(userId, 'User');
    const wanted = [...new Set(roles)];
    if (!wanted.length) throw badInputIssues([inputIssue('roles', 'user.rolesRequired')]);
    return this.dataSource.transaction(async (m) => {
      // Admin changes are serialised, so two admins demoting each other cannot leave none.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('user-admins'))`);
      const target = await m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw notFound('User', id);
      if (target.roles.includes('ADMIN') && !wanted.includes('ADMIN') && !target.disabled) {
        const [{ n }]: Array<{ n: number }> = await m.query(`SELECT count(*)::int AS n FROM users WHERE 'ADMIN' = ANY(roles) AND NOT disabled AND id <> $1`, [id]);
        if (n === 0) throw forbidden('user.lastAdmin', { name: target.displayName });
      }
      const before = [...target.roles].sort();
      const after = [...wanted].sort();
      if (before.join() !== after.join()) {
        await m.update(UserEntity, { id }, { roles: after });
        await this.audit.record(m, { actor: { kind: 'USER', id: actor.id }, action: 'user.roles_changed', entityType: 'user', entityId: id, before: { roles: before }, after: { roles: after } });
      }
      return (await m.findOneBy(UserEntity, { id }))!;
    });
  }
}
