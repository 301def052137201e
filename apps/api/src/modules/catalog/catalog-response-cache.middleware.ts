import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Kind, parse, type DocumentNode } from 'graphql';
import { ApiKeyService } from '../api-key/api-key.service.js';
import { CatalogService } from './catalog.service.js';

const TTL_MS = 5_000;
const MAX_ENTRIES = 200;
const MAX_QUERY_LENGTH = 10_000;

interface Entry {
  body: Buffer;
  generation: number;
  until: number;
}

// True for a query whose every root field is the public catalog: its answer is the same for every
// consumer app and changes only when something is published, unpublished or rolled back.
function isCatalogOnlyQuery(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION)) return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === 'catalog' || s.name.value === 'catalogVersion') && !s.directives?.length);
}

// Serves repeated catalog queries from their serialized answer, skipping GraphQL execution and
// JSON encoding: consumer apps ask the same few queries all day. Each hit still checks the API
// key (from ApiKeyService's short cache); entries expire after TTL_MS and are dropped at once when
// this process changes the catalog.
@Injectable()
export class CatalogResponseCacheMiddleware implements NestMiddleware {
  private readonly entries = new Map<string, Entry>();
  private readonly cacheableQueries = new Map<string, boolean>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    const presentedKey = req.headers['x-api-key'];
    if (req.method !== 'POST' || typeof presentedKey !== 'string' || req.headers.authorization || typeof body?.query !== 'string' || !this.isCacheable(body.query, body.operationName)) {
      return next();
    }
    const key = JSON.stringify([body.query, body.operationName ?? null, body.variables ?? null]);
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.catalog.generation && hit.until > Date.now()) {
      const principal = await this.apiKeys.verify(presentedKey).catch(() => null);
      // A bad or out-of-scope key takes the normal path, which answers with the right error.
      if (!principal?.scopes.includes('catalog:read')) return next();
      res.status(200).type('application/json; charset=utf-8').end(hit.body);
      return;
    }
    this.captureInto(key, res);
    next();
  }

  private isCacheable(query: string, operationName: unknown): boolean {
    if (query.length > MAX_QUERY_LENGTH || (operationName !== undefined && operationName !== null && typeof operationName !== 'string')) return false;
    const memo = `${operationName ?? ''}\u0000${query}`;
    let cacheable = this.cacheableQueries.get(memo);
    if (cacheable === undefined) {
      try {
        cacheable = isCatalogOnlyQuery(parse(query), (operationName as string | null) ?? undefined);
      } catch {
        cacheable = false;
      }
      if (this.cacheableQueries.size >= MAX_ENTRIES) this.cacheableQueries.clear();
      this.cacheableQueries.set(memo, cacheable);
    }
    return cacheable;
  }

  // Keeps the answer the normal path sends, when it is a clean 200 with data and no errors.
  private captureInto(key: string, res: Response): void {
    const generation = this.catalog.generation;
    const send = res.send.bind(res);
    res.send = (payload?: unknown) => {
      if (res.statusCode === 200 && typeof payload === 'string' && generation === this.catalog.generation) {
        const parsed = JSON.parse(payload) as { data?: unknown; errors?: unknown };
        if (parsed.data && !parsed.errors) {
          this.entries.delete(key);
          if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
          this.entries.set(key, { body: Buffer.from(payload), generation, until: Date.now() + TTL_MS });
        }
      }
      return send(payload);
    };
  }
}
