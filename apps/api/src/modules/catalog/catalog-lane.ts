import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, NextFunction, Request, Response } from 'express';
import { GRAPHQL_PATH } from '../../common/graphql-ws-options.js';
import { noteHandOn, type RequestStep } from '../../common/request-steps.js';
import { CatalogReadMiddleware } from './catalog-read.middleware.js';

export interface CatalogLaneOptions {
  /** The Express app, which gets every request the lane does not take or does not answer. */
  express: (req: IncomingMessage, res: ServerResponse) => void;
  /** Whether Express names itself in X-Powered-By (it does so before any middleware runs). */
  poweredByHeader: boolean;
  /**
   * The request steps Express runs for POST and GET /graphql before CatalogReadMiddleware, in its
   * order (the JSON body parser first), as the very functions Express runs.
   */
  steps: readonly RequestStep[];
  catalogRead: CatalogReadMiddleware;
}

const isJsonContentType = (type: string | undefined) => type !== undefined && /^application\/json\s*(;|$)/i.test(type);

/**
 * The reads consumer apps send all day: POST /graphql with a JSON body, or GET /graphql with search
 * parameters, with an API key and no studio session. Decided from the request line and headers alone.
 */
export function isCatalogLaneRequest(req: IncomingMessage): boolean {
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string' || !key || req.headers.authorization !== undefined) return false;
  const url = req.url ?? '';
  if (req.method === 'POST') return url === GRAPHQL_PATH && isJsonContentType(req.headers['content-type']);
  return req.method === 'GET' && url.startsWith(`${GRAPHQL_PATH}?`) && !url.includes('#');
}

/**
 * The HTTP server's request listener, in front of Express. A catalog lane request runs the same
 * steps Express would run for it (body, request id, security headers, metrics, request log, API-key
 * rate limit, then CatalogReadMiddleware, which answers from its cache or a compiled plan), on the
 * bare node:http request and response: Express's routing and its request and response objects cost
 * more than a catalog answer's JSON. Whatever the steps pass on (any other query, a refused key,
 * an error to word) goes on to Express, which passes over the steps already run
 * (common/request-steps.ts). Every other request goes to Express as it came.
 */
export function catalogLane({ express, poweredByHeader, steps, catalogRead }: CatalogLaneOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const readCatalog: RequestStep = (req, res, next) => void catalogRead.use(req, res, next).catch(next);
  const lane = [...steps, readCatalog];
  // What Express is told ran, by lane position (CatalogReadMiddleware by its instance).
  const ran = [...steps, catalogRead];
  return (incoming, outgoing) => {
    if (!isCatalogLaneRequest(incoming)) return express(incoming, outgoing);
    const req = incoming as Request;
    const res = outgoing as Response;
    if (poweredByHeader) res.setHeader('X-Powered-By', 'Express');
    let at = 0;
    const next: NextFunction = (error?: unknown) => {
      if (error || at === lane.length) {
        noteHandOn(req, new Set(ran.slice(0, at)), error || undefined);
        express(req, res);
        return;
      }
      const step = lane[at++]!;
      try {
        step(req, res, next);
      } catch (e) {
        next(e);
      }
    };
    next();
  };
}

/**
 * Makes the catalog lane the HTTP server's request listener, in Express's place. `steps` are what
 * Express runs for /graphql before its routes, in its order, as the very functions it runs.
 */
export function putCatalogLaneInFront(app: NestExpressApplication, steps: readonly RequestStep[]): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  const server = app.getHttpServer() as Server;
  if (!server.listeners('request').includes(express)) throw new Error('The HTTP server does not hand its requests to the Express app; the catalog lane cannot go in front of it.');
  server.removeListener('request', express);
  // First, where Express was (listeners added later, such as Apollo's drain plugin, keep seeing every request).
  server.prependListener('request', catalogLane({ express, poweredByHeader: express.enabled('x-powered-by'), steps, catalogRead: app.get(CatalogReadMiddleware) }));
}
