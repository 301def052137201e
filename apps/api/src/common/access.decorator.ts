import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../modules/user/user.entity.js';
import type { ApiKeyScope } from '../modules/api-key/api-key.entity.js';

// Default deny: every query, mutation and REST handler must declare who may call it with one of
// these. A handler without it is refused (and logged as a developer mistake).
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'user'; roles: readonly UserRole[] | 'any' }
  | { kind: 'apiKey'; scope: ApiKeyScope }
  // A consumer app's key with the scope, or any signed-in studio user (who sees what apps see).
  | { kind: 'apiKeyOrUser'; scope: ApiKeyScope }
  // A consumer app's key with the scope, or a signed-in studio user with one of the roles.
  | { kind: 'apiKeyOrRoles'; scope: ApiKeyScope; roles: readonly UserRole[] }
  | { kind: 'worker' };

export const ACCESS_RULE = 'atelier:access-rule';

export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
export const SignedIn = () => SetMetadata(ACCESS_RULE, { kind: 'user', roles: 'any' } satisfies AccessRule);
export const Roles = (...roles: UserRole[]) => SetMetadata(ACCESS_RULE, { kind: 'user', roles } satisfies AccessRule);
export const ApiKeyAccess = (scope: ApiKeyScope) => SetMetadata(ACCESS_RULE, { kind: 'apiKey', scope } satisfies AccessRule);
export const ApiKeyOrSignedIn = (scope: ApiKeyScope) => SetMetadata(ACCESS_RULE, { kind: 'apiKeyOrUser', scope } satisfies AccessRule);
export const ApiKeyOrRoles = (scope: ApiKeyScope, ...roles: UserRole[]) => SetMetadata(ACCESS_RULE, { kind: 'apiKeyOrRoles', scope, roles } satisfies AccessRule);
export const WorkerAccess = () => SetMetadata(ACCESS_RULE, { kind: 'worker' } satisfies AccessRule);
