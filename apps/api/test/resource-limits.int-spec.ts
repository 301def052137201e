import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadApiConfig } from '../src/config/api-config.js';
import { StorageService } from '../src/modules/asset/storage.service.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// A stuck request must not hold PostgreSQL connections and locks, or hang on storage, for everyone.
describe('resource limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: '1500', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '2500' });
  });
  afterAll(() => t?.close());

  it('gives the API pool a statement timeout and an idle-in-transaction timeout', async () => {
    const [{ statement_timeout }] = await t.dataSource.query(`SHOW statement_timeout`);
    const [{ idle_in_transaction_session_timeout }] = await t.dataSource.query(`SHOW idle_in_transaction_session_timeout`);
    expect([statement_timeout, idle_in_transaction_session_timeout]).toEqual(['1500ms', '2500ms']);
    await expect(t.dataSource.query(`SELECT pg_sleep(3)`)).rejects.toThrow(/statement timeout/);
  });

  it('fails a storage request that gets no answer instead of hanging', async () => {
    // A "storage server" that accepts connections and never answers.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const config = loadApiConfig({ ATELIER_ENV: 'test', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 'secret-key', S3_IDLE_TIMEOUT_MS: '300' });
      const storage = new StorageService(config);
      const started = Date.now();
      await expect(storage.statSize('anything')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
