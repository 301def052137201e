import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { PinoLogger, type Params } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import type { ApiConfig } from '../config/api-config.js';
import type { RequestStep } from './request-steps.js';

// Probes and scrapes every few seconds would drown the request log.
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const pathOf = (url: string | undefined) => (url ?? '').split('?')[0]!;
// Express rewrites `url` under a mount point; `originalUrl` keeps what was asked for.
const asked = (req: IncomingMessage) => (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;

/**
 * nestjs-pino's settings: one JSON object per line, each request's lines carrying its id (the
 * x-request-id the requestIds middleware chose). Nothing personal is logged: no headers (cookies,
 * tokens, API keys), no client address, no query string, no bodies; only method, path and status.
 */
export function jsonLogParams(config: ApiConfig, destination?: DestinationStream): Params {
  const options = jsonLogOptions(config);
  // Requests are logged by a request step (requestLogs below), not by nestjs-pino's route middleware,
  // so that the catalog lane logs the requests it answers before Express too.
  return { pinoHttp: destination ? [options, destination] : options, forRoutes: [] };
}

function jsonLogOptions(config: ApiConfig): Options {
  return {
    level: config.logs.level,
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; originalUrl?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.originalUrl ?? req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err.name, message: err.message, stack: err.stack }),
    },
    // The API's requests only: the studio's static files are not worth a line each.
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(pathOf(asked(req))) || !/^\/(graphql|v1|schemas)(\/|$|\?)/.test(asked(req) ?? '') },
    customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(asked(req))} ${res.statusCode}`,
    customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(asked(req))} ${res.statusCode}`,
  };
}

/**
 * A request step (common/request-steps.ts) doing what nestjs-pino's middleware did: a line when the
 * request is answered, and the request on every line logged while it runs.
 */
export function requestLogs(config: ApiConfig, destination?: DestinationStream): RequestStep {
  const logRequest = pinoHttp(jsonLogOptions(config), destination);
  const contexts = new PinoLogger(jsonLogParams(config, destination));
  return (req, res, next) => {
    logRequest(req, res);
    contexts.runInContext(next, { bindings: { req } });
  };
}
