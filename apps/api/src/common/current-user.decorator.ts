import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { unauthenticated } from './app-error.js';
import type { ApiKeyPrincipal, AtelierRequest, AuthUser } from './request-context.js';

function requestOf(ctx: ExecutionContext): AtelierRequest {
  return ctx.getType<string>() === 'graphql' ? GqlExecutionContext.create(ctx).getContext<{ req: AtelierRequest }>().req : ctx.switchToHttp().getRequest<AtelierRequest>();
}

// The signed-in user the access guard attached to the request.
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = requestOf(ctx).user;
  if (!user) throw unauthenticated();
  return user;
});

export const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = requestOf(ctx);
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
});

// Who called an operation open to studio users and API keys (@ApiKeyOrRoles): exactly one is set.
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): { user: AuthUser } | { app: ApiKeyPrincipal } => {
  const req = requestOf(ctx);
  if (req.apiKey) return { app: req.apiKey };
  if (req.user) return { user: req.user };
  throw unauthenticated();
});

// The API key the access guard verified (operations marked @ApiKeyAccess).
export const CurrentApiKey = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiKeyPrincipal => {
  const apiKey = requestOf(ctx).apiKey;
  if (!apiKey) throw unauthenticated();
  return apiKey;
});
