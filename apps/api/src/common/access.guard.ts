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
import { forbidden, unauthenticated } from './app-error.js';
import type { AtelierRequest } from './request-context.js';

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
        if (!token) throw unauthenticated('Workers authenticate with "Authorization: Bearer <worker token>".');
        req.worker = await this.workerTokens.verify(token);
        return true;
      }
      case 'apiKey':
        return this.checkApiKey(req, rule.scope);
      case 'apiKeyOrUser': {
        // A presented key decides alone (a bad key is refused even beside a valid session).
        const presented = req.headers['x-api-key'];
        if (typeof presented === 'string' && presented) return this.checkApiKey(req, rule.scope);
        if (!bearerToken(req)) throw unauthenticated('This API needs an x-api-key header or a signed-in studio user.');
        return this.checkUser(req, 'any');
      }
      case 'user':
        return this.checkUser(req, rule.roles);
    }
  }

  private async checkApiKey(req: AtelierRequest, scope: ApiKeyScope): Promise<true> {
    const presented = req.headers['x-api-key'];
    if (typeof presented !== 'string' || !presented) throw unauthenticated('This API needs an x-api-key header.');
    req.apiKey = await this.apiKeys.verify(presented);
    if (!req.apiKey.scopes.includes(scope)) throw forbidden(`This API key lacks the ${scope} scope.`);
    return true;
  }

  private async checkUser(req: AtelierRequest, roles: readonly UserRole[] | 'any'): Promise<true> {
    const token = bearerToken(req);
    if (!token) throw unauthenticated();
    req.user = await this.auth.verifyToken(token);
    if (roles !== 'any' && !roles.some((r) => req.user!.roles.includes(r))) throw forbidden();
    return true;
  }
}
