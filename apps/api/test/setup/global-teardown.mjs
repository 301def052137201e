// Stops the servers global-setup.mjs started. Jest runs global teardowns after every project's tests
// have finished, and runs one file once even when several projects name it, so the first call stops them.
export default async function globalTeardown() {
  const servers = globalThis.atelierTestServers;
  if (!servers) return;
  globalThis.atelierTestServers = undefined;
  for (const cleanup of servers.cleanups) await cleanup();
}
