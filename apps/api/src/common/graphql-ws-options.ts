import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import type { Context } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { GraphQLSchemaHost, GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import type { ApiConfig } from '../config/api-config.js';
import { formatGraphQLError } from './format-graphql-error.js';
import { createLoaders } from './loaders.js';
import type { AtelierRequest, GqlContext } from './request-context.js';

type WsContext = Context<Record<string, unknown> | undefined, Extra>;

// Credentials a WebSocket client passes in connectionParams (browsers cannot set headers on a
// WebSocket); names are matched case-insensitively.
const CREDENTIAL_PARAMS = ['authorization', 'x-api-key', 'x-request-id'] as const;

// The request a WebSocket operation stands for: the credentials from connectionParams become the
// headers the access guard reads, so the guard (and @CurrentUser) work as they do over HTTP.
export function requestOfConnection(ctx: WsContext): AtelierRequest {
  const params = Object.fromEntries(Object.entries(ctx.connectionParams ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: Record<string, string> = {};
  for (const name of CREDENTIAL_PARAMS) {
    const value = params[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const socket = ctx.extra.request.socket;
  return { headers, ip: socket.remoteAddress, socket } as unknown as AtelierRequest;
}

// The resolvers' context for both transports: Apollo calls it with the HTTP request, graphql-ws with
// its connection context (once per subscription).
export function gqlContextFactory(dataSource: DataSource) {
  return (source: { req: AtelierRequest } | WsContext): GqlContext => ({
    req: 'extra' in source ? requestOfConnection(source) : source.req,
    loaders: createLoaders(dataSource),
  });
}

// Queries and mutations go over HTTP, where the complexity limit applies.
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') {
      context.reportError(new GraphQLError('Only subscriptions run over the WebSocket; send queries and mutations as HTTP POST to /graphql.', { nodes: node }));
    }
  },
});

// An error graphql-ws sends as is, shaped by the one error mapping (Apollo's formatError never sees
// WebSocket traffic).
function toClientError(error: GraphQLError): GraphQLError {
  const formatted = formatGraphQLError(error.toJSON(), error);
  return new GraphQLError(formatted.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: formatted.extensions });
}

// graphql-ws on the GraphQL path (only the hooks Nest supports): parse and validate with the HTTP
// depth limit plus subscriptions-only, answering bad documents with coded errors instead of closing
// the socket; and every result's errors through formatGraphQLError.
export function graphqlWsOptions(schemaHost: GraphQLSchemaHost, config: ApiConfig): GraphQLWsSubscriptionsConfig {
  const rules = [...specifiedRules, depthLimit(config.graphql.maxDepth), subscriptionsOnly];
  return {
    onSubscribe: (_ctx, _id, payload) => {
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (e) {
        if (e instanceof GraphQLError) return [toClientError(e)];
        throw e;
      }
      const { schema } = schemaHost;
      const errors = validate(schema, document, rules);
      if (errors.length) return errors.map(toClientError);
      // contextValue is left out: graphql-ws fills it in from the module's context factory.
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e)) } : undefined),
  };
}
