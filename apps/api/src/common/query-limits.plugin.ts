import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, getNamedType, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, getNullableType, isListType, isObjectType, type OperationDefinitionNode, type SelectionNode, type ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { DEFAULT_PAGE_SIZE } from './connection.js';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { reasonError, type AppError } from './app-error.js';

// What a list of objects without a page size is assumed to hold (versions, reviews, ...).
const ASSUMED_LIST_LENGTH = 10;

// A list field costs its length times what each item asks for, so `catalog(first: 100)` with
// deep selections is expensive and `me { id }` is cheap. Paged fields count their page size
// (the default page when `first` is left out); other object lists an assumed length. A field that
// costs more than a read declares its own `complexity` (CatalogVersion.recipe).
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

export interface OperationToMeasure {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

// The depth limit, as a validation rule: HTTP (Apollo's validationRules) and the WebSocket
// (graphql-ws-options.ts) validate with the same one.
export function queryDepthRule(maxDepth: number): ValidationRule {
  return depthLimit(maxDepth);
}

// An operation (already validated) -> what it costs with these variables. Throws a BAD_USER_INPUT
// GraphQLError when the variables do not fit the operation.
export function measureQueryComplexity({ schema, document, operationName, variables }: OperationToMeasure): number {
  try {
    return getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: variables ?? {}, estimators: [listEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })] });
  } catch (e) {
    // getComplexity coerces the variables first and throws when they do not fit the operation.
    throw new GraphQLError(e instanceof Error ? e.message : 'The variables do not match the query.', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}

// A cost -> the QUERY_TOO_COMPLEX error when it is over the limit, else null.
export function queryTooComplexError(complexity: number, maxComplexity: number): AppError | null {
  if (complexity <= maxComplexity) return null;
  return reasonError('QUERY_TOO_COMPLEX', 'common.queryTooComplex', { complexity, maxComplexity }, { complexity, maxComplexity });
}

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
            complexity = measureQueryComplexity({ schema, document, operationName: request.operationName, variables: request.variables });
            if (perDocument.size < 100) perDocument.set(memoKey, complexity);
            costs.set(document, perDocument);
          }
          const error = queryTooComplexError(complexity, maxComplexity);
          // Apollo answers anything thrown here with HTTP 500 unless the error names its status.
          if (error) throw new GraphQLError(error.userMessage, { originalError: error, extensions: { http: { status: 400 } } });
        },
      };
    },
  };
}

// An operation -> how many mutations it runs: its root fields when it is a mutation (each alias
// counts; fragments are followed; `__typename` is free), else 0. @skip/@include are not evaluated,
// so a conditional mutation counts as one.
export function countMutationFields(operation: OperationDefinitionNode, document: DocumentNode): number {
  if (operation.operation !== 'mutation') return 0;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const seen = new Set<string>();
  const count = (selections: readonly SelectionNode[]): number =>
    selections.reduce((n, s) => {
      if (s.kind === Kind.FIELD) return n + (s.name.value.startsWith('__') ? 0 : 1);
      if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet.selections);
      const fragment = fragments.get(s.name.value);
      // Validation already refused unknown and cyclic fragments (`seen` guards anyway); the same
      // fragment spread twice runs its mutations twice, so it counts twice.
      if (!fragment || seen.has(s.name.value)) return n;
      seen.add(s.name.value);
      const inner = count(fragment.selectionSet.selections);
      seen.delete(s.name.value);
      return n + inner;
    }, 0);
  return count(operation.selectionSet.selections);
}

// Refuses, before anything runs, an operation with more than maxMutations mutations: aliases would
// otherwise let one request run hundreds (e.g. 500 aliased requestPreviews).
export function mutationLimitPlugin(maxMutations: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document }) {
          const mutations = operation ? countMutationFields(operation, document) : 0;
          if (mutations <= maxMutations) return;
          const error = reasonError('QUERY_TOO_COMPLEX', 'common.tooManyMutations', { mutations, maxMutations }, { mutations, maxMutations });
          // Apollo answers anything thrown here with HTTP 500 unless the error names its status.
          throw new GraphQLError(error.userMessage, { originalError: error, extensions: { http: { status: 400 } } });
        },
      };
    },
  };
}
