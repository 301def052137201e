// The build `npm start` (and `npm run build`) runs: Nx builds these projects, each after the libs it
// imports (`dependsOn: ["^build"]` in nx.json), and takes a project whose inputs did not change from
// its local cache (.nx/cache). The studio's inputs include its libs' sources (`^production`), so a
// change in libs/editor-core or libs/scene-maps rebuilds the studio bundle.
export const START_PROJECTS = ['@atelier/api', '@atelier/worker', '@atelier/studio'];

/** Arguments for `npx`: the Nx command that builds what `npm start` runs. */
export function startBuildArgs(extra = []) {
  return ['nx', 'run-many', '--targets=build', `--projects=${START_PROJECTS.join(',')}`, ...extra];
}

// No background Nx daemon is left behind by a start or a build; set NX_DAEMON=true to use one.
export function nxEnv(env = process.env) {
  return { ...env, NX_DAEMON: env['NX_DAEMON'] ?? 'false', NX_NO_CLOUD: 'true' };
}
