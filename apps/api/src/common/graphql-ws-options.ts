import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost, RESOLVER_TYPE_METADATA, SUBSCRIPTION_OPTIONS_METADATA } from '@nestjs/graphql';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type ValidationRule } from 'graphql';
import { CloseCode, type Context, type Disposable, type ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import jwt from 'jsonwebtoken';
import { apiMessage } from '@atelier/messages';
import { DataSource } from 'typeorm';
import { WebSocket, WebSocketServer } from 'ws';
import { API_CONFIG, type ApiConfig } from '../config/api-config.js';
import { ApiKeyService } from '../modules/api-key/api-key.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { ACCESS_RULE, type AccessRule } from './access.decorator.js';
import { AppError, reasonError, unauthenticated } from './app-error.js';
import { CSRF_HEADER, SESSION_COOKIE, readCookie } from '../modules/auth/session-cookie.js';
import { formatGraphQLError } from './format-graphql-error.js';
import { rootFieldNames } from './root-fields.js';
import { createLoaders } from './loaders.js';
import { measureQueryComplexity, queryDepthRule, queryTooComplexError } from './query-limits.plugin.js';
import type { ApiKeyPrincipal, AtelierRequest, AuthUser, GqlContext } from './request-context.js';

type WsContext = Context<Record<string, unknown> | undefined, Extra>;

export const GRAPHQL_PATH = '/graphql';

// How long a credential verified on a socket is trusted before a value is sent without verifying
// it again: a burst of updates costs one lookup, a disabled person gets at most this much more.
export const SOCKET_CREDENTIAL_TRUSTED_MS = 3_000;

// Credentials a WebSocket client passes in connectionParams (browsers cannot set headers on a
// WebSocket); names are matched case-insensitively.
const CREDENTIAL_PARAMS = ['authorization', 'x-api-key', 'x-request-id'] as const;

// The studio's session cookie of each socket that signed in with it (and its CSRF token), by upgrade
// request: operations on the socket then run as that session.
const cookieSessionOfSocket = new WeakMap<IncomingMessage, string>();

function paramsOf(connectionParams: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(connectionParams ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

// The request a WebSocket operation stands for: the credentials from connectionParams become the
// headers the access guard reads, so the guard (and @CurrentUser) work as they do over HTTP.
export function requestOfConnection(ctx: WsContext): AtelierRequest {
  const params = paramsOf(ctx.connectionParams);
  const headers: Record<string, string> = {};
  for (const name of CREDENTIAL_PARAMS) {
    const value = params[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const cookieSession = cookieSessionOfSocket.get(ctx.extra.request);
  if (!headers['authorization'] && cookieSession) headers['authorization'] = `Bearer ${cookieSession}`;
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

// ---- who a socket is ----------------------------------------------------------------------------

interface SocketCredentials {
  token?: string;
  apiKey?: string;
}

// Who a socket's credentials name, verified: nobody, a studio user, a consumer app's key (or both).
export interface SocketPrincipal {
  user?: AuthUser;
  apiKey?: ApiKeyPrincipal;
}

type AccessOutcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

// connectionParams (and the upgrade request's session cookie) -> the credentials they carry; a
// malformed one is refused, not ignored. The cookie counts only beside its CSRF token in
// connectionParams: a page on another site can open a socket that carries the cookie, not the token.
function credentialsOf(connectionParams: Record<string, unknown> | undefined, request: IncomingMessage, auth: AuthService): SocketCredentials {
  const params = paramsOf(connectionParams);
  const credentials: SocketCredentials = {};
  const authorization = params['authorization'];
  if (authorization !== undefined && authorization !== '') {
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ') || !authorization.slice(7).trim()) {
      throw unauthenticated('subscription.bearerMalformed');
    }
    credentials.token = authorization.slice(7).trim();
  } else {
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      if (!auth.isCsrfTokenValid(cookie, params[CSRF_HEADER])) throw unauthenticated('subscription.csrfMissing', { header: CSRF_HEADER });
      credentials.token = cookie;
      cookieSessionOfSocket.set(request, cookie);
    }
  }
  const apiKey = params['x-api-key'];
  if (apiKey !== undefined && apiKey !== '') {
    if (typeof apiKey !== 'string') throw unauthenticated('subscription.apiKeyMalformed');
    credentials.apiKey = apiKey;
  }
  return credentials;
}

// What the access guard would decide for a handler's rule, given who the socket is (the same
// rules as common/access.guard.ts, applied to an already verified principal).
export function socketAccessOutcome(rule: AccessRule | undefined, who: SocketPrincipal): AccessOutcome {
  if (!rule) return 'FORBIDDEN';
  switch (rule.kind) {
    case 'public':
      return 'allowed';
    case 'worker':
      // Workers talk to /v1, never over the WebSocket.
      return 'UNAUTHENTICATED';
    case 'apiKey':
      if (!who.apiKey) return 'UNAUTHENTICATED';
      return who.apiKey.scopes.includes(rule.scope) ? 'allowed' : 'FORBIDDEN';
    case 'apiKeyOrUser':
      if (who.apiKey) return who.apiKey.scopes.includes(rule.scope) ? 'allowed' : 'FORBIDDEN';
      return who.user ? 'allowed' : 'UNAUTHENTICATED';
    case 'apiKeyOrRoles':
      if (who.apiKey) return who.apiKey.scopes.includes(rule.scope) ? 'allowed' : 'FORBIDDEN';
      if (!who.user) return 'UNAUTHENTICATED';
      return rule.roles.some((r) => who.user!.roles.includes(r)) ? 'allowed' : 'FORBIDDEN';
    case 'user':
      if (!who.user) return 'UNAUTHENTICATED';
      return rule.roles === 'any' || rule.roles.some((r) => who.user!.roles.includes(r)) ? 'allowed' : 'FORBIDDEN';
  }
}

// The most a socket could do: allowed if any subscription lets it in, else the mildest refusal.
function bestOutcome(rules: Iterable<AccessRule>, who: SocketPrincipal): AccessOutcome {
  let best: AccessOutcome = 'UNAUTHENTICATED';
  for (const rule of rules) {
    const outcome = socketAccessOutcome(rule, who);
    if (outcome === 'allowed') return outcome;
    if (outcome === 'FORBIDDEN') best = outcome;
  }
  return best;
}

// What a refused connection is told: which credentials the subscriptions accept.
function connectRefusal(rules: readonly AccessRule[], who: SocketPrincipal, outcome: AccessOutcome): string {
  if (outcome === 'FORBIDDEN') return 'Your account has no access to any subscription.';
  const ways = [
    rules.some((r) => r.kind === 'user' || r.kind === 'apiKeyOrUser') ? "{ authorization: 'Bearer <token>' }" : null,
    rules.some((r) => r.kind === 'apiKey' || r.kind === 'apiKeyOrUser') ? "{ 'x-api-key': '<key>' }" : null,
  ].filter((w): w is string => w !== null);
  if (!ways.length) return 'No subscription is open to this connection.';
  const what = who.user || who.apiKey ? 'These credentials cannot subscribe' : 'Subscriptions need credentials';
  return `${what}: send connectionParams ${ways.join(' or ')}.`;
}

// A close frame's reason is at most 123 bytes.
function closeSocket(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  if (Buffer.byteLength(text) > 123) {
    while (Buffer.byteLength(`${text}…`) > 123) text = text.slice(0, -1);
    text = `${text}…`;
  }
  socket.close(code, text);
}

// Verifies every credential the socket presented: a bad one is refused even beside a good one.
async function verifyCredentials(credentials: SocketCredentials, services: { auth: AuthService; apiKeys: ApiKeyService }): Promise<SocketPrincipal> {
  const who: SocketPrincipal = {};
  if (credentials.apiKey !== undefined) who.apiKey = await services.apiKeys.verify(credentials.apiKey);
  if (credentials.token !== undefined) who.user = await services.auth.verifyToken(credentials.token);
  return who;
}

// When a session token stops verifying on its own (its `exp`), or null for none.
function tokenExpiresAt(token: string | undefined): number | null {
  if (!token) return null;
  const payload = jwt.decode(token);
  return payload && typeof payload === 'object' && typeof payload.exp === 'number' ? payload.exp * 1000 : null;
}

// One open socket's credentials, kept valid for as long as it stays open: closed (4401) when the
// token expires, when a periodic re-check fails (disabled, signed out everywhere, password changed,
// key revoked), or when the check before a value fails; 4403 when a subscription's rule no longer
// lets the principal in.
class SocketSession {
  private verifiedAt = Date.now();
  private pending: Promise<SocketPrincipal> | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly credentials: SocketCredentials,
    private principal: SocketPrincipal,
    private readonly deps: { verify: (c: SocketCredentials) => Promise<SocketPrincipal>; rules: ReadonlyMap<string, AccessRule>; reverifyMs: number; logger: Logger },
  ) {}

  start(): this {
    const expiresAt = tokenExpiresAt(this.credentials.token);
    if (expiresAt !== null) {
      const expiry = setTimeout(() => closeSocket(this.socket, CloseCode.Unauthorized, apiMessage('auth.sessionExpired')), Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1));
      this.timers.push(expiry);
    }
    if (this.credentials.token !== undefined || this.credentials.apiKey !== undefined) {
      // An idle socket (no values) still learns within reverifyMs that its session ended.
      const recheck = setInterval(() => void this.verified(true).catch((e: unknown) => this.refuse(e)), this.deps.reverifyMs);
      this.timers.push(recheck);
    }
    for (const timer of this.timers) timer.unref();
    return this;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
  }

  // Before a value of these subscription fields goes out: false (and the socket closing) when the
  // credential no longer verifies or a field's rule no longer lets the principal in.
  async mayReceive(fields: readonly string[]): Promise<boolean> {
    let who: SocketPrincipal;
    try {
      who = await this.verified(false);
    } catch (e) {
      this.refuse(e);
      return false;
    }
    for (const field of fields) {
      const outcome = socketAccessOutcome(this.deps.rules.get(field), who);
      if (outcome !== 'allowed') {
        closeSocket(this.socket, outcome === 'FORBIDDEN' ? CloseCode.Forbidden : CloseCode.Unauthorized, `You no longer have access to ${field}.`);
        return false;
      }
    }
    return this.socket.readyState === WebSocket.OPEN;
  }

  // The principal, verified again when the last verification is older than the trusted window
  // (or always, when forced); concurrent callers share one lookup.
  private verified(force: boolean): Promise<SocketPrincipal> {
    if (!force && Date.now() - this.verifiedAt < SOCKET_CREDENTIAL_TRUSTED_MS) return Promise.resolve(this.principal);
    this.pending ??= this.deps
      .verify(this.credentials)
      .then((who) => {
        this.principal = who;
        this.verifiedAt = Date.now();
        return who;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  private refuse(error: unknown): void {
    if (error instanceof AppError) return closeSocket(this.socket, CloseCode.Unauthorized, error.userMessage);
    // Not a verdict on the credential (the database is unreachable, ...): close without one; the
    // client may reconnect (1011 is not fatal to graphql-ws clients) and be verified afresh.
    this.deps.logger.error(`Could not re-check a subscription socket's credential: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    closeSocket(this.socket, 1011, 'Could not check your session. Please reconnect.');
  }
}

// ---- the graphql-ws server options -------------------------------------------------------------

// Queries and mutations go over HTTP.
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') {
      const refusal = reasonError('BAD_USER_INPUT', 'subscription.onlySubscriptions', {}, { issues: [] });
      context.reportError(new GraphQLError(refusal.userMessage, { nodes: node, originalError: refusal }));
    }
  },
});

// An error graphql-ws sends as is, shaped by the one error mapping (Apollo's formatError never sees
// WebSocket traffic).
function toClientError(error: GraphQLError): GraphQLError {
  const formatted = formatGraphQLError(error.toJSON(), error);
  return new GraphQLError(formatted.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: formatted.extensions });
}

function appErrorToClient(error: AppError): GraphQLError {
  return toClientError(new GraphQLError(error.userMessage, { originalError: error }));
}

export interface GraphqlWsDeps {
  schemaHost: GraphQLSchemaHost;
  dataSource: DataSource;
  config: ApiConfig;
  auth: AuthService;
  apiKeys: ApiKeyService;
  // The access rule of every subscription field, by field name.
  subscriptionRules: ReadonlyMap<string, AccessRule>;
  logger: Logger;
}

// graphql-ws on the GraphQL path:
// - onConnect verifies the connectionParams credentials (4401 with the reason when they fail, or when
//   no subscription accepts them: anonymous sockets only if one is public) and keeps them verified
//   while the socket is open (token expiry timer, periodic re-check, re-check before each value);
// - onSubscribe caps the subscriptions running on one socket, parses and validates with the HTTP
//   depth limit plus subscriptions-only, and applies the HTTP complexity limit, answering each with a
//   coded error instead of closing the socket;
// - every result's errors go through formatGraphQLError.
export function graphqlWsOptions(deps: GraphqlWsDeps): ServerOptions<Record<string, unknown> | undefined, Extra> {
  const { schemaHost, config, subscriptionRules } = deps;
  const rules = [...specifiedRules, queryDepthRule(config.graphql.maxDepth), subscriptionsOnly];
  const allSubscriptionRules = [...subscriptionRules.values()];
  const sessions = new WeakMap<WsContext, SocketSession>();
  const verify = (credentials: SocketCredentials) => verifyCredentials(credentials, deps);
  const { maxSubscriptions, reverifySeconds } = config.graphql.ws;

  return {
    schema: schemaHost.schema,
    context: gqlContextFactory(deps.dataSource),
    onConnect: async (ctx) => {
      const socket = ctx.extra.socket;
      let credentials: SocketCredentials;
      let who: SocketPrincipal;
      try {
        credentials = credentialsOf(ctx.connectionParams, ctx.extra.request, deps.auth);
        who = await verify(credentials);
      } catch (e) {
        if (e instanceof AppError) closeSocket(socket, CloseCode.Unauthorized, e.userMessage);
        else {
          deps.logger.error(`Could not verify a subscription socket's credential: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          closeSocket(socket, 1011, 'Could not check your session. Please reconnect.');
        }
        return false;
      }
      const outcome = bestOutcome(allSubscriptionRules, who);
      if (outcome !== 'allowed') {
        closeSocket(socket, outcome === 'FORBIDDEN' ? CloseCode.Forbidden : CloseCode.Unauthorized, connectRefusal(allSubscriptionRules, who, outcome));
        return false;
      }
      // Closed while its credentials were being checked: nothing to keep.
      if (socket.readyState !== WebSocket.OPEN) return false;
      sessions.set(ctx, new SocketSession(socket, credentials, who, { verify, rules: subscriptionRules, reverifyMs: reverifySeconds * 1000, logger: deps.logger }).start());
      return true;
    },
    onClose: (ctx) => {
      sessions.get(ctx)?.stop();
      sessions.delete(ctx);
    },
    onSubscribe: (ctx, _id, payload) => {
      // graphql-ws registers the operation before this hook, so the count includes it (and every
      // operation still starting).
      if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
        return [appErrorToClient(reasonError('RATE_LIMITED', 'subscription.tooMany', { maxSubscriptions }, { maxSubscriptions }))];
      }
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
      try {
        const tooComplex = queryTooComplexError(measureQueryComplexity({ schema, document, operationName: payload.operationName, variables: payload.variables }), config.graphql.maxComplexity);
        if (tooComplex) return [appErrorToClient(tooComplex)];
      } catch (e) {
        if (e instanceof GraphQLError) return [toClientError(e)];
        throw e;
      }
      // contextValue is left out: graphql-ws fills it in from the context factory.
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    },
    onNext: async (ctx, _id, _payload, args: ExecutionArgs, result) => {
      const session = sessions.get(ctx);
      if (!session) {
        closeSocket(ctx.extra.socket, CloseCode.Unauthorized, 'Please sign in again.');
        return result;
      }
      // A refused value is not sent: the socket is closing, and graphql-ws sends nothing on it.
      if (!(await session.mayReceive(rootFieldNames(args.document, args.operationName)))) return result;
      return result.errors ? { ...result, errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e)) } : undefined;
    },
  };
}

// ---- the WebSocket server -----------------------------------------------------------------------

// The access rule of every @Subscription handler, by schema field name (as the guard reads it).
export function findSubscriptionRules(discovery: DiscoveryService, reflector: Reflector): Map<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const wrapper of discovery.getProviders()) {
    const metatype = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null | undefined;
    if (!metatype || typeof metatype !== 'function' || !metatype.prototype) continue;
    const prototype = metatype.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof method !== 'function' || Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) !== 'Subscription') continue;
      const options = Reflect.getMetadata(SUBSCRIPTION_OPTIONS_METADATA, method) as { name?: string } | undefined;
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [method, metatype]);
      if (rule) rules.set(options?.name ?? name, rule);
    }
  }
  return rules;
}

// Serves graphql-ws on GRAPHQL_PATH of the API's HTTP server. Ours rather than @nestjs/graphql's
// (its `subscriptions` option) because that one creates the `ws` server with the default 100 MiB
// message limit and offers no way to change it.
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GraphqlWs');
  private server: Disposable | null = null;
  private httpServer: HttpServer | null = null;
  private upgradeListener: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null = null;

  constructor(
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    // maxPayload: a bigger message closes the socket (1009) before it is buffered whole.
    const wss = new WebSocketServer({ noServer: true, path: GRAPHQL_PATH, maxPayload: this.config.graphql.ws.maxMessageBytes });
    const subscriptionRules = findSubscriptionRules(this.discovery, this.reflector);
    this.server = useServer(graphqlWsOptions({ schemaHost: this.schemaHost, dataSource: this.dataSource, config: this.config, auth: this.auth, apiKeys: this.apiKeys, subscriptionRules, logger: this.logger }), wss);
    // Other paths are left alone, as @nestjs/graphql does.
    this.upgradeListener = (req, socket, head) => {
      if (wss.shouldHandle(req)) wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    };
    this.httpServer = this.httpAdapterHost.httpAdapter.getHttpServer() as HttpServer;
    this.httpServer.on('upgrade', this.upgradeListener);
  }

  // Shutting down: no new sockets, and the open ones are told to reconnect (to another instance).
  async closeAll(): Promise<void> {
    if (this.upgradeListener) this.httpServer?.off('upgrade', this.upgradeListener);
    this.upgradeListener = null;
    await this.server?.dispose();
    this.server = null;
  }

  onModuleDestroy(): Promise<void> {
    return this.closeAll();
  }
}
