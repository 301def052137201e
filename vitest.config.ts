import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Tests import the libs from source, so no build is needed before `vitest`.
const alias = Object.fromEntries(
  readdirSync(new URL('./libs', import.meta.url)).map((name) => [`@atelier/${name}`, fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url))]),
);

// Node loads graphql's CommonJS build (Nest does too); Vite would pick its ESM build for our
// sources, and then GraphQLScalarType/GraphQLError instances stop matching across the two copies.
const singleGraphql = [{ find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) }];

// Nest's dependency injection needs decorator metadata, which only swc emits (not oxc/esbuild).
const nestDecorators = () =>
  swc.vite({
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
    },
  });

// Projects that boot the Nest API against the suite's PostgreSQL and S3 server.
function nestProject(name: string, include: string[]) {
  return {
    oxc: false as const,
    resolve: { alias: [...Object.entries(alias).map(([find, replacement]) => ({ find, replacement })), ...singleGraphql] },
    plugins: [nestDecorators()],
    test: { name, environment: 'node', include, globalSetup: ['apps/api/test/setup/global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'libs', environment: 'node', include: ['libs/*/src/**/*.spec.ts'] },
      },
      {
        resolve: { alias },
        test: { name: 'worker', environment: 'node', include: ['apps/worker/src/**/*.spec.ts'] },
      },
      nestProject('api', ['apps/api/src/**/*.spec.ts', 'apps/api/test/**/*.int-spec.ts']),
      nestProject('e2e', ['e2e/**/*.e2e-spec.ts']),
      {
        resolve: { alias },
        plugins: [react()],
        test: { name: 'studio', environment: 'happy-dom', include: ['apps/studio/src/**/*.spec.{ts,tsx}'] },
      },
    ],
  },
});
