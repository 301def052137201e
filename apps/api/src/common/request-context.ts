import type { Request } from 'express';
import type { UserRole } from '../modules/user/user.entity.js';
import type { ApiKeyScope } from '../modules/api-key/api-key.entity.js';
import type { Loaders } from './loaders.js';

export interface AuthUser {
  id: string;
  email: string;
  roles: UserRole[];
}

export interface WorkerPrincipal {
  id: string;
  name: string;
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  consumerAppId: string | null;
  // Its own requests per minute; null: the deployment's default.
  rateLimitPerMinute: number | null;
}

// What the access guard attaches to the request, and what resolvers receive as context.
export interface AtelierRequest extends Request {
  user?: AuthUser;
  apiKey?: ApiKeyPrincipal;
  worker?: WorkerPrincipal;
  requestId?: string;
  // How the signed-in user's session came: a Bearer header, or the studio's cookie (then answers that
  // start a new session set the cookie instead of returning the token).
  sessionTransport?: 'bearer' | 'cookie';
}

export interface GqlContext {
  req: AtelierRequest;
  loaders: Loaders;
}

export function hasRole(user: AuthUser, role: UserRole): boolean {
  return user.roles.includes(role);
}
