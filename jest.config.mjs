// The whole suite on Jest, in ESM mode (`NODE_OPTIONS=--experimental-vm-modules`, which `npm test`
// sets): our packages are `"type": "module"` and Nest 12 is ESM-only.
// `npx jest path/to/file`, `npx jest --selectProjects api`, `npx jest --watch` (see the README).
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// swc, because Nest's dependency injection needs decorator metadata, which only swc (or tsc) emits.
const swc = (tsx = false) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx },
      transform: {
        legacyDecorator: true,
        decoratorMetadata: true,
        useDefineForClassFields: false,
        ...(tsx ? { react: { runtime: 'automatic' } } : {}),
      },
      target: 'es2023',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// Tests import the libs from source, so no build is needed before `jest`. Our sources import
// siblings with NodeNext's `.js` suffix; the file on disk is `.ts`.
const libs = readdirSync(new URL('./libs', import.meta.url));
const moduleNameMapper = {
  [`^@atelier/(${libs.join('|')})$`]: '<rootDir>/libs/$1/src/index.ts',
  '^@atelier/migrations$': '<rootDir>/migrations/src/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
  // One graphql for every importer (its CommonJS build, the one Nest loads): with two copies,
  // GraphQLScalarType/GraphQLError instances stop matching across them.
  '^graphql$': require.resolve('graphql'),
};

function project(displayName, testMatch, extra = {}) {
  return {
    displayName,
    rootDir: '.',
    testMatch: testMatch.map((glob) => `<rootDir>/${glob}`),
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
    transform: { '^.+\\.ts$': swc() },
    moduleNameMapper,
    modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
    ...extra,
  };
}

// Projects that boot the Nest API against the suite's PostgreSQL and S3 server (started once per run).
const withServers = {
  globalSetup: '<rootDir>/apps/api/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/apps/api/test/setup/global-teardown.mjs',
  setupFilesAfterEnv: ['<rootDir>/testing/slow-test-timeouts.ts'],
};

/** @type {import('jest').Config} */
export default {
  // Two workers on the 2-core CI machine. Jest would run a single worker in its own process (in band),
  // where a test file's leftovers (sockets, timers) keep the run from ending and memory only grows;
  // worker processes are recycled past the memory limit and ended with the run.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1536MB',
  projects: [
    project('libs', ['libs/*/src/**/*.spec.ts']),
    project('worker', ['apps/worker/src/**/*.spec.ts']),
    // The workspace itself: how `npm start` builds (Nx's task graph and inputs).
    project('workspace', ['scripts/**/*.spec.ts']),
    project('api', ['apps/api/src/**/*.spec.ts', 'apps/api/test/**/*.int-spec.ts'], withServers),
    // The examples as a developer runs them (`npm run example:consumer` starts a studio of its own).
    project('examples', ['examples/*/test/**/*.int-spec.ts'], { setupFilesAfterEnv: withServers.setupFilesAfterEnv }),
    project('e2e', ['e2e/**/*.e2e-spec.ts'], { ...withServers, globalSetup: '<rootDir>/e2e/lib/global-setup.mjs' }),
    project('studio', ['apps/studio/src/**/*.spec.ts', 'apps/studio/src/**/*.spec.tsx'], {
      testEnvironment: '<rootDir>/testing/happy-dom-environment.mjs',
      transform: { '^.+\\.ts$': swc(), '^.+\\.tsx$': swc(true) },
      setupFilesAfterEnv: ['<rootDir>/apps/studio/src/test/setup-dom-tests.ts'],
      // Feature style sheets are Vite's to bundle; in component tests they are empty modules.
      moduleNameMapper: { ...moduleNameMapper, '\\.css$': '<rootDir>/testing/empty-module.mjs' },
    }),
  ],
};
