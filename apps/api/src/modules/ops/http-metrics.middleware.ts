import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service.js';

// The operation's name as the client sent it, or as the document's first operation names it.
function operationNameOf(body: unknown): string | null {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string') return operationName;
  if (typeof query !== 'string') return null;
  return /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? null;
}

// Times every API request once it is answered: the route pattern (never the raw path, whose ids
// would make a label per object), and for /graphql the operation name.
export function httpMetrics(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const isGraphql = req.originalUrl.startsWith('/graphql');
      const route = isGraphql ? '/graphql' : req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'other';
      // A GET names its operation in the search parameters (catalog reads with persisted queries).
      const operation = isGraphql ? metrics.operationLabel(operationNameOf(req.method === 'GET' ? req.query : req.body)) : '';
      metrics.httpDuration.observe({ route, operation, method: req.method, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
