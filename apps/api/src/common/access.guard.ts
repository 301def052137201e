import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthService } from '../modules/auth/auth.service.js';
import { ApiKeyService } from '../modules/api-key/api-key.service.js';
import { WorkerTokenService } from '../modules/worker-token/worker-token.service.js';
import type { ApiKeyScope } from '../modules/api-key/api-key.entity.js';
import type { UserRole } from '../modules/user/user.entity.js';
import { ACCESS_RULE, type AccessRule } from './access.decorator.js';
import { AppError, forbidden, unauthenticated } from './app-error.js';
import type { AtelierRequest } from './request-context.js';
import { CSRF_HEADER, SESSION_COOKIE, clearSessionCookies, readCookie } from '../modules/auth/session-cookie.js';

// Subscriptions (graphql-ws) get a request built from the connection's connectionParams
// (common/graphql-ws-options.ts), so every rule below applies to them unchanged.
function requestOf(context: ExecutionContext): AtelierRequest {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: AtelierRequest }>().req;
  return context.switchToHttp().getRequest<AtelierRequest>();
}

function bearerToken(req: AtelierRequest): string {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

// Default deny: a handler without an access rule is refused. Field resolvers are not guarded here;
// they only ever expose what their parent (already checked) may show.
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
    private readonly workerTokens: WorkerTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    const req = requestOf(context);
    req.requestId ??= (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing.`);
      throw forbidden();
    }
    switch (rule.kind) {
      case 'public':
        return true;
      case 'worker': {
        const token = bearerToken(req);
        // Read by worker programs, not people: no reason to translate.
        if (!token) throw new AppError('UNAUTHENTICATED', 'Workers authenticate with "Authorization: Bearer <worker token>".');
        req.worker = await this.workerTokens.verify(token);
        return true;
      }
      case 'apiKey':
        return this.checkApiKey(req, rule.scope);
      case 'apiKeyOrUser': {
        // A presented key decides alone (a bad key is refused even beside a valid session).
        const presented = req.headers['x-api-key'];
        if (typeof presented === 'string' && presented) return this.checkApiKey(req, rule.scope);
        if (!this.sessionToken(req)) throw unauthenticated('access.apiKeyOrUserMissing');
        return this.checkUser(req, 'any');
      }
      case 'apiKeyOrRoles': {
        // As apiKeyOrUser: a presented key decides alone.
        const presented = req.headers['x-api-key'];
        if (typeof presented === 'string' && presented) return this.checkApiKey(req, rule.scope);
        return this.checkUser(req, rule.roles);
      }
      case 'user':
        return this.checkUser(req, rule.roles);
    }
  }

  private async checkApiKey(req: AtelierRequest, scope: ApiKeyScope): Promise<true> {
    const presented = req.headers['x-api-key'];
    if (typeof presented !== 'string' || !presented) throw unauthenticated('access.apiKeyMissing');
    req.apiKey = await this.apiKeys.verify(presented);
    if (!req.apiKey.scopes.includes(scope)) throw forbidden('access.apiKeyScope', { scope });
    return true;
  }

  // A Bearer header, else the studio's session cookie, which counts only beside its CSRF token (a
  // page on another site cannot read that, so it cannot make the browser act for the person).
  private sessionToken(req: AtelierRequest): string {
    const bearer = bearerToken(req);
    if (bearer) {
      req.sessionTransport = 'bearer';
      return bearer;
    }
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) return '';
    if (!this.auth.isCsrfTokenValid(cookie, req.headers[CSRF_HEADER])) {
      throw forbidden('access.csrfMissing', { header: CSRF_HEADER });
    }
    req.sessionTransport = 'cookie';
    return cookie;
  }

  private async checkUser(req: AtelierRequest, roles: readonly UserRole[] | 'any'): Promise<true> {
    const token = this.sessionToken(req);
    if (!token) throw unauthenticated();
    try {
      req.user = await this.auth.verifyToken(token);
    } catch (error) {
      // A cookie the API no longer accepts is forgotten, so the studio shows its sign-in page.
      if (req.sessionTransport === 'cookie' && error instanceof AppError && error.code === 'UNAUTHENTICATED') clearSessionCookies(req);
      throw error;
    }
    if (roles !== 'any' && !roles.some((r) => req.user!.roles.includes(r))) throw forbidden();
    return true;
  }
}
