import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { GraphqlWsServer } from '../../common/graphql-ws-options.js';
import { AppLifecycle } from './app-lifecycle.js';

export interface ShutdownOptions {
  /** How long readiness fails before the server stops taking connections (the balancer's probe interval). */
  drainMs: number;
  /** The longest in-flight requests get to finish before their connections are cut. */
  timeoutMs: number;
  log?: (message: string) => void;
}

/**
 * Stops an API process without dropping work, in this order: readiness fails (the balancer stops
 * sending), after `drainMs` the server stops taking connections and idle keep-alive ones close,
 * subscriptions are told to reconnect elsewhere, in-flight requests finish (worker long-polls answer
 * "no job" at once), and only then do the modules stop and the database pool close. Nest's own
 * close() alone would destroy the pool while requests still run.
 */
export async function shutDownGracefully(app: INestApplication, { drainMs, timeoutMs, log = () => undefined }: ShutdownOptions): Promise<void> {
  app.get(AppLifecycle).beginShutdown();
  log(`readiness fails now; taking new requests for ${drainMs} ms more`);
  if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
  const server = app.getHttpServer() as Server;
  const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  server.closeIdleConnections();
  await app.get(GraphqlWsServer).closeAll();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    log(`requests still running after ${timeoutMs} ms: closing their connections`);
    server.closeAllConnections();
    await closed;
  }
  log('requests finished; stopping');
  await app.close();
}
