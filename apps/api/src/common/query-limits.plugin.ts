import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError } from './app-error.js';

// A list field costs its page size times what each item asks for, so `catalog(first: 100)` with
// deep selections is expensive and `me { id }` is cheap.
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args['first'] === 'number' ? args['first'] : null;
  return first !== null ? 1 + first * Math.max(1, childComplexity) : undefined;
};

export function queryComplexityPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (e) {
            // getComplexity coerces the variables first and throws when they do not fit the operation.
            throw new GraphQLError(e instanceof Error ? e.message : 'The variables do not match the query.', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (complexity > maxComplexity) {
            const error = new AppError('QUERY_TOO_COMPLEX', `This query asks for too much at once (cost ${complexity}, the limit is ${maxComplexity}). Request fewer items per page or fewer fields.`, { complexity, maxComplexity });
            // Apollo answers anything thrown here with HTTP 500 unless the error names its status.
            throw new GraphQLError(error.userMessage, { originalError: error, extensions: { http: { status: 400 } } });
          }
        },
      };
    },
  };
}

const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']);

// A request refused before execution (bad variables, too deep) is the client's mistake: answer
// 400, not Apollo's default 500 for errors it does not recognise.
export function clientErrorStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          if (body.kind !== 'single' || body.singleResult.data !== undefined) return;
          const errors = body.singleResult.errors ?? [];
          if (errors.length && errors.every((e) => CLIENT_CODES.has(String(e.extensions?.['code'])))) response.http.status = 400;
        },
      };
    },
  };
}
