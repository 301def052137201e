import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';
// What a caller's (or a proxy's) request id may look like to be kept; anything else gets a new one.
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request this code runs for (null outside one, e.g. in a timer). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/**
 * Gives every request an id: the caller's `x-request-id` when it is a sane token, else a new UUID.
 * It is returned in the same header, names the request in the logs, and is the `reference` of an
 * INTERNAL error, so a person quoting it leads straight to the log lines.
 */
export function requestIds() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && VALID_REQUEST_ID.test(given) ? given : randomUUID();
    (req as Request & { id: string }).id = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    storage.run({ requestId }, next);
  };
}
