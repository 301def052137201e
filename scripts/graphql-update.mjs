#!/usr/bin/env node
// `npm run graphql:update`: after a change to the API's GraphQL schema, rewrite apps/api/schema.graphql
// from the live schema (through the API's contract test) and regenerate the studio's types from it.
import { spawnSync } from 'node:child_process';

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npx', ['tsc', '-b', 'apps/api']);
run('npx', ['jest', 'apps/api/test/graphql-contract.int-spec.ts', '--selectProjects', 'api', '-t', 'matches the committed schema file'], { env: { ...process.env, UPDATE_SCHEMA: '1' } });
run('npx', ['graphql-codegen', '--config', 'codegen.ts'], { cwd: 'apps/studio' });
console.log('apps/api/schema.graphql and apps/studio/src/gql are up to date; commit them.');
