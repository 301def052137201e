import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, type DocumentNode, getNullableType, isListType, isObjectType } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection.js';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError } from './app-error.js';

// What a list of objects without a page size is assumed to hold (versions, reviews, ...).
const ASSUMED_LIST_LENGTH = 10;

// A list field costs its length times what each item asks for, so `catalog(first: 100)` with
// deep selections is expensive and `me { id }` is cheap. Paged fields count their page size
// (the default page when `first` is left out); other object lists an assumed length.
const listEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args['first'] === 'number' ? args['first'] : DEFAULT_PAGE_SIZE;
    return 1 + first * Math.max(1, childComplexity);
  }
  // A connection's edges are the page its `first` already counted.
  if (field.name === 'edges') return undefined;
  const type = getNullableType(field.type);
  if (isListType(type) && isObjectType(getNamedType(type))) return 1 + ASSUMED_LIST_LENGTH * Math.max(1, childComplexity);
  return undefined;
};

export function queryComplexityPlugin(maxComplexity: number): ApolloServerPlugin {
  // Apollo reuses the parsed document for identical query text, so the cost of a query asked
  // again with the same variables is looked up, not recomputed.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const memoKey = JSON.stringify([request.operationName ?? null, request.variables ?? null]);
          const perDocument = costs.get(document) ?? new Map<string, number>();
          let complexity = perDocument.get(memoKey);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema,
                query: document,
                operationName: request.operationName ?? undefined,
                variables: request.variables ?? {},
                estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch (e) {
              // getComplexity coerces the variables first and throws when they do not fit the operation.
              throw new GraphQLError(e instanceof Error ? e.message : 'The variables do not match the query.', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
            if (perDocument.size < 100) perDocument.set(memoKey, complexity);
            costs.set(document, perDocument);
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
