import { createHash } from 'node:crypto';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { parse, type DocumentNode } from 'graphql';
import { DataSource } from 'typeorm';
import vary from 'vary';
import { ranBeforeExpress } from '../../common/request-steps.js';
import { gqlContextFactory } from '../../common/graphql-ws-options.js';
import type { AtelierRequest, GqlContext } from '../../common/request-context.js';
import { API_CONFIG, type ApiConfig } from '../../config/api-config.js';
import { ApiKeyService } from '../api-key/api-key.service.js';
import { answerContentType, isCatalogOnlyQuery, operationPartsOf, sha256Hex, type OperationParts } from './catalog-operation.js';
import { CatalogQueryCompiler, type CatalogQueryPlan } from './catalog-query-compiler.js';
import { CatalogService } from './catalog.service.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 200;
const MAX_QUERY_LENGTH = 10_000;

interface Entry {
  body: Buffer;
  etag: string;
  generation: number;
  until: number;
}

// A catalog-only query, parsed once per text.
interface KnownQuery {
  document: DocumentNode;
  hash: string;
}

// A request this middleware may answer itself.
interface CatalogRead {
  parts: OperationParts;
  query: string;
  document: DocumentNode;
  cacheKey: string;
  // Sends the query text with its hash: Apollo must see it, to store it for the hash (APQ).
  registers: boolean;
}

// A strong validator for the exact bytes sent.
function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

// True when If-None-Match names this ETag (or is `*`); weak comparison, as RFC 9110 asks for it.
function isNotModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string' || !header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

// True for a body with data and no errors. Apollo writes `errors` before `data`
// (orderExecutionResultFields in @apollo/server), so the first key tells, without parsing 28 KB.
function isCleanAnswer(body: string): boolean {
  return body.startsWith('{"data":{');
}

// A consumer app's read (x-api-key, no studio session) -> the key; else null.
function consumerKeyOf(req: Request): string | null {
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key !== '' && !req.headers.authorization ? key : null;
}

// Consumer apps' catalog reads on /graphql (x-api-key, no studio session), before Apollo:
// - A repeated catalog query is answered from its serialized answer, kept TTL_MS and dropped at once
//   when this process changes the catalog (CATALOG_SERVER_CACHE=off turns this off).
// - Otherwise a catalog query runs as a compiled plan (CatalogQueryCompiler) against the database,
//   skipping Apollo's pipeline; queries it cannot answer cleanly go on to Apollo.
// - Catalog GETs become cacheable over HTTP: a clean answer gets a strong ETag (a hash of its bytes)
//   and `Cache-Control: public, max-age=CATALOG_CACHE_MAX_AGE_SECONDS`, and If-None-Match with that
//   ETag gets 304. Every other GET answer (errors, studio sessions, anonymous) is `private,
//   no-store`. All vary by x-api-key, so a shared cache keeps each key's answer apart.
// A 200 or a 304 goes out only once the key is checked: here (ApiKeyService's short cache) before
// answering from the cache or running a plan, and by the access guard in the resolvers.
// A request step (common/request-steps.ts): the catalog lane runs it before Express, which then
// passes over it.
@Injectable()
export class CatalogReadMiddleware implements NestMiddleware {
  private readonly entries = new Map<string, Entry>();
  // Query text (with its operation name) -> the parsed catalog query, or null for any other query.
  private readonly knownQueries = new Map<string, KnownQuery | null>();
  // sha256 -> text of the catalog queries seen, so an app sending only the hash (APQ) is served too.
  private readonly queriesByHash = new Map<string, string>();
  private readonly contextOf: (source: { req: AtelierRequest }) => GqlContext;

  constructor(
    private readonly catalog: CatalogService,
    private readonly apiKeys: ApiKeyService,
    private readonly compiler: CatalogQueryCompiler,
    dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.contextOf = gqlContextFactory(dataSource);
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (ranBeforeExpress(req, this)) return next();
    const isGet = req.method === 'GET';
    if (isGet) {
      vary(res, 'x-api-key');
      // Until the answer proves to be a catalog answer for a valid key.
      res.setHeader('Cache-Control', 'private, no-store');
    }
    const presentedKey = consumerKeyOf(req);
    if (!presentedKey) return next();
    const read = this.catalogReadOf(req);
    const contentType = read ? answerContentType(req) : null;
    if (!read || !contentType) {
      if (isGet) this.interceptAnswer(req, res, null);
      return next();
    }
    const principal = await this.apiKeys.verify(presentedKey).catch(() => null);
    // A bad or out-of-scope key takes Apollo's path, which answers with the right error.
    if (!principal?.scopes.includes('catalog:read')) {
      if (isGet) this.interceptAnswer(req, res, null);
      return next();
    }
    if (!read.registers) {
      if (this.config.catalog.serverCache) {
        const hit = this.entries.get(read.cacheKey);
        if (hit && hit.generation === this.catalog.generation && hit.until > Date.now()) return this.send(req, res, contentType, hit.body, hit.etag);
      }
      const plan = this.compiler.planFor(read.query, read.parts.operationName, read.document);
      const generation = this.catalog.generation;
      const body = plan ? await this.compiler.run(plan, read.parts.variables, this.contextOf({ req: req as AtelierRequest })).catch(() => null) : null;
      if (body !== null) {
        // Hashed and kept only where used: a cache entry, or a GET's ETag.
        if (!this.config.catalog.serverCache && !isGet) return this.send(req, res, contentType, body, null);
        const etag = strongEtag(body);
        this.store(read.cacheKey, generation, Buffer.from(body), etag);
        return this.send(req, res, contentType, body, etag);
      }
    }
    this.interceptAnswer(req, res, read.cacheKey);
    next();
  }

  private send(req: Request, res: Response, contentType: string, body: Buffer | string, etag: string | null): void {
    if (etag !== null && req.method === 'GET') {
      this.markPublic(res, etag);
      if (isNotModified(req, etag)) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', contentType);
    res.end(body);
  }

  private markPublic(res: Response, etag: string): void {
    res.setHeader('Cache-Control', `public, max-age=${this.config.catalog.cacheMaxAgeSeconds}`);
    res.setHeader('ETag', etag);
  }

  private store(cacheKey: string, generation: number, body: Buffer, etag: string): void {
    if (!this.config.catalog.serverCache || generation !== this.catalog.generation) return;
    this.entries.delete(cacheKey);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(cacheKey, { body, etag, generation, until: Date.now() + TTL_MS });
  }

  // The catalog query a request names (by text, or by a persisted query's hash seen before), or
  // null for anything else.
  private catalogReadOf(req: Request): CatalogRead | null {
    // GETs with another content type are Apollo's to refuse (415).
    if (req.method === 'GET' && req.headers['content-type'] !== undefined && !/^application\/json\b/i.test(req.headers['content-type'])) return null;
    const parts = operationPartsOf(req);
    if (!parts) return null;
    const query = parts.query ?? (parts.hash === undefined ? undefined : this.queriesByHash.get(parts.hash));
    if (query === undefined || query.length > MAX_QUERY_LENGTH) return null;
    const known = this.knownQuery(query, parts.operationName);
    // Apollo refuses a hash that does not match its query.
    if (!known || (parts.hash !== undefined && parts.hash !== known.hash)) return null;
    return { parts, query, document: known.document, cacheKey: JSON.stringify([query, parts.operationName, parts.variables]), registers: parts.query !== undefined && parts.hash !== undefined };
  }

  private knownQuery(query: string, operationName: string | null): KnownQuery | null {
    const memo = `${operationName ?? ''}\u0000${query}`;
    let known = this.knownQueries.get(memo);
    if (known === undefined) {
      known = null;
      try {
        const document = parse(query);
        if (isCatalogOnlyQuery(document, operationName)) known = { document, hash: sha256Hex(query) };
      } catch {
        // not GraphQL: Apollo says so
      }
      if (this.knownQueries.size >= MAX_ENTRIES) this.knownQueries.clear();
      this.knownQueries.set(memo, known);
      if (known) {
        if (this.queriesByHash.size >= MAX_ENTRIES) this.queriesByHash.clear();
        this.queriesByHash.set(known.hash, query);
      }
    }
    return known;
  }

  // Sees the answer Apollo sends: keeps a clean catalog answer (when cacheable), and makes a clean
  // GET answer public with its ETag, or 304 when the client already holds it.
  private interceptAnswer(req: Request, res: Response, cacheKey: string | null): void {
    const isGet = req.method === 'GET';
    if (!isGet && !cacheKey) return;
    const generation = this.catalog.generation;
    // The send this wraps is looked up when called: in the lane, `res` becomes Express's only after this.
    const wrapped = Object.hasOwn(res, 'send') ? res.send : undefined;
    const send = (payload?: unknown): Response => (wrapped ?? (Object.getPrototypeOf(res) as Response).send).call(res, payload);
    res.send = (payload?: unknown) => {
      if (res.statusCode !== 200 || typeof payload !== 'string' || !isCleanAnswer(payload)) {
        if (isGet) res.setHeader('Cache-Control', 'private, no-store');
        return send(payload);
      }
      const etag = strongEtag(payload);
      if (cacheKey) this.store(cacheKey, generation, Buffer.from(payload), etag);
      if (isGet && consumerKeyOf(req)) {
        this.markPublic(res, etag);
        if (isNotModified(req, etag)) {
          res.removeHeader('Content-Type');
          res.statusCode = 304;
          res.end();
          return res;
        }
      }
      return send(payload);
    };
  }
}
