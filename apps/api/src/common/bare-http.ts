import { parse as parseQueryString } from 'node:querystring';
import etag from 'etag';
import type { Request, Response } from 'express';

// What the request steps (common/request-steps.ts) use instead of Express's additions to the
// request and the response, so they answer the same with or without Express.

/** The URL the client asked for: Express rewrites `url` under a mount point, `originalUrl` keeps it. */
export function requestedUrl(req: Request): string {
  return (req as Partial<Request>).originalUrl ?? req.url;
}

/** The search parameters, as Express's `req.query` has them (its default "simple" parser is node:querystring's). */
export function searchParamsOf(req: Request): Record<string, unknown> {
  const parsed = (req as Partial<Request>).query;
  if (parsed) return parsed as Record<string, unknown>;
  const url = requestedUrl(req);
  const start = url.indexOf('?');
  return parseQueryString(start < 0 ? '' : url.slice(start + 1));
}

/**
 * A refusal with a JSON body, byte for byte what Express's res.status(status).json(body) sends:
 * JSON content type, Content-Length, Express's default weak ETag; no body for HEAD. (Only for
 * statuses that are not 2xx, which Express never turns into a 304.)
 */
export function sendJsonRefusal(req: Request, res: Response, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  if (!res.getHeader('ETag')) res.setHeader('ETag', etag(bytes, { weak: true }));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
