import { apiMessage, type ApiMessageKey, type MessageParams } from '@atelier/messages';

/**
 * A GraphQL error answer worded as the API words one: the English `message`, with `reason` and
 * `params` in the extensions (and on an issue at each of `issuePaths` for BAD_USER_INPUT).
 */
export function reasonedGraphQLError(code: string, reason: ApiMessageKey, params: MessageParams = {}, issuePaths: string[] = []) {
  const message = apiMessage(reason, params);
  const issues = issuePaths.map((path) => ({ path, message, reason, params }));
  return { body: { errors: [{ message, extensions: { code, reason, params, ...(code === 'BAD_USER_INPUT' ? { issues } : {}) } }], data: null } };
}
