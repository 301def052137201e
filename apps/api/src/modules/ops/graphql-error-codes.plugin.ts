import type { ApolloServerPlugin } from '@apollo/server';
import type { GqlContext } from '../../common/request-context.js';

// The error codes of each HTTP request's GraphQL answer, until the request is counted.
const codesOfRequest = new WeakMap<object, string[]>();

/**
 * Notes the extensions.code of every error in a GraphQL answer on its HTTP request, so the request
 * counter (http-metrics.middleware.ts) counts it with its status. Most GraphQL errors are answered
 * with HTTP 200, so the status alone would miss them. `willSendResponse` sees the errors as
 * formatGraphQLError shaped them, i.e. with the code a client sees. Subscriptions (graphql-ws) are
 * not HTTP requests and are not counted.
 */
export function graphqlErrorCodesPlugin(): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const req = contextValue?.req as object | undefined;
          if (!errors?.length || !req) return;
          codesOfRequest.set(req, errors.map((e) => (typeof e.extensions?.['code'] === 'string' ? e.extensions['code'] : 'INTERNAL')));
        },
      };
    },
  };
}

/** The error codes of a request's GraphQL answer (empty when it had none, or was not GraphQL). */
export function graphqlErrorCodesOf(req: object): readonly string[] {
  return codesOfRequest.get(req) ?? [];
}
