import type { NextFunction, Request, Response } from 'express';
import { requestedUrl, searchParamsOf } from '../../common/bare-http.js';
import { graphqlErrorCodesOf } from './graphql-error-codes.plugin.js';
import type { MetricsService } from './metrics.service.js';

// The operation's name as the client sent it, or as the document's first operation names it.
function operationNameOf(body: unknown): string | null {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string') return operationName;
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? null;
}

// Counts and times every request once it is answered: the route pattern (never the raw path, whose
// ids would make a label per object), for /graphql the operation name and the answer's error codes.
// A request step (common/request-steps.ts): it also counts what the catalog lane answers without Express.
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const isGraphql = requestedUrl(req).startsWith('/graphql');
      const route = isGraphql ? '/graphql' : req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'other';
      // A GET names its operation in the search parameters (catalog reads with persisted queries).
      const operation = isGraphql ? metrics.operationLabel(operationNameOf(req.method === 'GET' ? searchParamsOf(req) : req.body)) : '';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.countRequest({ route, operation, method: req.method, status: res.statusCode, seconds, graphqlErrorCodes: graphqlErrorCodesOf(req) });
    });
    next();
  };
}
