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
