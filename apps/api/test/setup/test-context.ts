// Where the run's shared servers are: global-setup.mjs puts them in ATELIER_TEST_SERVERS before
// Jest starts its workers, which inherit it.
export interface TestServersContext {
  adminDatabaseUrl: string;
  templateDatabase: string;
  testRunId: string;
  s3Endpoint: string;
}

let context: TestServersContext | undefined;

/** One fact about the run's servers, e.g. `testContext('s3Endpoint')`. */
export function testContext<K extends keyof TestServersContext>(key: K): TestServersContext[K] {
  if (!context) {
    const json = process.env['ATELIER_TEST_SERVERS'];
    if (!json) throw new Error('ATELIER_TEST_SERVERS is not set: run this test through Jest (its global set-up starts PostgreSQL and the S3 server).');
    context = JSON.parse(json) as TestServersContext;
  }
  return context[key];
}
