import type { ApolloServerPlugin } from '@apollo/server';
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
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new AppError('QUERY_TOO_COMPLEX', `This query asks for too much at once (cost ${complexity}, the limit is ${maxComplexity}). Request fewer items per page or fewer fields.`, { complexity, maxComplexity });
          }
        },
      };
    },
  };
}
