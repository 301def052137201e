import type { NextFunction, Request, Response } from 'express';

// What every request goes through before its handler (its id, security headers, metrics, request
// logs, the API-key rate limit, the catalog's reads) runs as Express middleware, and also before
// Express, on the bare node:http request and response: the catalog lane
// (modules/catalog/catalog-lane.ts) runs the same steps for the reads consumer apps send all day,
// and hands on to Express whatever it does not answer. Each step therefore uses only what node:http
// offers (not res.status, res.json, req.query, req.originalUrl), and runs once per request:
// Express passes over the steps the lane already ran.

/** A middleware that also works on node:http's own request and response. */
export type RequestStep = (req: Request, res: Response, next: NextFunction) => void;

const handedOn = Symbol('atelier.handedOnToExpress');

interface HandOn {
  ran: ReadonlySet<object>;
  // An error a step passed on in the lane (a body that is not JSON, a failing check).
  error?: { value: unknown };
}

type HandedOnRequest = Request & { [handedOn]?: HandOn };

/** True when `step` (a step function, or a middleware instance) already ran for this request in the lane. */
export function ranBeforeExpress(req: Request, step: object): boolean {
  return (req as HandedOnRequest)[handedOn]?.ran.has(step) === true;
}

/** Express's copy of a step: passed over when the lane already ran it for this request. */
export function unlessRanBeforeExpress(step: RequestStep): RequestStep {
  return (req, res, next) => (ranBeforeExpress(req, step) ? next() : step(req, res, next));
}

/** Notes what the lane ran, and the error a step passed on, before Express takes the request. */
export function noteHandOn(req: Request, ran: ReadonlySet<object>, error?: unknown): void {
  (req as HandedOnRequest)[handedOn] = { ran, ...(error === undefined ? {} : { error: { value: error } }) };
}

/**
 * Express's first middleware: an error a step passed on in the lane goes on to Express's error
 * handling from here, as it would have from that step's place in Express (every step before the
 * first route is a plain middleware, which an error passes over).
 */
export function resumeHandOnError(): RequestStep {
  return (req, _res, next) => {
    const error = (req as HandedOnRequest)[handedOn]?.error;
    if (error) next(error.value);
    else next();
  };
}
