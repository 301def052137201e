import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { reasonError, unauthenticated } from '../../common/app-error.js';
import type { AuthUser } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { UserEntity } from '../user/user.entity.js';
import { MemoryAttemptStore, RedisAttemptStore, signInRules, type AttemptStore, type ThrottlePolicy, type ThrottleRule } from './sign-in-throttle.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hasher.js';
import { csrfTokenFor, isCsrfTokenValid } from './session-cookie.js';

// In embedded mode the signing secret is generated once and kept beside the data, so sign-ins
// survive a restart; production must set JWT_SECRET (config refuses to start otherwise).
function resolveJwtSecret(config: ApiConfig): string {
  if (config.jwt.secret) return config.jwt.secret;
  if (config.env === 'test') return randomBytes(32).toString('hex');
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

@Injectable()
export class AuthService implements OnModuleDestroy {
  private readonly secret: string;
  private readonly attempts: AttemptStore;
  private readonly policy: ThrottlePolicy;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.secret = resolveJwtSecret(config);
    this.attempts = config.redis.url ? new RedisAttemptStore(config.redis.url, `${config.redis.keyPrefix}sign-in:`) : new MemoryAttemptStore();
    this.policy = { windowMs: config.login.windowSeconds * 1000, maxLockMs: config.login.maxLockSeconds * 1000 };
  }

  async onModuleDestroy(): Promise<void> {
    await this.attempts.close();
  }

  // Counts an attempt on every rule's key, or refuses with the wait when one is locked.
  private async throttle(rules: ThrottleRule[], refusal: 'auth.tooManySignIns' | 'auth.tooManyPasswordAttempts'): Promise<void> {
    const waitMs = await this.attempts.consume(rules, this.policy, Date.now());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw reasonError('RATE_LIMITED', refusal, { seconds }, { retryAfterSeconds: seconds });
    }
  }

  async login(email: string, password: string, clientAddress: string): Promise<{ token: string; expiresAt: Date; user: UserEntity }> {
    const normalised = email.trim().toLowerCase();
    const rules = signInRules(normalised, clientAddress, this.config.login.maxAttempts);
    await this.throttle(rules, 'auth.tooManySignIns');
    const user = await this.dataSource.manager.createQueryBuilder(UserEntity, 'u').where('lower(u.email) = :email', { email: normalised }).getOne();
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    if (!user || !ok || user.disabled) {
      throw unauthenticated('auth.wrongCredentials');
    }
    await this.attempts.reset(rules.map((r) => r.key));
    const { token, expiresAt } = this.issueToken(user);
    return { token, expiresAt, user };
  }

  issueToken(user: Pick<UserEntity, 'id' | 'email' | 'roles' | 'tokenVersion'>): { token: string; expiresAt: Date } {
    const expiresAt = new Date(Date.now() + this.config.jwt.ttlSeconds * 1000);
    // jwtid: two sign-ins within one second are still two sessions (with two CSRF tokens).
    const token = jwt.sign({ email: user.email, roles: user.roles, tv: user.tokenVersion }, this.secret, { subject: user.id, expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256', issuer: 'atelier', jwtid: randomUUID() });
    return { token, expiresAt };
  }

  /** Whether `password` is the signed-in person's own (before changing it), limited like sign-ins. */
  async isCurrentPassword(userId: string, password: string): Promise<boolean> {
    const rules = [{ key: `password:${userId}`, max: this.config.login.maxAttempts }];
    await this.throttle(rules, 'auth.tooManyPasswordAttempts');
    const user = await this.dataSource.manager.findOneBy(UserEntity, { id: userId });
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    if (ok && user) await this.attempts.reset(rules.map((r) => r.key));
    return ok && Boolean(user);
  }

  /** The CSRF token a cookie session's requests must carry (the studio reads it from its cookie). */
  csrfTokenFor(token: string): string {
    return csrfTokenFor(this.secret, token);
  }

  isCsrfTokenValid(token: string, presented: unknown): boolean {
    return isCsrfTokenValid(this.secret, token, presented);
  }

  // Bearer token -> the user it names, checked against the database (a disabled user is out at once).
  async verifyToken(token: string): Promise<AuthUser> {
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: 'atelier' }) as jwt.JwtPayload;
    } catch (e) {
      throw unauthenticated(e instanceof jwt.TokenExpiredError ? 'auth.sessionExpired' : 'auth.sessionInvalid');
    }
    const user = payload.sub ? await this.dataSource.manager.findOneBy(UserEntity, { id: payload.sub }) : null;
    if (!user || user.disabled) throw unauthenticated('auth.accountInactive');
    if ((payload['tv'] ?? 0) !== user.tokenVersion) throw unauthenticated('auth.sessionEnded');
    return { id: user.id, email: user.email, roles: user.roles };
  }
}
