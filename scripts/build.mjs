#!/usr/bin/env node
// `npm run build`: what `npm start` builds (the API, the worker and the studio with the libs they
// import), through Nx and its local cache. Extra arguments go to `nx run-many`.
import { spawnSync } from 'node:child_process';
import { nxEnv, startBuildArgs } from './start-build.mjs';

const build = spawnSync('npx', startBuildArgs(process.argv.slice(2)), { stdio: 'inherit', env: nxEnv() });
process.exit(build.status ?? 1);
